#pragma once
// The workflow runtime. One transition = one database transaction: the instance row under
// optimistic locking (its revision), an append-only history row, the outbox rows of its actions
// and the timers of the state it enters. Guards ask a GuardEvaluator; actions run after commit.
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "alin/outbox/outbox.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"
#include "alin/workflow/definition.hpp"

namespace alin::workflow {

struct Actor {
  std::string role;  // applicant, adviser, company, landlord, system
  std::string id;    // the account, when there is one
};

// What a guard answers: allowed or not, and why (reasons as the rules give them).
struct GuardOutcome {
  bool allowed = false;
  nlohmann::json reasons = nlohmann::json::array();
};

class GuardEvaluator {
 public:
  virtual ~GuardEvaluator() = default;
  // Evaluated inside the transition's transaction, so a guard may read the store.
  virtual Result<GuardOutcome> evaluate(const std::string& guard, const nlohmann::json& context,
                                        soci::session& sql) = 0;
};

struct Instance {
  std::string id;
  std::string definition;
  int version = 1;
  std::string definition_hash;
  std::string subject_id;  // the request, offer or application it drives
  std::string state;
  int revision = 0;
  nlohmann::json context = nlohmann::json::object();
  UnixSeconds entered_at = 0;
};

struct HistoryEntry {
  int revision = 0;
  UnixSeconds at = 0;
  std::string actor, actor_id, event, from, to, guard;
  nlohmann::json reasons;
};

// Renders an email action ("email.<template>") as the effect that sends it, written with the
// transition; nullopt when there is nothing to send (no recipient).
using EmailRenderer = std::function<std::optional<outbox::NewEffect>(
    const std::string& template_name, const Instance& instance, UnixSeconds now)>;

// Called inside a transition's transaction (and a start's, with event "start" and from ""),
// after the instance row and its history: how a domain row mirrors its workflow's state (an
// application's step, an offer's state) and changes other rows atomically with it. An error rolls
// the whole transition back.
using TransitionObserver = std::function<Status(soci::session& sql, const Instance& instance,
                                                const std::string& event, const std::string& from)>;

class Engine {
 public:
  Engine(store::Database& database, const Clock& clock, GuardEvaluator& guards,
         EmailRenderer email = {});

  // Loads every workflows/*.json against `vocabulary`; an error lists each fault with file and
  // path.
  Status load_directory(const std::string& directory, const Vocabulary& vocabulary);
  void add(std::shared_ptr<const Definition> definition);
  // The newest version of a definition, or a given one (an instance keeps the version it started
  // on).
  std::shared_ptr<const Definition> find(const std::string& name,
                                         std::optional<int> version = std::nullopt) const;
  std::vector<std::shared_ptr<const Definition>> definitions() const;

  // In the caller's transaction, for use cases that change other rows with it.
  Result<Instance> start(soci::session& sql, const std::string& name, const std::string& subject_id,
                         const nlohmann::json& context, const Actor& actor);
  // `expected_revision`: the revision the caller saw; a different one is a conflict.
  Result<Instance> fire(soci::session& sql, const std::string& instance_id,
                        const std::string& event, const Actor& actor,
                        const nlohmann::json& context_patch = nlohmann::json::object(),
                        std::optional<int> expected_revision = std::nullopt);

  // Each in its own transaction.
  Result<Instance> start(const std::string& name, const std::string& subject_id,
                         const nlohmann::json& context, const Actor& actor);
  Result<Instance> fire(const std::string& instance_id, const std::string& event,
                        const Actor& actor,
                        const nlohmann::json& context_patch = nlohmann::json::object(),
                        std::optional<int> expected_revision = std::nullopt);

  // Observers of a definition's transitions, by definition name; registered before serving.
  void observe(const std::string& definition, TransitionObserver observer);

  Result<Instance> get(const std::string& instance_id) const;
  Result<Instance> of_subject(const std::string& definition, const std::string& subject_id) const;
  std::vector<HistoryEntry> history(const std::string& instance_id) const;

  // Claims the due timers (a lease; SKIP LOCKED on PostgreSQL) and fires their events as the
  // system. Returns how many fired. A timer whose state was left is dropped.
  int run_due_timers(int batch = 64);
  // A timer whose guard refuses is asked again this much later.
  static constexpr UnixSeconds kGuardRetrySeconds = 86400;

 private:
  Status notify(soci::session& sql, const Instance& instance, const std::string& event,
                const std::string& from) const;
  void schedule_timers(soci::session& sql, const Definition& definition, const Instance& instance);

  store::Database& database_;
  const Clock& clock_;
  GuardEvaluator& guards_;
  EmailRenderer email_;
  std::map<std::pair<std::string, int>, std::shared_ptr<const Definition>> definitions_;
  std::map<std::string, std::vector<TransitionObserver>> observers_;
};

nlohmann::json to_json(const Instance& instance);
nlohmann::json to_json(const HistoryEntry& entry);

}  // namespace alin::workflow
