// Durable transitions per second (instance row under optimistic lock + history row + outbox row,
// one transaction each) next to the raw rate of one-row committed inserts on the same database,
// with 1 and 8 concurrent clients. Usage: bench_workflow CONNECTION [SECONDS]
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

// Runs `work(client, i)` from `clients` threads for `seconds`; returns operations per second.
template <typename Work>
double measure(int clients, double seconds, Work work) {
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (long i = 0; !stop; ++i) {
        work(c, i);
        ++done;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  return done / std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
      "| clients | raw one-row commits/s | durable transitions/s | ratio "
      "|\n|---:|---:|---:|---:|\n");
  for (int clients : {1, 8}) {
    const double raw = measure(clients, seconds, [&](int, long) {
      db.write([&](soci::session& sql) {
        InsertRaw& insert = store::prepared<InsertRaw>(sql);
        insert.id = crypto::new_id();
        insert.at = clock.now();
        insert.statement.execute(true);
      });
    });
    // Each client walks applications through the seven steps: every transition writes the
    // instance (optimistic lock), a history row, an email and its outbox row; "transmit" adds the
    // landlord effect's outbox row.
    static const std::vector<std::pair<std::string, std::string>> kJourney = {
        {"validate", "adviser"},  {"transmit", "system"},
        {"contact", "landlord"},  {"schedule_committee", "landlord"},
        {"allocate", "landlord"}, {"sign_lease", "landlord"}};
    std::vector<std::string> current(clients);
    const double transitions = measure(clients, seconds, [&](int c, long i) {
      const std::size_t step = static_cast<std::size_t>(i) % (kJourney.size() + 1);
      if (step == 0) {
        auto started = engine.start(
            "application", crypto::new_id(),
            {{"email", "bench@example.fr"}, {"firstName", "Léa"}, {"offerReference", "B-1"}},
            {"applicant", ""});
        current[c] = started->id;
        return;
      }
      auto fired =
          engine.fire(current[c], kJourney[step - 1].first, {kJourney[step - 1].second, ""});
      if (!fired) std::fprintf(stderr, "transition failed: %s\n", fired.error().title.c_str());
    });
    std::printf("| %d | %.0f | %.0f | %.2f |\n", clients, raw, transitions, transitions / raw);
  }
  return 0;
}
