#pragma once
// Runs a rule set's own test tables (rules/tests/<rule>.csv). Each table drives the decision its
// rule declares (eligibility, limits or ranking); the columns are described in docs/analysts.md.
// Eligibility cases also run through both bulk paths, whose verdict must equal the explained one.
#include "alin/rules/rule_engine.hpp"
#include "rules/rule_set.hpp"

namespace alin::rules {

TestReport run_test_tables(const RuleSet& set);

}  // namespace alin::rules
