#pragma once
// The outbox: effects (emails, landlord transmissions, plugin hooks) are written as rows in the
// same transaction as the change that causes them, then run after commit, at least once, each with
// an idempotency key its handler can use to ignore a repeat.
#include <soci/soci.h>

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/periodic_worker.hpp"

namespace alin::outbox {

struct Effect {
  std::string topic;            // e.g. "email.send"
  std::string idempotency_key;  // unique per effect, e.g. "email:<id>": its row's id
  nlohmann::json payload;
  int attempts = 0;  // attempts made before this one
};

// An effect about to be written: its payload already serialized, so that a caller may hand it
// to a statement of its own (the workflow engine's, on PostgreSQL) instead of enqueue().
struct NewEffect {
  std::string topic;
  std::string idempotency_key;
  std::string payload;  // JSON text
};

// Writes one effect in the caller's transaction. A second effect with the same key is ignored,
// so a retried use case never doubles its effects.
void enqueue(soci::session& sql, const NewEffect& effect, UnixSeconds now);
void enqueue(soci::session& sql, const std::string& topic, const std::string& idempotency_key,
             const nlohmann::json& payload, UnixSeconds now);

struct DispatcherOptions {
  std::chrono::milliseconds poll_interval{500};
  int batch_size = 32;
  int max_attempts = 8;               // then the effect is parked as an incident
  UnixSeconds first_retry_delay = 5;  // doubled at each failure
  UnixSeconds lease_seconds = 60;  // how long a claimed effect is ours before another may take it
};

// Runs due effects through the handler registered for their topic. A handler throws to say the
// effect failed; it is retried with exponential backoff, then parked.
class Dispatcher {
 public:
  using Handler = std::function<void(const Effect&)>;

  Dispatcher(store::Database& database, const Clock& clock, DispatcherOptions options = {});
  ~Dispatcher();

  void register_handler(const std::string& topic, Handler handler);

  // Claims and runs one batch of due effects; returns how many were run (successfully or not).
  int run_once();
  // A background thread that calls run_once every poll interval, or sooner after notify().
  void start();
  void stop();
  void notify();

 private:
  std::vector<Effect> claim();
  void finish(const Effect& effect, const std::string* error);

  store::Database& database_;
  const Clock& clock_;
  DispatcherOptions options_;
  std::map<std::string, Handler> handlers_;
  PeriodicWorker worker_;
};

}  // namespace alin::outbox

namespace alin::outbox {

// An effect that failed every attempt and was parked: support lists them and sends them again.
struct Incident {
  std::string id, topic, idempotency_key, last_error;  // id: the idempotency key
  int attempts = 0;
  UnixSeconds created_at = 0;
};

std::vector<Incident> incidents(soci::session& sql, int limit);
// Puts a parked effect back in line, due now; false when no parked effect has this id.
bool retry_incident(soci::session& sql, const std::string& id, UnixSeconds now);

}  // namespace alin::outbox
