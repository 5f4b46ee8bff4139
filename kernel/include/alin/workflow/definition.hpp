#pragma once
// A workflow definition: data, not code (workflows/*.json). States with the step number the
// applicant sees, events with the actors allowed to send them, guards (names of rule decisions),
// actions (names of effects run after commit) and timers.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "alin/util/error.hpp"

namespace alin::workflow {

struct State {
  std::string name;
  std::optional<int> step;  // 1–7 for applications; none for internal states
  std::string label;        // French, for the person
  bool terminal = false;
};

struct Transition {
  std::string event;
  std::vector<std::string> from;  // states it may leave ("*" = any non-terminal state)
  std::string to;
  std::set<std::string> actors;      // applicant, adviser, company, landlord, system
  std::string guard;                 // a rule decision that must allow it; empty = none
  std::vector<std::string> actions;  // effects run after commit, in order
  // Stays in its state without re-entering it: the state's timers keep running (a warning email
  // must not restart the inactivity clock). Only for a transition to the state it leaves.
  bool internal = false;
};

// Fires `event` as the system once the instance has stayed in `state` for `after_seconds`, or
// `after_seconds` after the date in context field `field` (e.g. the offer's deadline).
struct Timer {
  std::string name;
  std::string state;
  std::string event;
  long long after_seconds = 0;
  std::string field;  // empty: relative to entering the state
};

struct Definition {
  std::string name;
  int version = 1;
  std::string hash;  // SHA-256 of the file's content
  std::string file;
  std::string initial;
  std::vector<State> states;
  std::vector<Transition> transitions;
  std::vector<Timer> timers;

  const State* state(const std::string& name) const;
  // The transitions `event` may take from `state`.
  const Transition* transition(const std::string& state, const std::string& event) const;
  bool has_timers(const std::string& state) const;
};

// What the runtime knows, against which a definition is checked.
struct Vocabulary {
  std::set<std::string> actors = {"applicant", "adviser", "company", "landlord", "system"};
  std::set<std::string> guards;   // decision names the guard evaluator answers
  std::set<std::string> actions;  // effect names with a handler
};

// Parses and checks a definition. Errors carry the file and the JSON path in `field`
// ("workflows/request.json:/transitions/3/to") and say what is wrong.
Result<std::shared_ptr<const Definition>> load_definition(const std::string& file,
                                                          const Vocabulary& vocabulary);
Result<std::shared_ptr<const Definition>> parse_definition(const std::string& file,
                                                           const std::string& text,
                                                           const Vocabulary& vocabulary);

// Graphviz DOT and Mermaid drawings; `path` (visited states, in order) is highlighted.
std::string to_dot(const Definition& definition, const std::vector<std::string>& path = {});
std::string to_mermaid(const Definition& definition, const std::vector<std::string>& path = {});
nlohmann::json to_json(const Definition& definition);

}  // namespace alin::workflow
