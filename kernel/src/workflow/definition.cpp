#include "alin/workflow/definition.hpp"

#include <deque>
#include <fstream>
#include <sstream>

#include "alin/util/crypto.hpp"

namespace alin::workflow {
namespace {

class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}
  void fail(const std::string& path, const std::string& code, const std::string& message) {
    errors_.push_back({file_ + ":" + path, code, message});
  }
  bool ok() const { return errors_.empty(); }
  Error error() const {
    return Error::invalid("invalid_workflow",
                          "La définition de workflow " + file_ + " n'est pas valide.", errors_);
  }

 private:
  std::string file_;
  std::vector<FieldError> errors_;
};

std::vector<std::string> strings(const nlohmann::json& node, const std::string& path,
                                 Checker& check) {
  std::vector<std::string> out;
  if (node.is_string()) return {node.get<std::string>()};
  if (!node.is_array()) {
    check.fail(path, "wrong_type", "a string or an array of strings is expected");
    return out;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    if (node[i].is_string())
      out.push_back(node[i].get<std::string>());
    else
      check.fail(path + "/" + std::to_string(i), "wrong_type", "a string is expected");
  }
  return out;
}

}  // namespace

const State* Definition::state(const std::string& name) const {
  for (const auto& s : states)
    if (s.name == name) return &s;
  return nullptr;
}

const Transition* Definition::transition(const std::string& from, const std::string& event) const {
  const State* current = state(from);
  for (const auto& t : transitions) {
    if (t.event != event) continue;
    for (const auto& f : t.from) {
      if (f == from || (f == "*" && current && !current->terminal)) return &t;
    }
  }
  return nullptr;
}

bool Definition::has_timers(const std::string& name) const {
  return std::any_of(timers.begin(), timers.end(), [&](const Timer& t) { return t.state == name; });
}

Result<std::shared_ptr<const Definition>> load_definition(const std::string& file,
                                                          const Vocabulary& vocabulary) {
  std::ifstream in(file);
  if (!in)
    return Error::invalid("invalid_workflow", "Impossible de lire " + file + ".",
                          {{file, "unreadable", "cannot open"}});
  std::stringstream text;
  text << in.rdbuf();
  return parse_definition(file, text.str(), vocabulary);
}

Result<std::shared_ptr<const Definition>> parse_definition(const std::string& file,
                                                           const std::string& text,
                                                           const Vocabulary& vocabulary) {
  Checker check(file);
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    check.fail("/", "malformed_json", "the file is not a JSON object");
    return check.error();
  }
  auto definition = std::make_shared<Definition>();
  definition->file = file;
  definition->hash = crypto::token_hash(text);
  auto string_field = [&](const nlohmann::json& node, const std::string& key,
                          const std::string& path, bool required) {
    const auto it = node.find(key);
    if (it == node.end()) {
      if (required) check.fail(path + "/" + key, "required", "missing");
      return std::string();
    }
    if (!it->is_string()) {
      check.fail(path + "/" + key, "wrong_type", "a string is expected");
      return std::string();
    }
    return it->get<std::string>();
  };
  definition->name = string_field(json, "name", "", true);
  definition->initial = string_field(json, "initial", "", true);
  if (json.contains("version")) {
    if (json["version"].is_number_integer() && json["version"].get<int>() > 0)
      definition->version = json["version"].get<int>();
    else
      check.fail("/version", "wrong_type", "a positive integer is expected");
  }

  // States, in the order of the file (the drawing keeps it).
  const auto states = json.find("states");
  if (states == json.end() || !states->is_array() || states->empty()) {
    check.fail("/states", "required", "an array of states is expected");
    return check.error();
  }
  for (std::size_t i = 0; i < states->size(); ++i) {
    const std::string path = "/states/" + std::to_string(i);
    const auto& node = (*states)[i];
    if (!node.is_object()) {
      check.fail(path, "wrong_type", "an object is expected");
      continue;
    }
    State s;
    s.name = string_field(node, "name", path, true);
    s.label = string_field(node, "label", path, false);
    s.terminal = node.value("terminal", false);
    if (node.contains("step")) {
      if (node["step"].is_number_integer() && node["step"].get<int>() >= 1 &&
          node["step"].get<int>() <= 7)
        s.step = node["step"].get<int>();
      else
        check.fail(path + "/step", "out_of_range", "a step is an integer from 1 to 7");
    }
    if (definition->state(s.name))
      check.fail(path + "/name", "duplicate_state", "state '" + s.name + "' is defined twice");
    definition->states.push_back(s);
  }
  if (!definition->initial.empty() && !definition->state(definition->initial)) {
    check.fail("/initial", "unknown_state",
               "initial state '" + definition->initial + "' is not defined");
  }

  const auto transitions = json.find("transitions");
  if (transitions == json.end() || !transitions->is_array()) {
    check.fail("/transitions", "required", "an array of transitions is expected");
    return check.error();
  }
  for (std::size_t i = 0; i < transitions->size(); ++i) {
    const std::string path = "/transitions/" + std::to_string(i);
    const auto& node = (*transitions)[i];
    if (!node.is_object()) {
      check.fail(path, "wrong_type", "an object is expected");
      continue;
    }
    Transition t;
    t.event = string_field(node, "event", path, true);
    t.to = string_field(node, "to", path, true);
    t.guard = string_field(node, "guard", path, false);
    if (node.contains("from"))
      t.from = strings(node["from"], path + "/from", check);
    else
      check.fail(path + "/from", "required", "missing");
    if (node.contains("actors")) {
      for (const auto& a : strings(node["actors"], path + "/actors", check)) t.actors.insert(a);
    }
    if (node.contains("actions")) t.actions = strings(node["actions"], path + "/actions", check);
    t.internal = node.value("internal", false);
    if (t.internal && (t.from.size() != 1 || t.from[0] != t.to)) {
      check.fail(path + "/internal", "internal_leaves_state",
                 "an internal transition must go from a state to itself");
    }

    for (std::size_t f = 0; f < t.from.size(); ++f) {
      const State* from = definition->state(t.from[f]);
      if (t.from[f] != "*" && !from) {
        check.fail(path + "/from/" + std::to_string(f), "unknown_state",
                   "state '" + t.from[f] + "' is not defined");
      } else if (from && from->terminal) {
        check.fail(path + "/from/" + std::to_string(f), "terminal_state_with_exit",
                   "state '" + t.from[f] + "' is terminal and cannot be left");
      }
    }
    if (!t.to.empty() && !definition->state(t.to))
      check.fail(path + "/to", "unknown_state", "state '" + t.to + "' is not defined");
    if (t.actors.empty())
      check.fail(path + "/actors", "no_actor",
                 "event '" + t.event + "' has no actor allowed to send it");
    for (const auto& a : t.actors) {
      if (!vocabulary.actors.count(a))
        check.fail(path + "/actors", "unknown_actor", "unknown actor '" + a + "'");
    }
    if (!t.guard.empty() && !vocabulary.guards.count(t.guard)) {
      check.fail(path + "/guard", "unknown_guard",
                 "guard '" + t.guard + "' names no known decision");
    }
    for (std::size_t a = 0; a < t.actions.size(); ++a) {
      if (!vocabulary.actions.count(t.actions[a])) {
        check.fail(path + "/actions/" + std::to_string(a), "unknown_action",
                   "action '" + t.actions[a] + "' names no known effect or plugin hook");
      }
    }
    definition->transitions.push_back(std::move(t));
  }

  if (json.contains("timers")) {
    const auto& timers = json["timers"];
    if (!timers.is_array()) check.fail("/timers", "wrong_type", "an array is expected");
    for (std::size_t i = 0; timers.is_array() && i < timers.size(); ++i) {
      const std::string path = "/timers/" + std::to_string(i);
      const auto& node = timers[i];
      Timer timer;
      timer.name = string_field(node, "name", path, true);
      timer.state = string_field(node, "state", path, true);
      timer.event = string_field(node, "event", path, true);
      timer.field = string_field(node, "field", path, false);
      const auto after = node.find("after");
      if (after == node.end() || !after->is_object()) {
        check.fail(path + "/after", "required",
                   "a duration {months?, days?, hours?, seconds?} is expected");
      } else {
        // Months are counted as 30 days: the inactivity rule's "4 months" is a span, not a date.
        timer.after_seconds = after->value("months", 0LL) * 30 * 86400 +
                              after->value("days", 0LL) * 86400 +
                              after->value("hours", 0LL) * 3600 + after->value("seconds", 0LL);
      }
      const State* state = definition->state(timer.state);
      if (!timer.state.empty() && !state)
        check.fail(path + "/state", "unknown_state", "state '" + timer.state + "' is not defined");
      if (state && state->terminal)
        check.fail(path + "/state", "terminal_state_with_exit", "a terminal state has no timer");
      const Transition* t = state ? definition->transition(timer.state, timer.event) : nullptr;
      if (state && (!t || !t->actors.count("system"))) {
        check.fail(path + "/event", "unknown_event",
                   "event '" + timer.event + "' cannot be sent by the system from state '" +
                       timer.state + "'");
      }
      definition->timers.push_back(timer);
    }
  }

  // Every state must be reachable from the initial one.
  if (check.ok()) {
    std::set<std::string> reached = {definition->initial};
    std::deque<std::string> queue = {definition->initial};
    while (!queue.empty()) {
      const std::string current = queue.front();
      queue.pop_front();
      const State* s = definition->state(current);
      for (const auto& t : definition->transitions) {
        const bool leaves = std::any_of(t.from.begin(), t.from.end(), [&](const std::string& f) {
          return f == current || (f == "*" && s && !s->terminal);
        });
        if (leaves && reached.insert(t.to).second) queue.push_back(t.to);
      }
    }
    for (std::size_t i = 0; i < definition->states.size(); ++i) {
      if (!reached.count(definition->states[i].name)) {
        check.fail("/states/" + std::to_string(i), "unreachable_state",
                   "state '" + definition->states[i].name + "' cannot be reached from '" +
                       definition->initial + "'");
      }
    }
  }
  if (!check.ok()) return check.error();
  return std::shared_ptr<const Definition>(std::move(definition));
}

nlohmann::json to_json(const Definition& d) {
  nlohmann::json states = nlohmann::json::array(), transitions = nlohmann::json::array(),
                 timers = nlohmann::json::array();
  for (const auto& s : d.states) {
    nlohmann::json j = {{"name", s.name}, {"label", s.label}, {"terminal", s.terminal}};
    j["step"] = s.step ? nlohmann::json(*s.step) : nlohmann::json(nullptr);
    states.push_back(j);
  }
  for (const auto& t : d.transitions) {
    nlohmann::json j = {{"event", t.event},   {"from", t.from},       {"to", t.to},
                        {"actors", t.actors}, {"actions", t.actions}, {"internal", t.internal}};
    if (!t.guard.empty()) j["guard"] = t.guard;
    transitions.push_back(j);
  }
  for (const auto& t : d.timers) {
    nlohmann::json j = {{"name", t.name},
                        {"state", t.state},
                        {"event", t.event},
                        {"afterSeconds", t.after_seconds}};
    if (!t.field.empty()) j["field"] = t.field;
    timers.push_back(j);
  }
  return {{"name", d.name},       {"version", d.version}, {"hash", d.hash},
          {"initial", d.initial}, {"states", states},     {"transitions", transitions},
          {"timers", timers}};
}

namespace {
bool on_path(const std::vector<std::string>& path, const std::string& from, const std::string& to) {
  for (std::size_t i = 0; i + 1 < path.size(); ++i)
    if (path[i] == from && path[i + 1] == to) return true;
  return false;
}
// Expands "*" into the non-terminal states, for drawing.
std::vector<std::string> sources(const Definition& d, const Transition& t) {
  std::vector<std::string> out;
  for (const auto& f : t.from) {
    if (f != "*") {
      out.push_back(f);
      continue;
    }
    for (const auto& s : d.states)
      if (!s.terminal && s.name != t.to) out.push_back(s.name);
  }
  return out;
}
}  // namespace

std::string to_dot(const Definition& d, const std::vector<std::string>& path) {
  std::ostringstream out;
  out << "digraph \"" << d.name << "\" {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
  for (const auto& s : d.states) {
    out << "  \"" << s.name << "\" [label=\"" << (s.step ? std::to_string(*s.step) + ". " : "")
        << s.name << "\"";
    if (s.terminal) out << ", peripheries=2";
    if (std::find(path.begin(), path.end(), s.name) != path.end()) out << ", color=red, penwidth=2";
    out << "];\n";
  }
  for (const auto& t : d.transitions) {
    for (const auto& from : sources(d, t)) {
      out << "  \"" << from << "\" -> \"" << t.to << "\" [label=\"" << t.event << "\"";
      if (on_path(path, from, t.to)) out << ", color=red, penwidth=2";
      out << "];\n";
    }
  }
  out << "}\n";
  return out.str();
}

std::string to_mermaid(const Definition& d, const std::vector<std::string>& path) {
  std::ostringstream out;
  out << "stateDiagram-v2\n  [*] --> " << d.initial << "\n";
  for (const auto& t : d.transitions) {
    for (const auto& from : sources(d, t))
      out << "  " << from << " --> " << t.to << " : " << t.event << "\n";
  }
  for (const auto& s : d.states) {
    if (s.terminal) out << "  " << s.name << " --> [*]\n";
  }
  if (!path.empty()) {
    out << "  classDef visited fill:#fdd,stroke:#c00\n";
    for (const auto& s : path) out << "  class " << s << " visited\n";
  }
  return out.str();
}

}  // namespace alin::workflow
