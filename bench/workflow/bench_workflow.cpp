// Durable transitions per second (instance row under optimistic lock + history row + outbox row,
// one transaction each) next to the raw rate of one-row committed inserts on the same database,
// with 1 and 8 concurrent clients, the two alternating in half-second slices. Usage:
// bench_workflow CONNECTION [SECONDS per case]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "alin/store/database.hpp"
#include "alin/store/prepared.hpp"
#include "alin/util/crypto.hpp"
#include "alin/workflow/email_templates.hpp"
#include "alin/workflow/engine.hpp"
#include "alin/workflow/store_guards.hpp"

using namespace alin;

namespace {

class AllowAll final : public workflow::GuardEvaluator {
 public:
  Result<workflow::GuardOutcome> evaluate(const std::string&, const nlohmann::json&,
                                          soci::session&) override {
    return workflow::GuardOutcome{true, nlohmann::json::array()};
  }
};

// The raw baseline's one-row insert, prepared once per connection like a transition's statements,
// so that the two differ only in what they write.
struct InsertRaw final : store::PreparedStatement {
  std::string id;
  long long at = 0;
  soci::statement statement;
  explicit InsertRaw(soci::session& sql)
      : statement((sql.prepare << "INSERT INTO bench_raw (id, at) VALUES (:id, :at)", soci::use(id),
                   soci::use(at))) {}
};

// Operations done and the time they took, over the slices of one case.
struct Rate {
  long done = 0;
  double seconds = 0;
  double per_second() const { return seconds > 0 ? done / seconds : 0; }
};

// Runs `work(client)` from `clients` threads for `seconds`, adding to `rate`.
template <typename Work>
void run_slice(int clients, double seconds, Work& work, Rate& rate) {
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      while (!stop) {
        work(c);
        ++done;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  rate.done += done;
  rate.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_workflow CONNECTION [SECONDS]\n");
    return 2;
  }
  crypto::initialise();
  const double seconds = argc > 2 ? std::atof(argv[2]) : 5.0;
  store::Database db({argv[1], 9});
  db.migrate();
  db.write([](soci::session& sql) {
    sql << "CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, at BIGINT NOT NULL)";
  });

  SystemClock clock;
  AllowAll guards;
  auto templates =
      workflow::EmailTemplates::load(std::string(ALIN_SOURCE_DIR) + "/workflows/emails/fr.json");
  workflow::Engine engine(db, clock, guards, templates->renderer());
  workflow::Vocabulary vocabulary;
  vocabulary.guards = workflow::StoreGuards::names();
  vocabulary.actions = templates->action_names();
  for (const auto& effect : workflow::kernel_effects()) vocabulary.actions.insert(effect);
  if (!engine.load_directory(std::string(ALIN_SOURCE_DIR) + "/workflows", vocabulary)) return 1;

  std::printf(
      "| clients | raw one-row commits/s | durable transitions/s | ratio | ratio per slice "
      "|\n|---:|---:|---:|---:|---:|\n");
  // Each client walks applications through the seven steps: every transition writes the
  // instance (optimistic lock), a history row and the step's email (an outbox row); "transmit"
  // adds the landlord effect's outbox row.
  static const std::vector<std::pair<std::string, std::string>> kJourney = {
      {"validate", "adviser"},  {"transmit", "system"},
      {"contact", "landlord"},  {"schedule_committee", "landlord"},
      {"allocate", "landlord"}, {"sign_lease", "landlord"}};
  for (int clients : {1, 8}) {
    auto raw_commit = [&](int) {
      db.write([&](soci::session& sql) {
        InsertRaw& insert = store::prepared<InsertRaw>(sql);
        insert.id = crypto::new_id();
        insert.at = clock.now();
        insert.statement.execute(true);
      });
    };
    std::vector<std::string> current(clients);
    std::vector<std::size_t> step(clients, 0);
    auto transition = [&](int c) {
      const std::size_t at = step[c]++ % (kJourney.size() + 1);
      if (at == 0) {
        auto started = engine.start(
            "application", crypto::new_id(),
            {{"email", "bench@example.fr"}, {"firstName", "Léa"}, {"offerReference", "B-1"}},
            {"applicant", ""});
        current[c] = started->id;
        return;
      }
      auto fired = engine.fire(current[c], kJourney[at - 1].first, {kJourney[at - 1].second, ""});
      if (!fired) std::fprintf(stderr, "transition failed: %s\n", fired.error().title.c_str());
    };
    // The two alternate in half-second slices, so that a change in the disk's flush time (other
    // work on the machine) weighs on both alike instead of on whichever ran at the time.
    Rate raw, transitions;
    double lowest = 1e9, highest = 0;
    const int slices = std::max(1, static_cast<int>(seconds / 0.5));
    for (int slice = 0; slice < slices; ++slice) {
      Rate raw_slice, transitions_slice;
      run_slice(clients, seconds / slices, raw_commit, raw_slice);
      run_slice(clients, seconds / slices, transition, transitions_slice);
      const double ratio = transitions_slice.per_second() / raw_slice.per_second();
      lowest = std::min(lowest, ratio);
      highest = std::max(highest, ratio);
      raw.done += raw_slice.done;
      raw.seconds += raw_slice.seconds;
      transitions.done += transitions_slice.done;
      transitions.seconds += transitions_slice.seconds;
    }
    std::printf("| %d | %.0f | %.0f | %.2f | %.2f–%.2f |\n", clients, raw.per_second(),
                transitions.per_second(), transitions.per_second() / raw.per_second(), lowest,
                highest);
  }
  return 0;
}
