// The engine's C++ API: input validation with field paths, the evaluate request shape, limits,
// ranking, bulk verdicts equal to explained ones, and the rule set description.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "alin/requests/active_request.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/util/json_text.hpp"

namespace {

using alin::rules::CandidateSet;
using alin::rules::RuleEngine;
using nlohmann::json;

const std::string kRules = std::string(ALIN_SOURCE_DIR) + "/rules";
const auto kDate = *alin::rules::parse_date("2026-06-01");

class Engine : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto opened = RuleEngine::open({kRules, {}});
    ASSERT_TRUE(opened) << opened.error().title;
    engine_ = std::move(opened.value());
  }
  static void TearDownTestSuite() { engine_.reset(); }
  static std::unique_ptr<RuleEngine> engine_;
};
std::unique_ptr<RuleEngine> Engine::engine_;

json household() {
  return {{"members", {{{"role", "applicant"}, {"birthDate", "1990-01-01"}, {"disabled", false}}}},
          {"coupleStatus", "none"},
          {"taxIncomeN2", 20000},
          {"monthlyResources", 3000},
          {"housingBenefit", 0},
          {"wantedCommunes", {"35238"}},
          {"priorityFlags", json::array()}};
}

json offer() {
  return {{"id", "o1"},         {"kind", "classic"}, {"financing", "PLUS"},
          {"typology", 2},      {"rent", 500},       {"charges", 50},
          {"commune", "35238"}, {"housing", "flat"}, {"showcase", true}};
}

bool has_field(const alin::Error& error, const std::string& field, const std::string& code) {
  for (const auto& e : error.errors) {
    if (e.field == field && e.code == code && !e.message.empty()) return true;
  }
  return false;
}

TEST_F(Engine, BadInputIsFieldErrorsWithPaths) {
  json h = household();
  h["members"][0]["birthDate"] = "1990-02-30";
  h["taxIncomeN2"] = -5;
  h.erase("monthlyResources");
  json o = offer();
  o["financing"] = "HLM";
  o["commune"] = "Rennes";
  o["typology"] = 12;
  auto d = engine_->evaluate(h, o, kDate);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().kind, alin::ErrorKind::invalid);
  EXPECT_TRUE(has_field(d.error(), "household.members[0].birthDate", "not_a_date"));
  EXPECT_TRUE(has_field(d.error(), "household.taxIncomeN2", "out_of_range"));
  EXPECT_TRUE(has_field(d.error(), "household.monthlyResources", "required"));
  EXPECT_TRUE(has_field(d.error(), "offer.financing", "not_allowed"));
  EXPECT_TRUE(has_field(d.error(), "offer.commune", "not_an_insee_code"));
  EXPECT_TRUE(has_field(d.error(), "offer.typology", "out_of_range"));
}

TEST_F(Engine, StrangeShapesAreErrorsNotCrashes) {
  for (const json& h : {json(nullptr), json(42), json::array(), json{{"members", "x"}},
                        json{{"members", json::array({1, 2})}}, json{{"members", json::array()}}}) {
    auto d = engine_->evaluate(h, offer(), kDate);
    EXPECT_FALSE(d) << h.dump();
  }
  json two = household();
  two["members"].push_back({{"role", "applicant"}, {"birthDate", "1991-01-01"}});
  auto d = engine_->evaluate(two, offer(), kDate);
  ASSERT_FALSE(d);
  EXPECT_TRUE(has_field(d.error(), "household.members", "one_applicant"));
  json pli = offer();
  pli["financing"] = "PLI";
  d = engine_->evaluate(household(), pli, kDate);
  ASSERT_FALSE(d);
  EXPECT_TRUE(has_field(d.error(), "offer.pliZone", "required"));
}

TEST_F(Engine, EvaluateRequestTakesAsOfOrToday) {
  json body = {{"household", household()}, {"offer", offer()}, {"asOf", "2024-03-01"}};
  auto d = engine_->evaluate_request(body, kDate);
  ASSERT_TRUE(d) << d.error().title;
  EXPECT_EQ(d->as_of, "2024-03-01");
  EXPECT_EQ(*d->ceiling, 22642);  // PLUS 2024, autres régions, cat 1
  body.erase("asOf");
  d = engine_->evaluate_request(body, kDate);
  ASSERT_TRUE(d);
  EXPECT_EQ(*d->ceiling, 23403);  // PLUS 2026
  json out = alin::rules::to_json(*d);
  for (const char* key : {"eligible", "category", "zone", "ceiling", "reasons", "ruleSetVersion"}) {
    EXPECT_TRUE(out.contains(key)) << key;
  }
  EXPECT_TRUE(out["reasons"][0].contains("figures"));
  body["asOf"] = "hier";
  d = engine_->evaluate_request(body, kDate);
  ASSERT_FALSE(d);
  EXPECT_TRUE(has_field(d.error(), "asOf", "not_a_date"));
  d = engine_->evaluate_request(json{{"offer", offer()}}, kDate);
  ASSERT_FALSE(d);
  EXPECT_TRUE(has_field(d.error(), "household", "not_an_object"));
}

TEST_F(Engine, EvaluateRequestJsonAnswersTheSameBodyAndErrors) {
  json body = {{"household", household()}, {"offer", offer()}, {"asOf", "2024-03-01"}};
  auto d = engine_->evaluate_request(body, kDate);
  auto out = engine_->evaluate_request_json(body, kDate);
  ASSERT_TRUE(d && out);
  EXPECT_EQ(out.value(), alin::util::dump_json(alin::rules::to_json(*d)));
  EXPECT_EQ(json::parse(out.value())["ceiling"], 22642);
  body.erase("asOf");
  out = engine_->evaluate_request_json(body, kDate);
  ASSERT_TRUE(out);
  EXPECT_EQ(json::parse(out.value())["asOf"], "2026-06-01");
  body["asOf"] = "hier";
  out = engine_->evaluate_request_json(body, kDate);
  ASSERT_FALSE(out);
  EXPECT_TRUE(has_field(out.error(), "asOf", "not_a_date"));
  out = engine_->evaluate_request_json(json::array(), kDate);
  ASSERT_FALSE(out);
  EXPECT_TRUE(has_field(out.error(), "", "not_an_object"));
  json bad = household();
  bad["taxIncomeN2"] = -5;
  out = engine_->evaluate_json(bad, offer(), kDate);
  ASSERT_FALSE(out);
  EXPECT_TRUE(has_field(out.error(), "household.taxIncomeN2", "out_of_range"));
}

TEST_F(Engine, LimitsAreParametersWithTheTermsValues) {
  json input = {{"offer", {{"id", "n"}, {"kind", "classic"}, {"typology", 3}, {"programme", "P"}}},
                {"applications", json::array()}};
  for (int i = 0; i < 5; ++i) {
    auto d = engine_->check_limits(input, kDate);
    ASSERT_TRUE(d) << d.error().title;
    EXPECT_TRUE(d->allowed) << i;
    input["applications"].push_back({{"offerId", "a" + std::to_string(i)},
                                     {"kind", "classic"},
                                     {"typology", 1},
                                     {"programme", "Q" + std::to_string(i)}});
  }
  auto d = engine_->check_limits(input, kDate);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->allowed);
  EXPECT_EQ(d->reasons[0].code, "limit_reached");
  EXPECT_EQ(d->reasons[0].figures["max"], 5);
  auto bad = engine_->check_limits(json{{"offer", {{"kind", "x"}}}}, kDate);
  ASSERT_FALSE(bad);
  EXPECT_TRUE(has_field(bad.error(), "offer.kind", "not_allowed"));
}

TEST_F(Engine, RankingKeepsTheFirstFive) {
  json candidates = json::array();
  for (int i = 0; i < 8; ++i) {
    candidates.push_back({{"applicationId", "c" + std::to_string(i)},
                          {"appliedAt", "2026-01-0" + std::to_string(i + 1) + "T10:00Z"},
                          {"documents", i % 2 ? "complete" : "socle"},
                          {"target", i != 1}});
  }
  auto d = engine_->rank({{"offer", {{"kind", "classic"}}}, {"candidates", candidates}}, kDate);
  ASSERT_TRUE(d) << d.error().title;
  ASSERT_EQ(d->ranked.size(), 8u);
  std::vector<std::string> order;
  for (const auto& r : d->ranked) order.push_back(r.application_id);
  EXPECT_EQ(order, (std::vector<std::string>{"c3", "c5", "c7", "c0", "c2", "c4", "c6", "c1"}));
  EXPECT_EQ(d->kept, (std::vector<std::string>{"c3", "c5", "c7", "c0", "c2"}));
  EXPECT_EQ(d->ranked[7].reasons[1].code, "out_of_target_after_target");
}

// Random households and offers: every bulk verdict equals the explained decision, and the
// response text of evaluate_json is to_json of that decision as the host dumps it.
TEST_F(Engine, BulkVerdictsEqualExplainedDecisions) {
  std::mt19937 random(42);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  const char* communes[] = {"75056", "75111", "92012", "77288", "91228", "35238", "29019", "13055"};
  const char* financings[] = {"PLAI", "PLUS", "PLS", "PLI"};
  const char* kinds[] = {"classic", "classic", "classic", "shortTermIdentified", "shortTermType"};
  const char* pli_zones[] = {"A_bis", "A", "B1", "B2_C"};
  std::vector<json> households, offers;
  for (int i = 0; i < 60; ++i) {
    json h = household();
    int extra = pick(0, 7);
    bool couple = pick(0, 1) == 1;
    if (couple)
      h["members"].push_back(
          {{"role", "coApplicant"}, {"birthDate", pick(0, 1) ? "1999-01-01" : "1970-05-05"}});
    h["coupleStatus"] = couple ? "married" : "none";
    for (int k = 0; k < extra - (couple ? 1 : 0); ++k) {
      h["members"].push_back(
          {{"role", "dependant"}, {"birthDate", "2015-01-01"}, {"disabled", pick(0, 9) == 0}});
    }
    h["members"][0]["disabled"] = pick(0, 9) == 0;
    h["taxIncomeN2"] = pick(5000, 90000);
    if (pick(0, 2) == 0) h["taxIncomeN1"] = pick(5000, 90000);
    h["monthlyResources"] = pick(500, 6000);
    h["housingBenefit"] = pick(0, 400);
    households.push_back(h);
  }
  for (int i = 0; i < 60; ++i) {
    json o = offer();
    o["commune"] = communes[pick(0, 7)];
    o["financing"] = financings[pick(0, 3)];
    if (o["financing"] == "PLI") o["pliZone"] = pli_zones[pick(0, 3)];
    o["kind"] = kinds[pick(0, 4)];
    o["typology"] = pick(1, 6);
    o["rent"] = pick(200, 1400);
    o["charges"] = pick(0, 200);
    offers.push_back(o);
  }
  auto offer_set = CandidateSet::offers(offers);
  auto household_set = CandidateSet::households(households);
  ASSERT_TRUE(offer_set && household_set);
  std::vector<std::vector<bool>> explained(60, std::vector<bool>(60));
  int eligible = 0;
  for (int h = 0; h < 60; ++h) {
    for (int o = 0; o < 60; ++o) {
      auto d = engine_->evaluate(households[h], offers[o], kDate);
      ASSERT_TRUE(d) << d.error().title;
      // The response written straight from Lua is exactly the JSON of the Decision.
      auto body = engine_->evaluate_json(households[h], offers[o], kDate);
      ASSERT_TRUE(body) << body.error().title;
      EXPECT_EQ(body.value(), alin::util::dump_json(alin::rules::to_json(*d)))
          << "household " << h << " offer " << o;
      explained[h][o] = d->eligible;
      eligible += d->eligible;
    }
  }
  EXPECT_GT(eligible, 100);
  EXPECT_LT(eligible, 3500);
  for (int h = 0; h < 60; ++h) {
    auto v = engine_->eligible_offers(households[h], *offer_set.value(), kDate);
    ASSERT_TRUE(v) << v.error().title;
    std::vector<bool> bulk(60);
    for (auto i : v->eligible) bulk[i] = true;
    EXPECT_EQ(bulk, explained[h]) << "household " << h;
  }
  for (int o = 0; o < 60; ++o) {
    auto v = engine_->eligible_households(offers[o], *household_set.value(), kDate);
    ASSERT_TRUE(v) << v.error().title;
    for (int h = 0; h < 60; ++h) {
      bool bulk = std::find(v->eligible.begin(), v->eligible.end(), h) != v->eligible.end();
      EXPECT_EQ(bulk, explained[h][o]) << "offer " << o << " household " << h;
    }
  }
}

TEST_F(Engine, BadCandidateSetsNameTheItem) {
  auto offers = CandidateSet::offers({offer(), json{{"financing", "PLUS"}}});
  ASSERT_FALSE(offers);
  EXPECT_TRUE(has_field(offers.error(), "offers[1].rent", "required"));
}

TEST_F(Engine, InfoDescribesTheSet) {
  auto info = engine_->info();
  EXPECT_EQ(info.version.size(), 16u);
  EXPECT_EQ(info.hash.size(), 64u);
  EXPECT_GE(info.rules.size(), 8u);
  EXPECT_TRUE(info.tests.ok());
  json out = alin::rules::to_json(info);
  EXPECT_EQ(out["version"], info.version);
  EXPECT_TRUE(out["rules"].is_array());
}

// A copy of the shipped rules whose parameters.csv ends with `added_rows`, in a folder of its own.
std::filesystem::path rules_with_parameters(const std::string& name,
                                            const std::string& added_rows) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  for (const auto& entry : fs::directory_iterator(kRules)) {
    if (entry.path().extension() == ".lua") fs::copy(entry.path(), root / entry.path().filename());
  }
  fs::create_directories(root / "data");
  for (const auto& entry : fs::directory_iterator(std::string(kRules) + "/data")) {
    if (entry.path().extension() == ".csv")
      fs::copy(entry.path(), root / "data" / entry.path().filename());
  }
  std::ofstream(root / "data" / "parameters.csv", std::ios::app) << added_rows;
  return root;
}

// The analysts' parameters as the kernel reads them: the row in force on the day.
TEST(EngineParameters, TheValueInForceOnTheDay) {
  // Twelve months under the terms, eighteen from 2027 in this copy.
  const auto root = rules_with_parameters(
      "alin-parameters", "rehousing_delay_months,18,2027-01-01,\"a test's own change\"\n");
  auto engine = RuleEngine::open({root.string(), {}});
  ASSERT_TRUE(engine) << engine.error().title;
  EXPECT_EQ((*engine)->parameter("rehousing_delay_months", *alin::rules::parse_date("2026-12-31")),
            12);
  EXPECT_EQ((*engine)->parameter("rehousing_delay_months", *alin::rules::parse_date("2027-01-01")),
            18);
  EXPECT_EQ((*engine)->parameter("rent_effort_factor", *alin::rules::parse_date("2026-06-01")), 3);
  EXPECT_FALSE((*engine)->parameter("no_such_parameter", *alin::rules::parse_date("2026-06-01")));
  EXPECT_FALSE(
      (*engine)->parameter("rehousing_delay_months", *alin::rules::parse_date("1999-12-31")))
      << "nothing in force before its first date";
  std::filesystem::remove_all(root);
}

// The kernel's reference income (a company's own ceiling, what a landlord is sent) follows
// income_n1_drop_percent as the income rule does, including a change of it in force later.
TEST(EngineParameters, TheKernelsReferenceIncomeFollowsTheN1Threshold) {
  using alin::requests::n1_drop_percent;
  using alin::requests::reference_tax_income;
  const auto root = rules_with_parameters(
      "alin-n1-threshold", "income_n1_drop_percent,20,2027-01-01,\"a test's own change\"\n");
  auto engine = RuleEngine::open({root.string(), {}});
  ASSERT_TRUE(engine) << engine.error().title;
  const alin::UnixSeconds in_2026 = 1798675200;  // 2026-12-31
  const alin::UnixSeconds in_2027 = 1798761600;  // 2027-01-01
  const RuleEngine* rules = engine.value().get();
  EXPECT_EQ(n1_drop_percent(rules, in_2026), 10);
  EXPECT_EQ(n1_drop_percent(rules, in_2027), 20);
  EXPECT_EQ(n1_drop_percent(nullptr, in_2027), 10) << "the arrêté's figure without rules";
  // 30,000 € in N−2: N−1 is retained from 27,000 € at 10 %, from 24,000 € at 20 %.
  EXPECT_EQ(reference_tax_income(30000, 27000, n1_drop_percent(rules, in_2026)), 27000);
  EXPECT_EQ(reference_tax_income(30000, 27001, n1_drop_percent(rules, in_2026)), 30000);
  EXPECT_EQ(reference_tax_income(30000, 27000, n1_drop_percent(rules, in_2027)), 30000);
  EXPECT_EQ(reference_tax_income(30000, 24000, n1_drop_percent(rules, in_2027)), 24000);
  EXPECT_EQ(reference_tax_income(30000, std::nullopt, 10), 30000);
  std::filesystem::remove_all(root);
}

}  // namespace
