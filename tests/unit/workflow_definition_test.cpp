// Workflow definitions: the three shipped ones load; each kind of broken one is reported with
// its file and JSON path.
#include <gtest/gtest.h>

#include "alin/workflow/definition.hpp"
#include "alin/workflow/email_templates.hpp"

using namespace alin::workflow;

namespace {

Vocabulary vocabulary() {
  Vocabulary v;
  v.guards = {"request.no_application_with_landlord", "eligibility"};
  v.actions = {"landlord.transmit", "applications.close_all", "applications.cancel_all",
               "applications.withdraw_all", "applications.rank_and_transmit"};
  auto templates = EmailTemplates::load(std::string(ALIN_SOURCE_DIR) + "/workflows/emails/fr.json");
  EXPECT_TRUE(templates.ok());
  for (const auto& name : templates->action_names()) v.actions.insert(name);
  return v;
}

const char* kValid = R"({
  "name": "t", "initial": "a",
  "states": [{"name": "a"}, {"name": "b", "step": 2}, {"name": "c", "terminal": true}],
  "transitions": [
    {"event": "go", "from": ["a"], "to": "b", "actors": ["applicant"]},
    {"event": "end", "from": ["b"], "to": "c", "actors": ["system"], "guard": "eligibility", "actions": ["landlord.transmit"]}
  ],
  "timers": [{"name": "t", "state": "b", "after": {"days": 2}, "event": "end"}]
})";

// The one error a broken copy of kValid gets: "file:path code".
std::vector<std::string> errors_of(const std::string& text) {
  auto result = parse_definition("broken.json", text, vocabulary());
  std::vector<std::string> out;
  if (result) return out;
  for (const auto& e : result.error().errors) out.push_back(e.field + " " + e.code);
  return out;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(WorkflowDefinition, TheShippedDefinitionsLoad) {
  for (const char* name : {"request", "offer", "application"}) {
    auto definition = load_definition(std::string(ALIN_SOURCE_DIR) + "/workflows/" + name + ".json",
                                      vocabulary());
    ASSERT_TRUE(definition.ok()) << name << ": "
                                 << (definition.ok() ? ""
                                                     : definition.error().errors.at(0).field + " " +
                                                           definition.error().errors.at(0).message);
    EXPECT_EQ(definition.value()->name, name);
    EXPECT_EQ(definition.value()->hash.size(), 64u);
  }
  auto application =
      load_definition(std::string(ALIN_SOURCE_DIR) + "/workflows/application.json", vocabulary());
  std::set<int> steps;
  for (const auto& s : application.value()->states)
    if (s.step) steps.insert(*s.step);
  EXPECT_EQ(steps, (std::set<int>{1, 2, 3, 4, 5, 6, 7})) << "the seven steps the applicant sees";
}

TEST(WorkflowDefinition, ValidOneLoads) {
  EXPECT_TRUE(errors_of(kValid).empty());
}

TEST(WorkflowDefinition, EachFaultIsNamedWithFileAndPath) {
  EXPECT_EQ(errors_of(replace(kValid, R"("to": "b")", R"("to": "z")")),
            (std::vector<std::string>{"broken.json:/transitions/0/to unknown_state"}));
  EXPECT_EQ(errors_of(replace(kValid, R"("from": ["a"])", R"("from": ["a", "y"])")),
            (std::vector<std::string>{"broken.json:/transitions/0/from/1 unknown_state"}));
  EXPECT_EQ(errors_of(replace(kValid, R"("actors": ["applicant"])", R"("actors": [])")),
            (std::vector<std::string>{"broken.json:/transitions/0/actors no_actor"}));
  EXPECT_EQ(errors_of(replace(kValid, R"("actors": ["applicant"])", R"("actors": ["bank"])")),
            (std::vector<std::string>{"broken.json:/transitions/0/actors unknown_actor"}));
  EXPECT_EQ(errors_of(replace(kValid, R"("guard": "eligibility")", R"("guard": "astrology")")),
            (std::vector<std::string>{"broken.json:/transitions/1/guard unknown_guard"}));
  EXPECT_EQ(errors_of(replace(kValid, R"("actions": ["landlord.transmit"])",
                              R"("actions": ["landlord.teleport"])")),
            (std::vector<std::string>{"broken.json:/transitions/1/actions/0 unknown_action"}));
  EXPECT_EQ(errors_of(replace(kValid, R"({"name": "b", "step": 2})",
                              R"({"name": "b", "step": 2}, {"name": "island"})")),
            (std::vector<std::string>{"broken.json:/states/2 unreachable_state"}));
  EXPECT_EQ(errors_of(replace(kValid, R"("from": ["b"], "to": "c")", R"("from": ["c"], "to": "b")"))
                .front(),
            "broken.json:/transitions/1/from/0 terminal_state_with_exit");
  EXPECT_EQ(errors_of(replace(kValid, R"("initial": "a")", R"("initial": "q")")).front(),
            "broken.json:/initial unknown_state");
  EXPECT_EQ(errors_of(replace(kValid, R"("event": "end"})", R"("event": "go"})")),
            (std::vector<std::string>{"broken.json:/timers/0/event unknown_event"}))
      << "a timer's event must be one the system may send from its state";
  EXPECT_EQ(errors_of("[1,2]"), (std::vector<std::string>{"broken.json:/ malformed_json"}));
  EXPECT_EQ(
      errors_of(replace(kValid, R"({"name": "a"})", R"({"name": "a"}, {"name": "a"})")).front(),
      "broken.json:/states/1/name duplicate_state");
}

TEST(WorkflowDefinition, DrawingsHighlightAPath) {
  auto definition = parse_definition("t.json", kValid, vocabulary());
  ASSERT_TRUE(definition.ok());
  const std::string dot = to_dot(*definition.value(), {"a", "b"});
  EXPECT_NE(dot.find("\"a\" -> \"b\" [label=\"go\", color=red"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"b\" -> \"c\" [label=\"end\"]"), std::string::npos) << dot;
  const std::string mermaid = to_mermaid(*definition.value(), {"a", "b"});
  EXPECT_NE(mermaid.find("a --> b : go"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("class b visited"), std::string::npos) << mermaid;
}

}  // namespace
