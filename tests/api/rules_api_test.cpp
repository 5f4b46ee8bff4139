// The rules over HTTP: an explained decision, what is loaded, a reload that fails safe.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

json household(long long income) {
  return {{"members",
           {{{"role", "applicant"}, {"birthDate", "1980-04-02"}},
            {{"role", "coApplicant"}, {"birthDate", "1982-09-14"}}}},
          {"coupleStatus", "married"},
          {"taxIncomeN2", income},
          {"monthlyResources", 3400},
          {"housingBenefit", 0}};
}

const json kOffer = {
    {"financing", "PLUS"}, {"typology", 3}, {"rent", 610}, {"charges", 90}, {"commune", "29019"}};

class RulesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    // A private copy of the rules, so a test can break it.
    rules_ = std::make_unique<TempDir>();
    std::filesystem::copy(source_dir() + "/rules", rules_->path(),
                          std::filesystem::copy_options::recursive);
    HostOptions options;
    options.demo = true;
    options.config["demo.offers"] = "0";
    options.config["paths.rules"] = rules_->path();
    host_ = std::make_unique<HostProcess>(options);
    analyst_ = host_->login("analyste@alin.demo", "Demo2026alin");
  }

  std::unique_ptr<TempDir> rules_;
  std::unique_ptr<HostProcess> host_;
  std::string analyst_;
};

TEST_F(RulesApi, EvaluateExplainsWithFigures) {
  const Reply reply = host_->post(
      "/api/v1/admin/rules/evaluate",
      {{"household", household(41200)}, {"offer", kOffer}, {"asOf", "2026-03-01"}}, analyst_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json& decision = reply.json();
  EXPECT_FALSE(decision["eligible"].get<bool>());
  EXPECT_EQ(decision["category"], 2);
  EXPECT_EQ(decision["zone"], "autres_regions");
  EXPECT_EQ(decision["ceiling"], 31254) << "PLUS 2026, category 2, other regions";
  bool found = false;
  for (const auto& reason : decision["reasons"]) {
    if (reason["code"] != "income_above_ceiling") continue;
    found = true;
    EXPECT_EQ(reason["figures"]["income"], 41200);
    EXPECT_EQ(reason["figures"]["ceiling"], 31254);
    EXPECT_NE(reason["message"].get<std::string>().find("dépasse le plafond PLUS 2026"),
              std::string::npos);
  }
  EXPECT_TRUE(found) << reply.body;
  EXPECT_FALSE(decision["ruleSetVersion"].get<std::string>().empty());

  // At the ceiling exactly, eligible on income.
  const Reply at_ceiling = host_->post(
      "/api/v1/admin/rules/evaluate",
      {{"household", household(31254)}, {"offer", kOffer}, {"asOf", "2026-03-01"}}, analyst_);
  EXPECT_TRUE(at_ceiling.json()["eligible"].get<bool>()) << at_ceiling.body;
}

TEST_F(RulesApi, BadCasesNameTheirFields) {
  json bad = household(41200);
  bad["members"][0]["birthDate"] = "1980-02-30";
  bad["taxIncomeN2"] = "beaucoup";
  const Reply reply = host_->post("/api/v1/admin/rules/evaluate",
                                  {{"household", bad}, {"offer", kOffer}}, analyst_);
  ASSERT_EQ(reply.status, 400) << reply.body;
  std::set<std::string> fields;
  for (const auto& e : reply.json()["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_TRUE(fields.count("household.members[0].birthDate")) << reply.body;
  EXPECT_TRUE(fields.count("household.taxIncomeN2")) << reply.body;
}

TEST_F(RulesApi, OnlyAnalystsAndAdmins) {
  const std::string applicant = host_->login("camille.martin@example.fr", "Demo2026alin");
  EXPECT_EQ(host_->get("/api/v1/admin/rules", applicant).status, 403);
  EXPECT_EQ(host_
                ->post("/api/v1/admin/rules/evaluate",
                       {{"household", household(1)}, {"offer", kOffer}}, applicant)
                .status,
            403);
  EXPECT_EQ(host_->post("/api/v1/admin/rules/reload", json::object(), applicant).status, 403);
  EXPECT_EQ(host_->get("/api/v1/admin/rules", host_->admin_token()).status, 200);
}

TEST_F(RulesApi, AReloadThatFailsKeepsTheOldSetServing) {
  const Reply before = host_->get("/api/v1/admin/rules", analyst_);
  ASSERT_EQ(before.status, 200);
  const std::string version = before.json()["version"];

  // A syntax error in a rule file.
  const std::string rule = rules_->path() + "/typology.lua";
  { std::ofstream(rule, std::ios::app) << "\nthis is not lua (\n"; }
  const Reply broken = host_->post("/api/v1/admin/rules/reload", json::object(), analyst_);
  EXPECT_EQ(broken.status, 409) << broken.body;
  EXPECT_NE(broken.body.find("typology.lua"), std::string::npos) << "the error names the file";
  EXPECT_EQ(host_->get("/api/v1/admin/rules", analyst_).json()["version"], version);
  EXPECT_EQ(host_
                ->post("/api/v1/admin/rules/evaluate",
                       {{"household", household(41200)}, {"offer", kOffer}}, analyst_)
                .status,
            200)
      << "still serving";

  // Put it back: the reload passes and the version is the same content hash again.
  std::filesystem::copy_file(source_dir() + "/rules/typology.lua", rule,
                             std::filesystem::copy_options::overwrite_existing);
  const Reply fixed = host_->post("/api/v1/admin/rules/reload", json::object(), analyst_);
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(fixed.json()["version"], version);
}

}  // namespace
