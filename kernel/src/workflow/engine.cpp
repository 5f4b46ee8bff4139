#include "alin/workflow/engine.hpp"

#include <filesystem>
#include <memory>

#include "alin/outbox/outbox.hpp"
#include "alin/store/prepared.hpp"
#include "alin/util/crypto.hpp"

namespace alin::workflow {
namespace {

Error conflict(const std::string& title) {
  return Error::of(ErrorKind::conflict, "workflow_conflict", title);
}

constexpr const char* kSelectInstance =
    "SELECT id, definition, version, definition_hash, subject_id, state, revision, context,"
    " entered_at FROM workflow_instances WHERE ";

Instance with_context(Instance i, const std::string& context) {
  i.context = nlohmann::json::parse(context, nullptr, false);
  if (i.context.is_discarded()) i.context = nlohmann::json::object();
  return i;
}

std::optional<Instance> select_instance_of(soci::session& sql, const std::string& definition,
                                           const std::string& subject_id) {
  Instance i;
  std::string context;
  sql << std::string(kSelectInstance) + "definition = :d AND subject_id = :s",
      soci::use(definition), soci::use(subject_id), soci::into(i.id), soci::into(i.definition),
      soci::into(i.version), soci::into(i.definition_hash), soci::into(i.subject_id),
      soci::into(i.state), soci::into(i.revision), soci::into(context), soci::into(i.entered_at);
  if (!sql.got_data()) return std::nullopt;
  return with_context(std::move(i), context);
}

// The statements of a transition, prepared once per connection (store/prepared.hpp): with them
// re-prepared, parsing and planning were a good part of a transition's time on SQLite.

struct SelectInstanceById final : store::PreparedStatement {
  std::string id, context;
  Instance row;
  soci::statement statement;
  explicit SelectInstanceById(soci::session& sql)
      : statement((sql.prepare << std::string(kSelectInstance) + "id = :id", soci::use(id),
                   soci::into(row.id), soci::into(row.definition), soci::into(row.version),
                   soci::into(row.definition_hash), soci::into(row.subject_id),
                   soci::into(row.state), soci::into(row.revision), soci::into(context),
                   soci::into(row.entered_at))) {}

  std::optional<Instance> run(const std::string& instance_id) {
    id = instance_id;
    if (!statement.execute(true)) return std::nullopt;
    // Step past the one row, so that SQLite ends the statement instead of keeping its read open.
    statement.fetch();
    return with_context(row, context);
  }
};

struct InsertInstance final : store::PreparedStatement {
  Instance row;
  std::string context;
  soci::statement statement;
  explicit InsertInstance(soci::session& sql)
      : statement((sql.prepare << "INSERT INTO workflow_instances (id, definition, version,"
                                  " definition_hash, subject_id, state, revision, context,"
                                  " entered_at, created_at, updated_at)"
                                  " VALUES (:id, :d, :v, :h, :s, :state, 1, :c, :e, :cr, :u)"
                                  " ON CONFLICT (definition, subject_id) DO NOTHING",
                   soci::use(row.id), soci::use(row.definition), soci::use(row.version),
                   soci::use(row.definition_hash), soci::use(row.subject_id), soci::use(row.state),
                   soci::use(context), soci::use(row.entered_at), soci::use(row.entered_at),
                   soci::use(row.entered_at))) {}
};

// The values of a history row, bound by the statements that write one.
struct HistoryValues {
  std::string instance_id, actor, actor_id, event, from, to, guard, reasons;
  int revision = 0;
  long long at = 0;
  soci::indicator actor_ind = soci::i_ok, from_ind = soci::i_ok, guard_ind = soci::i_ok;

  void set(const Instance& instance, long long when, const Actor& by, const std::string& on,
           const std::string& from_state, const std::string& guard_name,
           const std::string& reasons_json) {
    instance_id = instance.id;
    revision = instance.revision;
    at = when;
    actor = by.role;
    actor_id = by.id;
    actor_ind = by.id.empty() ? soci::i_null : soci::i_ok;
    event = on;
    from = from_state;
    from_ind = from_state.empty() ? soci::i_null : soci::i_ok;
    to = instance.state;
    guard = guard_name;
    guard_ind = guard_name.empty() ? soci::i_null : soci::i_ok;
    reasons = reasons_json;
  }
};

constexpr const char* kInsertHistory =
    "INSERT INTO workflow_history (instance_id, revision, at, actor, actor_id, event, from_state,"
    " to_state, guard, reasons)";

struct InsertHistory final : store::PreparedStatement {
  HistoryValues row;
  soci::statement statement;
  explicit InsertHistory(soci::session& sql)
      : statement((sql.prepare << std::string(kInsertHistory) +
                                      " VALUES (:i, :rev, :at, :actor, :actor_id, :event, :from,"
                                      " :to, :guard, :r)",
                   soci::use(row.instance_id), soci::use(row.revision), soci::use(row.at),
                   soci::use(row.actor), soci::use(row.actor_id, row.actor_ind),
                   soci::use(row.event), soci::use(row.from, row.from_ind), soci::use(row.to),
                   soci::use(row.guard, row.guard_ind), soci::use(row.reasons))) {}
};

// The optimistic update of the instance, its history row and its effects' outbox rows, together:
// one round trip on PostgreSQL, as a data-modifying WITH (the effects handed over as one JSON
// array); on SQLite, which has no such WITH, a statement each.
struct RecordTransition final : store::PreparedStatement {
  HistoryValues row;  // its instance_id, revision, to and at are the update's too
  std::string context, effects_json;
  int previous = 0, moved = 0;
  long long entered = 0;
  std::unique_ptr<soci::statement> update;
  // SQLite only: the connection's own InsertHistory, kept in the same cache and dropped with it.
  InsertHistory* history = nullptr;

  explicit RecordTransition(soci::session& sql) {
    const std::string set =
        "UPDATE workflow_instances SET state = :s, revision = :r, context = :c, entered_at = :e,"
        " updated_at = :u WHERE id = :id AND revision = :prev";
    if (sql.get_backend_name() == "postgresql") {
      // Every CTE runs to completion whether or not the final SELECT reads it; that SELECT says
      // whether the update found the row at the revision read.
      update = std::make_unique<soci::statement>(
          (sql.prepare << "WITH moved AS (" + set + " RETURNING id, revision), logged AS (" +
                              kInsertHistory +
                              " SELECT id, revision, CAST(:at AS BIGINT), :actor, :actor_id,"
                              " :event, :from, :to, :guard, :reasons FROM moved), queued AS ("
                              "INSERT INTO outbox (id, topic, payload, state, attempts,"
                              " next_attempt_at, created_at)"
                              " SELECT e.key, e.topic, e.payload, 'pending', 0,"
                              " CAST(:next AS BIGINT), CAST(:created AS BIGINT)"
                              " FROM moved, json_to_recordset(CAST(:effects AS json))"
                              " AS e(key TEXT, topic TEXT, payload TEXT)"
                              " ON CONFLICT (id) DO NOTHING)"
                              " SELECT CAST(COUNT(*) AS INTEGER) FROM moved",
           soci::use(row.to), soci::use(row.revision), soci::use(context), soci::use(entered),
           soci::use(row.at), soci::use(row.instance_id), soci::use(previous), soci::use(row.at),
           soci::use(row.actor), soci::use(row.actor_id, row.actor_ind), soci::use(row.event),
           soci::use(row.from, row.from_ind), soci::use(row.to),
           soci::use(row.guard, row.guard_ind), soci::use(row.reasons), soci::use(row.at),
           soci::use(row.at), soci::use(effects_json), soci::into(moved)));
      return;
    }
    update = std::make_unique<soci::statement>(
        (sql.prepare << set, soci::use(row.to), soci::use(row.revision), soci::use(context),
         soci::use(entered), soci::use(row.at), soci::use(row.instance_id), soci::use(previous)));
    history = &store::prepared<InsertHistory>(sql);
  }

  // False when the row is no longer at the revision read: another writer moved it first.
  bool run(soci::session& sql, const Instance& instance, int read_revision, long long when,
           const Actor& by, const std::string& on, const std::string& from_state,
           const std::string& guard_name, const std::string& reasons_json,
           const std::vector<outbox::NewEffect>& effects) {
    row.set(instance, when, by, on, from_state, guard_name, reasons_json);
    context = instance.context.dump();
    entered = instance.entered_at;
    previous = read_revision;
    if (!history) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& effect : effects)
        list.push_back({{"key", effect.idempotency_key},
                        {"topic", effect.topic},
                        {"payload", effect.payload}});
      effects_json = list.dump();
      update->execute(true);
      return moved == 1;
    }
    update->execute(true);
    if (update->get_affected_rows() != 1) return false;
    history->row = row;
    history->statement.execute(true);
    for (const auto& effect : effects) outbox::enqueue(sql, effect, when);
    return true;
  }
};

// "2026-12-31" or "2026-12-31T10:00:00Z" → Unix seconds (UTC); nullopt otherwise.
std::optional<UnixSeconds> parse_instant(const nlohmann::json& value) {
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  std::tm tm{};
  const char* end =
      strptime(text.c_str(), text.size() > 10 ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d", &tm);
  if (end == nullptr) return std::nullopt;
  return static_cast<UnixSeconds>(timegm(&tm));
}

}  // namespace

Engine::Engine(store::Database& database, const Clock& clock, GuardEvaluator& guards,
               EmailRenderer email)
    : database_(database), clock_(clock), guards_(guards), email_(std::move(email)) {}

Status Engine::load_directory(const std::string& directory, const Vocabulary& vocabulary) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<FieldError> errors;
  for (const auto& file : files) {
    auto definition = load_definition(file, vocabulary);
    if (!definition) {
      errors.insert(errors.end(), definition.error().errors.begin(),
                    definition.error().errors.end());
      continue;
    }
    add(definition.value());
  }
  if (!errors.empty())
    return Error::invalid("invalid_workflow", "Des définitions de workflow ne sont pas valides.",
                          errors);
  return ok();
}

void Engine::add(std::shared_ptr<const Definition> definition) {
  definitions_[{definition->name, definition->version}] = std::move(definition);
}

std::shared_ptr<const Definition> Engine::find(const std::string& name,
                                               std::optional<int> version) const {
  if (version) {
    const auto it = definitions_.find({name, *version});
    return it == definitions_.end() ? nullptr : it->second;
  }
  std::shared_ptr<const Definition> newest;
  for (const auto& [key, definition] : definitions_) {
    if (key.first == name) newest = definition;  // ordered by version: the last is the newest
  }
  return newest;
}

std::vector<std::shared_ptr<const Definition>> Engine::definitions() const {
  std::vector<std::shared_ptr<const Definition>> out;
  for (const auto& [key, definition] : definitions_) out.push_back(definition);
  return out;
}

void Engine::schedule_timers(soci::session& sql, const Definition& definition,
                             const Instance& instance) {
  for (const Timer& timer : definition.timers) {
    if (timer.state != instance.state) continue;
    UnixSeconds base = instance.entered_at;
    if (!timer.field.empty()) {
      const auto field = instance.context.find(timer.field);
      const auto at = field == instance.context.end() ? std::nullopt : parse_instant(*field);
      if (!at) continue;  // no such date on this instance: the timer does not apply
      base = *at;
    }
    const long long due = base + timer.after_seconds;
    const std::string id = crypto::new_id();
    sql << "INSERT INTO workflow_timers (id, instance_id, timer, event, state, revision, due_at)"
           " VALUES (:id, :instance, :timer, :event, :state, :revision, :due)",
        soci::use(id), soci::use(instance.id), soci::use(timer.name), soci::use(timer.event),
        soci::use(instance.state), soci::use(instance.revision), soci::use(due);
  }
}

Result<Instance> Engine::start(soci::session& sql, const std::string& name,
                               const std::string& subject_id, const nlohmann::json& context,
                               const Actor& actor) {
  const auto definition = find(name);
  if (!definition)
    return Error::of(ErrorKind::not_found, "unknown_workflow", "Workflow inconnu : " + name);
  Instance instance;
  instance.id = crypto::new_id();
  instance.definition = definition->name;
  instance.version = definition->version;
  instance.definition_hash = definition->hash;
  instance.subject_id = subject_id;
  instance.state = definition->initial;
  instance.revision = 1;
  instance.context = context.is_object() ? context : nlohmann::json::object();
  instance.entered_at = clock_.now();
  // The (definition, subject) key refuses a second instance: no read before the write.
  InsertInstance& insert = store::prepared<InsertInstance>(sql);
  insert.row = instance;
  insert.context = instance.context.dump();
  const long long now = instance.entered_at;
  insert.statement.execute(true);
  if (insert.statement.get_affected_rows() != 1)
    return conflict("Un workflow " + name + " existe déjà pour cet objet.");
  const std::string event = "start";
  InsertHistory& history = store::prepared<InsertHistory>(sql);
  history.row.set(instance, now, actor, event, "", "", "[]");
  history.statement.execute(true);
  schedule_timers(sql, *definition, instance);
  if (auto observed = notify(sql, instance, event, ""); !observed) return observed.error();
  return instance;
}

Result<Instance> Engine::fire(soci::session& sql, const std::string& instance_id,
                              const std::string& event, const Actor& actor,
                              const nlohmann::json& context_patch,
                              std::optional<int> expected_revision) {
  auto found = store::prepared<SelectInstanceById>(sql).run(instance_id);
  if (!found)
    return Error::of(ErrorKind::not_found, "unknown_instance", "Cette procédure n'existe pas.");
  Instance instance = *found;
  if (expected_revision && *expected_revision != instance.revision) {
    return conflict("La procédure a changé entre-temps (révision " +
                    std::to_string(instance.revision) + ", attendue " +
                    std::to_string(*expected_revision) + ").");
  }
  const auto definition = find(instance.definition, instance.version);
  if (!definition)
    return Error::of(ErrorKind::conflict, "unknown_workflow_version",
                     "Version de workflow introuvable.");
  const Transition* transition = definition->transition(instance.state, event);
  if (!transition) {
    return Error::of(
        ErrorKind::conflict, "event_not_allowed",
        "L'événement « " + event + " » n'est pas possible à l'état « " + instance.state + " ».");
  }
  if (!transition->actors.count(actor.role)) {
    return Error::of(ErrorKind::forbidden, "actor_not_allowed",
                     "Ce rôle ne peut pas envoyer cet événement.");
  }
  if (context_patch.is_object()) instance.context.update(context_patch);

  GuardOutcome outcome{true, nlohmann::json::array()};
  if (!transition->guard.empty()) {
    auto evaluated = guards_.evaluate(transition->guard, instance.context, sql);
    if (!evaluated) return evaluated.error();
    outcome = *evaluated;
    if (!outcome.allowed) {
      Error refused =
          Error::of(ErrorKind::unprocessable, "guard_refused",
                    "La règle « " + transition->guard + " » ne permet pas cette étape.");
      for (const auto& reason : outcome.reasons) {
        refused.errors.push_back(
            {transition->guard, reason.value("code", "refused"), reason.value("message", "")});
      }
      return refused;
    }
  }

  const std::string from = instance.state;
  const long long now = clock_.now();
  instance.state = transition->to;
  if (!transition->internal) instance.entered_at = now;
  const int previous = instance.revision;
  instance.revision = previous + 1;

  // The effects, each under its idempotency key "instance:revision:effect" (an email under its
  // own), written with the transition.
  std::vector<outbox::NewEffect> effects;
  std::string payload;  // built for the first effect that is not an email
  for (const std::string& action : transition->actions) {
    if (action.rfind("email.", 0) == 0 && email_) {
      if (auto email = email_(action.substr(6), instance, now)) effects.push_back(*email);
      continue;
    }
    if (payload.empty()) {
      payload = nlohmann::json{{"instanceId", instance.id},
                               {"definition", instance.definition},
                               {"subjectId", instance.subject_id},
                               {"event", event},
                               {"from", from},
                               {"to", instance.state},
                               {"revision", instance.revision},
                               {"context", instance.context}}
                    .dump();
    }
    effects.push_back(
        {action, instance.id + ":" + std::to_string(instance.revision) + ":" + action, payload});
  }
  // Optimistic lock: the row must still be at the revision read above.
  if (!store::prepared<RecordTransition>(sql).run(sql, instance, previous, now, actor, event, from,
                                                  transition->guard, outcome.reasons.dump(),
                                                  effects))
    return conflict("La procédure a changé entre-temps.");

  // Leaving a state (or re-entering it) drops its timers; entering one arms its own. Timers exist
  // only for the state an instance is in, so a state without timers needs no statement at all.
  if (!transition->internal) {
    if (definition->has_timers(from))
      sql << "DELETE FROM workflow_timers WHERE instance_id = :i", soci::use(instance.id);
    if (definition->has_timers(instance.state)) schedule_timers(sql, *definition, instance);
  }

  if (auto observed = notify(sql, instance, event, from); !observed) return observed.error();
  return instance;
}

void Engine::observe(const std::string& definition, TransitionObserver observer) {
  observers_[definition].push_back(std::move(observer));
}

Status Engine::notify(soci::session& sql, const Instance& instance, const std::string& event,
                      const std::string& from) const {
  const auto found = observers_.find(instance.definition);
  if (found == observers_.end()) return ok();
  for (const auto& observer : found->second) {
    if (auto status = observer(sql, instance, event, from); !status) return status;
  }
  return ok();
}

Result<Instance> Engine::start(const std::string& name, const std::string& subject_id,
                               const nlohmann::json& context, const Actor& actor) {
  return database_.write(
      [&](soci::session& sql) { return start(sql, name, subject_id, context, actor); });
}

Result<Instance> Engine::fire(const std::string& instance_id, const std::string& event,
                              const Actor& actor, const nlohmann::json& context_patch,
                              std::optional<int> expected_revision) {
  return database_.write([&](soci::session& sql) {
    return fire(sql, instance_id, event, actor, context_patch, expected_revision);
  });
}

Result<Instance> Engine::get(const std::string& instance_id) const {
  auto instance = database_.read([&](soci::session& sql) {
    return store::prepared<SelectInstanceById>(sql).run(instance_id);
  });
  if (!instance)
    return Error::of(ErrorKind::not_found, "unknown_instance", "Cette procédure n'existe pas.");
  return *instance;
}

Result<Instance> Engine::of_subject(const std::string& definition,
                                    const std::string& subject_id) const {
  auto instance = database_.read(
      [&](soci::session& sql) { return select_instance_of(sql, definition, subject_id); });
  if (!instance)
    return Error::of(ErrorKind::not_found, "unknown_instance", "Cette procédure n'existe pas.");
  return *instance;
}

std::vector<HistoryEntry> Engine::history(const std::string& instance_id) const {
  return database_.read([&](soci::session& sql) {
    std::vector<HistoryEntry> out;
    soci::rowset<soci::row> rows =
        (sql.prepare
             << "SELECT revision, at, actor, actor_id, event, from_state, to_state, guard, reasons"
                " FROM workflow_history WHERE instance_id = :i ORDER BY revision",
         soci::use(instance_id));
    for (const soci::row& r : rows) {
      HistoryEntry e;
      e.revision = r.get<int>(0);
      e.at = r.get<long long>(1);
      e.actor = r.get<std::string>(2);
      if (r.get_indicator(3) == soci::i_ok) e.actor_id = r.get<std::string>(3);
      e.event = r.get<std::string>(4);
      if (r.get_indicator(5) == soci::i_ok) e.from = r.get<std::string>(5);
      e.to = r.get<std::string>(6);
      if (r.get_indicator(7) == soci::i_ok) e.guard = r.get<std::string>(7);
      e.reasons = nlohmann::json::parse(r.get<std::string>(8), nullptr, false);
      out.push_back(std::move(e));
    }
    return out;
  });
}

int Engine::run_due_timers(int batch) {
  const long long now = clock_.now();
  const bool postgres = database_.backend() == store::Backend::postgresql;
  struct Due {
    std::string id, instance_id, event;
  };
  // Claim with a lease so two hosts never fire the same timer at once.
  const auto due = database_.write([&](soci::session& sql) {
    std::vector<Due> claimed;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, instance_id, event FROM workflow_timers"
                        " WHERE due_at <= :now AND (claimed_until IS NULL OR claimed_until < :now2)"
                        " ORDER BY due_at LIMIT " +
                            std::to_string(batch) + (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
         soci::use(now), soci::use(now));
    for (const soci::row& r : rows)
      claimed.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2)});
    const long long lease = now + 60;
    for (const auto& d : claimed)
      sql << "UPDATE workflow_timers SET claimed_until = :l WHERE id = :id", soci::use(lease),
          soci::use(d.id);
    return claimed;
  });
  int fired = 0;
  for (const Due& d : due) {
    auto result = database_.write([&](soci::session& sql) {
      auto fired_instance = fire(sql, d.instance_id, d.event, {"system", ""});
      // An internal transition keeps the state's other timers; this one is spent.
      if (fired_instance) sql << "DELETE FROM workflow_timers WHERE id = :id", soci::use(d.id);
      return fired_instance;
    });
    if (result) {
      ++fired;
      continue;
    }
    database_.write([&](soci::session& sql) {
      if (result.error().code == "guard_refused") {
        // The rule says not yet (e.g. an application is with a landlord): ask again tomorrow.
        const long long retry = now + kGuardRetrySeconds;
        sql << "UPDATE workflow_timers SET due_at = :d, claimed_until = NULL WHERE id = :id",
            soci::use(retry), soci::use(d.id);
      } else if (result.error().kind == ErrorKind::conflict &&
                 result.error().code == "workflow_conflict") {
        // Another writer changed the instance meanwhile: the system retries at the next run.
        sql << "UPDATE workflow_timers SET claimed_until = NULL WHERE id = :id", soci::use(d.id);
      } else {
        // Its state was left or the instance changed: the timer no longer applies.
        sql << "DELETE FROM workflow_timers WHERE id = :id", soci::use(d.id);
      }
    });
  }
  return fired;
}

nlohmann::json to_json(const Instance& i) {
  return {{"id", i.id},           {"definition", i.definition},
          {"version", i.version}, {"subjectId", i.subject_id},
          {"state", i.state},     {"revision", i.revision},
          {"context", i.context}, {"enteredAt", format_utc(i.entered_at)}};
}

nlohmann::json to_json(const HistoryEntry& e) {
  nlohmann::json j = {{"revision", e.revision},
                      {"at", format_utc(e.at)},
                      {"actor", e.actor},
                      {"event", e.event},
                      {"to", e.to},
                      {"reasons", e.reasons}};
  j["from"] = e.from.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.from);
  if (!e.guard.empty()) j["guard"] = e.guard;
  if (!e.actor_id.empty()) j["actorId"] = e.actor_id;
  return j;
}

}  // namespace alin::workflow
