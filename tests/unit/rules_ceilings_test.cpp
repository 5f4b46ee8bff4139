// The Lua rules held against the official tables, with expectations computed here, independently
// of the rules: every cell of income_ceilings.csv and pli_ceilings.csv at its boundary (the
// ceiling passes, one euro more fails), the categories of the arrêté, the N−1 switch at 10 %.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "alin/rules/rule_engine.hpp"

namespace {

using alin::rules::RuleEngine;
using nlohmann::json;

const std::string kRules = std::string(ALIN_SOURCE_DIR) + "/rules";

struct CeilingRow {
  std::string financing, zone;
  int year = 0;
  long long cat[7] = {0};  // 1..6
  long long extra = 0;
};

std::vector<CeilingRow> read_ceilings(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<CeilingRow> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) f.push_back(field);
    CeilingRow row;
    row.financing = f[0];
    row.year = std::stoi(f[1]);
    row.zone = f[2];
    for (int k = 1; k <= 6; ++k) row.cat[k] = std::stoll(f[2 + k]);
    row.extra = std::stoll(f[9]);
    rows.push_back(row);
  }
  return rows;
}

// A household of category k, built the plainest way: one person alone for 1, else a couple
// whose ages add up to far more than 55 with k − 2 dependants (k persons, category k).
json household_of_category(int k, long long income) {
  json members = json::array({{{"role", "applicant"}, {"birthDate", "1960-01-01"}}});
  if (k >= 2) members.push_back({{"role", "coApplicant"}, {"birthDate", "1961-01-01"}});
  for (int i = 0; i < k - 2; ++i) {
    members.push_back(
        {{"role", "dependant"}, {"birthDate", "2010-01-0" + std::to_string(1 + i % 9)}});
  }
  return {{"members", members},
          {"coupleStatus", k >= 2 ? "married" : "none"},
          {"taxIncomeN2", income},
          {"monthlyResources", 100000},
          {"housingBenefit", 0}};
}

int typology_for(int persons) {
  return persons <= 2 ? 1 : persons <= 4 ? persons - 1 : 4;
}

std::string commune_in(const std::string& zone) {
  if (zone == "paris_limitrophes") return "75056";
  if (zone == "ile_de_france") return "77288";
  return "35238";
}

class RulesAgainstTables : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto opened = RuleEngine::open({kRules, {}});
    ASSERT_TRUE(opened) << opened.error().title;
    engine_ = std::move(opened.value());
  }
  static void TearDownTestSuite() { engine_.reset(); }
  static std::unique_ptr<RuleEngine> engine_;

  static void check_cell(const CeilingRow& row, int k, const std::string& pli_zone = "") {
    long long ceiling = k <= 6 ? row.cat[k] : row.cat[6] + (k - 6) * row.extra;
    json offer = {{"financing", row.financing},
                  {"typology", typology_for(k)},
                  {"rent", 100},
                  {"commune", commune_in(row.zone)}};
    if (!pli_zone.empty()) offer["pliZone"] = pli_zone;
    auto as_of = *alin::rules::parse_date(std::to_string(row.year) + "-06-01");
    std::string where = row.financing + " " + std::to_string(row.year) + " " + row.zone + " cat" +
                        std::to_string(k);
    auto at = engine_->evaluate(household_of_category(k, ceiling), offer, as_of);
    ASSERT_TRUE(at) << where << ": " << at.error().title;
    EXPECT_TRUE(at->eligible) << where;
    EXPECT_EQ(at->category, k) << where;
    ASSERT_TRUE(at->ceiling.has_value()) << where;
    EXPECT_EQ(*at->ceiling, ceiling) << where;
    auto over = engine_->evaluate(household_of_category(k, ceiling + 1), offer, as_of);
    ASSERT_TRUE(over) << where;
    EXPECT_FALSE(over->eligible) << where;
    bool above = false;
    for (const auto& r : over->reasons) above |= r.code == "income_above_ceiling";
    EXPECT_TRUE(above) << where;
  }
};
std::unique_ptr<RuleEngine> RulesAgainstTables::engine_;

TEST_F(RulesAgainstTables, EveryHlmCeilingCellAtItsBoundary) {
  auto rows = read_ceilings(kRules + "/data/income_ceilings.csv");
  ASSERT_EQ(rows.size(), 54u);
  for (const auto& row : rows) {
    for (int k = 1; k <= 8; ++k) check_cell(row, k);
  }
}

TEST_F(RulesAgainstTables, EveryPliCeilingCellAtItsBoundary) {
  auto rows = read_ceilings(kRules + "/data/pli_ceilings.csv");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    for (int k = 1; k <= 8; ++k) check_cell(row, k, row.zone);
  }
}

TEST_F(RulesAgainstTables, TheIssueExample) {
  auto d = engine_->evaluate(
      household_of_category(2, 41200),
      {{"financing", "PLUS"}, {"typology", 2}, {"rent", 400}, {"commune", "35238"}},
      *alin::rules::parse_date("2026-02-01"));
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->eligible);
  const alin::rules::Reason* income = nullptr;
  for (const auto& r : d->reasons) {
    if (r.code == "income_above_ceiling") income = &r;
  }
  ASSERT_NE(income, nullptr);
  // Narrow no-break space between thousands, no-break space before the euro sign.
  EXPECT_EQ(
      income->message,
      "Votre revenu fiscal de référence 2024 (41\u202F200\u00A0€) dépasse le plafond PLUS 2026 "
      "pour 2 personnes en autres régions (31\u202F254\u00A0€).");
  EXPECT_EQ(income->figures["ceiling"], 31254);
  EXPECT_EQ(income->figures["income"], 41200);
  EXPECT_EQ(d->rule_set_version.size(), 16u);
}

struct CategoryCase {
  const char* name;
  std::vector<std::pair<const char*, bool>>
      members;  // (role, disabled); ages from birth dates below
  const char* couple;
  std::vector<const char*> births;
  int expected;
};

TEST_F(RulesAgainstTables, EveryCategoryOfTheArrete) {
  // Decision on 2026-06-01. Categories as listed by ANIL for the arrêté du 29 juillet 1987, art. 2.
  const std::vector<CategoryCase> cases = {
      {"one person", {{"applicant", false}}, "none", {"1980-01-01"}, 1},
      {"one disabled person", {{"applicant", true}}, "none", {"1980-01-01"}, 2},
      {"two persons, no dependant",
       {{"applicant", false}, {"coApplicant", false}},
       "married",
       {"1980-01-01", "1980-01-01"},
       2},
      {"jeune ménage 28 + 27 = 55",
       {{"applicant", false}, {"coApplicant", false}},
       "pacs",
       {"1998-06-01", "1999-06-01"},
       3},
      {"couple 29 + 27 = 56",
       {{"applicant", false}, {"coApplicant", false}},
       "pacs",
       {"1997-06-01", "1999-06-01"},
       2},
      {"one person + 1 dependant",
       {{"applicant", false}, {"dependant", false}},
       "none",
       {"1980-01-01", "2015-01-01"},
       3},
      {"two persons, one disabled",
       {{"applicant", false}, {"coApplicant", true}},
       "married",
       {"1980-01-01", "1980-01-01"},
       3},
      {"three persons",
       {{"applicant", false}, {"coApplicant", false}, {"dependant", false}},
       "married",
       {"1980-01-01", "1980-01-01", "2015-01-01"},
       3},
      {"one person + 2 dependants",
       {{"applicant", false}, {"dependant", false}, {"dependant", false}},
       "none",
       {"1980-01-01", "2015-01-01", "2016-01-01"},
       4},
      {"three persons, one disabled",
       {{"applicant", true}, {"coApplicant", false}, {"dependant", false}},
       "married",
       {"1980-01-01", "1980-01-01", "2015-01-01"},
       4},
      {"four persons",
       {{"applicant", false}, {"coApplicant", false}, {"dependant", false}, {"dependant", false}},
       "married",
       {"1980-01-01", "1980-01-01", "2015-01-01", "2016-01-01"},
       4},
      {"one person + 3 dependants",
       {{"applicant", false}, {"dependant", false}, {"dependant", false}, {"dependant", false}},
       "none",
       {"1980-01-01", "2014-01-01", "2015-01-01", "2016-01-01"},
       5},
      {"four persons, one disabled",
       {{"applicant", false}, {"coApplicant", false}, {"dependant", true}, {"dependant", false}},
       "married",
       {"1980-01-01", "1980-01-01", "2015-01-01", "2016-01-01"},
       5},
      {"five persons",
       {{"applicant", false},
        {"coApplicant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", false}},
       "married",
       {"1980-01-01", "1980-01-01", "2014-01-01", "2015-01-01", "2016-01-01"},
       5},
      {"one person + 4 dependants",
       {{"applicant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", false}},
       "none",
       {"1980-01-01", "2013-01-01", "2014-01-01", "2015-01-01", "2016-01-01"},
       6},
      {"five persons, one disabled",
       {{"applicant", false},
        {"coApplicant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", true}},
       "married",
       {"1980-01-01", "1980-01-01", "2014-01-01", "2015-01-01", "2016-01-01"},
       6},
      {"six persons",
       {{"applicant", false},
        {"coApplicant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", false}},
       "married",
       {"1980-01-01", "1980-01-01", "2013-01-01", "2014-01-01", "2015-01-01", "2016-01-01"},
       6},
      {"seven persons",
       {{"applicant", false},
        {"coApplicant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", false},
        {"dependant", false}},
       "married",
       {"1980-01-01", "1980-01-01", "2012-01-01", "2013-01-01", "2014-01-01", "2015-01-01",
        "2016-01-01"},
       7},
  };
  for (const auto& c : cases) {
    json members = json::array();
    for (std::size_t i = 0; i < c.members.size(); ++i) {
      members.push_back({{"role", c.members[i].first},
                         {"birthDate", c.births[i]},
                         {"disabled", c.members[i].second}});
    }
    json h = {{"members", members},
              {"coupleStatus", c.couple},
              {"taxIncomeN2", 1000},
              {"monthlyResources", 100000}};
    auto d = engine_->evaluate(
        h, {{"financing", "PLUS"}, {"typology", 4}, {"rent", 100}, {"commune", "35238"}},
        *alin::rules::parse_date("2026-06-01"));
    ASSERT_TRUE(d) << c.name;
    EXPECT_EQ(d->category, c.expected) << c.name;
  }
}

TEST_F(RulesAgainstTables, TheN1SwitchAtExactlyTenPercent) {
  struct Switch {
    long long n2, n1;
    bool uses_n1;
  };
  // 10 % lower or more: N−1; anything less: N−2. 12 345 × 0.9 = 11 110.5.
  for (const Switch s :
       {Switch{30000, 27000, true}, Switch{30000, 27001, false}, Switch{30000, 26999, true},
        Switch{12345, 11110, true}, Switch{12345, 11111, false}, Switch{20000, 25000, false}}) {
    json h = household_of_category(1, s.n2);
    h["taxIncomeN1"] = s.n1;
    auto d = engine_->evaluate(
        h, {{"financing", "PLS"}, {"typology", 1}, {"rent", 100}, {"commune", "35238"}},
        *alin::rules::parse_date("2026-06-01"));
    ASSERT_TRUE(d);
    bool switched = false;
    long long income = -1;
    for (const auto& r : d->reasons) {
      switched |= r.code == "income_n1_used";
      if (r.code == "income_within_ceiling" || r.code == "income_above_ceiling")
        income = r.figures["income"];
    }
    EXPECT_EQ(switched, s.uses_n1) << s.n2 << " / " << s.n1;
    EXPECT_EQ(income, s.uses_n1 ? s.n1 : s.n2) << s.n2 << " / " << s.n1;
  }
}

}  // namespace
