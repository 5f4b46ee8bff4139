#include "alin/outbox/outbox.hpp"

#include "alin/store/prepared.hpp"

namespace alin::outbox {

namespace {

// Prepared once per connection (store/prepared.hpp): every transition writes one or more.
struct InsertEffect final : store::PreparedStatement {
  std::string idempotency_key, topic, payload;
  long long at = 0;
  soci::statement statement;
  explicit InsertEffect(soci::session& sql)
      // A repeated key is a no-op: one statement, no read before the write.
      : statement((sql.prepare << "INSERT INTO outbox (id, topic, payload, state, attempts,"
                                  " next_attempt_at, created_at)"
                                  " VALUES (:key, :topic, :payload, 'pending', 0, :next, :created)"
                                  " ON CONFLICT (id) DO NOTHING",
                   soci::use(idempotency_key), soci::use(topic), soci::use(payload), soci::use(at),
                   soci::use(at))) {}
};

}  // namespace

void enqueue(soci::session& sql, const NewEffect& effect, UnixSeconds now) {
  InsertEffect& insert = store::prepared<InsertEffect>(sql);
  insert.topic = effect.topic;
  insert.idempotency_key = effect.idempotency_key;
  insert.payload = effect.payload;
  insert.at = now;
  insert.statement.execute(true);
}

void enqueue(soci::session& sql, const std::string& topic, const std::string& idempotency_key,
             const nlohmann::json& payload, UnixSeconds now) {
  enqueue(sql, NewEffect{topic, idempotency_key, payload.dump()}, now);
}

Dispatcher::Dispatcher(store::Database& database, const Clock& clock, DispatcherOptions options)
    : database_(database),
      clock_(clock),
      options_(options),
      worker_("outbox", options.poll_interval,
              [this] { return run_once() == options_.batch_size; }) {}

Dispatcher::~Dispatcher() {
  stop();
}

void Dispatcher::register_handler(const std::string& topic, Handler handler) {
  handlers_[topic] = std::move(handler);
}

std::vector<Effect> Dispatcher::claim() {
  const long long now = clock_.now();
  const long long lease_end = now + options_.lease_seconds;
  const bool postgres = database_.backend() == store::Backend::postgresql;
  return database_.write([&](soci::session& sql) {
    // PostgreSQL: several hosts may claim at once, SKIP LOCKED hands each a disjoint batch.
    // SQLite: the write transaction already excludes every other claimer.
    const std::string query =
        "SELECT id, topic, payload, attempts FROM outbox"
        " WHERE state = 'pending' AND next_attempt_at <= :now"
        " AND (claimed_until IS NULL OR claimed_until < :now2)"
        " ORDER BY next_attempt_at LIMIT " +
        std::to_string(options_.batch_size) + (postgres ? " FOR UPDATE SKIP LOCKED" : "");
    soci::rowset<soci::row> rows = (sql.prepare << query, soci::use(now), soci::use(now));
    std::vector<Effect> effects;
    for (const soci::row& row : rows) {
      Effect effect;
      effect.idempotency_key = row.get<std::string>(0);
      effect.topic = row.get<std::string>(1);
      effect.payload = nlohmann::json::parse(row.get<std::string>(2), nullptr, false);
      effect.attempts = row.get<int>(3);
      effects.push_back(std::move(effect));
    }
    for (const Effect& effect : effects) {
      sql << "UPDATE outbox SET claimed_until = :until WHERE id = :id", soci::use(lease_end),
          soci::use(effect.idempotency_key);
    }
    return effects;
  });
}

void Dispatcher::finish(const Effect& effect, const std::string* error) {
  const long long now = clock_.now();
  database_.write([&](soci::session& sql) {
    if (error == nullptr) {
      sql << "UPDATE outbox SET state = 'done', done_at = :now, attempts = attempts + 1,"
             " claimed_until = NULL, last_error = NULL WHERE id = :id",
          soci::use(now), soci::use(effect.idempotency_key);
      return;
    }
    const int attempts = effect.attempts + 1;
    const std::string state = attempts >= options_.max_attempts ? "parked" : "pending";
    const long long delay = options_.first_retry_delay << std::min(attempts - 1, 20);
    const long long next = now + delay;
    sql << "UPDATE outbox SET state = :state, attempts = :attempts, next_attempt_at = :next,"
           " claimed_until = NULL, last_error = :error WHERE id = :id",
        soci::use(state), soci::use(attempts), soci::use(next), soci::use(*error),
        soci::use(effect.idempotency_key);
  });
}

int Dispatcher::run_once() {
  const std::vector<Effect> effects = claim();
  for (const Effect& effect : effects) {
    const auto handler = handlers_.find(effect.topic);
    if (handler == handlers_.end()) {
      const std::string error = "no handler for topic " + effect.topic;
      finish(effect, &error);
      continue;
    }
    try {
      handler->second(effect);
      finish(effect, nullptr);
    } catch (const std::exception& e) {
      const std::string error = e.what();
      finish(effect, &error);
    }
  }
  return static_cast<int>(effects.size());
}

void Dispatcher::start() {
  worker_.start();
}
void Dispatcher::stop() {
  worker_.stop();
}
void Dispatcher::notify() {
  worker_.notify();
}

}  // namespace alin::outbox

namespace alin::outbox {

std::vector<Incident> incidents(soci::session& sql, int limit) {
  std::vector<Incident> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, topic, last_error, attempts, created_at FROM outbox"
                      " WHERE state = 'parked' ORDER BY created_at, id LIMIT " +
                          std::to_string(limit));
  for (const soci::row& r : rows) {
    Incident i;
    i.id = r.get<std::string>(0);
    i.topic = r.get<std::string>(1);
    i.idempotency_key = i.id;
    if (r.get_indicator(2) == soci::i_ok) i.last_error = r.get<std::string>(2);
    i.attempts = r.get<int>(3);
    i.created_at = r.get<long long>(4);
    out.push_back(std::move(i));
  }
  return out;
}

bool retry_incident(soci::session& sql, const std::string& id, UnixSeconds now) {
  const long long at = now;
  soci::statement update =
      (sql.prepare << "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = :n,"
                      " claimed_until = NULL WHERE id = :id AND state = 'parked'",
       soci::use(at), soci::use(id));
  update.execute(true);
  return update.get_affected_rows() == 1;
}

}  // namespace alin::outbox
