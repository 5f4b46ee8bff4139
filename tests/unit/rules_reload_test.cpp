// Reload: a new set is loaded and tested before it is swapped in; a syntax error or a failing
// table leaves the old set serving, and says where.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "alin/rules/rule_engine.hpp"

namespace {

namespace fs = std::filesystem;
using alin::rules::RuleEngine;
using nlohmann::json;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

void replace(const fs::path& path, const std::string& from, const std::string& to) {
  std::string text = read(path);
  auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  write(path, text);
}

class Reload : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("alin-reload-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const fs::path source = fs::path(ALIN_SOURCE_DIR) / "rules";
    for (const auto& entry : fs::directory_iterator(source)) {
      if (entry.path().filename() == "data" || entry.path().filename() == "tests") {
        fs::create_directories(dir_ / entry.path().filename());
        for (const auto& f : fs::directory_iterator(entry.path())) {
          if (f.is_regular_file())
            fs::copy_file(f.path(), dir_ / entry.path().filename() / f.path().filename());
        }
      } else if (entry.is_regular_file()) {
        fs::copy_file(entry.path(), dir_ / entry.path().filename());
      }
    }
    auto engine = RuleEngine::open({dir_.string(), {}});
    ASSERT_TRUE(engine) << engine.error().title;
    engine_ = std::move(engine.value());
    version_ = engine_->version();
  }
  void TearDown() override { fs::remove_all(dir_); }

  bool still_serves() {
    json h = {{"members", {{{"role", "applicant"}, {"birthDate", "1990-01-01"}}}},
              {"taxIncomeN2", 20000},
              {"monthlyResources", 3000}};
    json o = {{"financing", "PLUS"}, {"typology", 2}, {"rent", 500}, {"commune", "35238"}};
    auto d = engine_->evaluate(h, o, *alin::rules::parse_date("2026-06-01"));
    return d && d->eligible && d->rule_set_version == version_;
  }

  fs::path dir_;
  std::unique_ptr<RuleEngine> engine_;
  std::string version_;
};

TEST_F(Reload, ASyntaxErrorKeepsTheOldSetAndNamesFileAndLine) {
  replace(dir_ / "typology.lua", "return M\n", "return M end\n");
  auto report = engine_->reload();
  ASSERT_FALSE(report);
  ASSERT_FALSE(report.error().errors.empty());
  EXPECT_EQ(report.error().errors[0].field.rfind("typology.lua:", 0), 0u)
      << report.error().errors[0].field << " " << report.error().title;
  EXPECT_EQ(engine_->version(), version_);
  EXPECT_TRUE(still_serves());
}

TEST_F(Reload, FailingTablesKeepTheOldSetAndListTheCases) {
  // Four times the rent instead of three: the rent effort table no longer holds.
  replace(dir_ / "data" / "parameters.csv", "rent_effort_factor,3,", "rent_effort_factor,4,");
  auto report = engine_->reload();
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, "rules_tests_failed");
  bool names_case = false;
  for (const auto& e : report.error().errors) {
    names_case |= e.field.rfind("tests/rent_effort.csv:", 0) == 0 && e.code == "case_failed" &&
                  e.message.find("exactly three times") != std::string::npos;
  }
  EXPECT_TRUE(names_case) << report.error().title;
  EXPECT_EQ(engine_->version(), version_);
  EXPECT_TRUE(still_serves());
}

TEST_F(Reload, ARuntimeErrorWhileLoadingKeepsTheOldSet) {
  replace(dir_ / "zone.lua", "local by_commune", "local broken = nil + 1\nlocal by_commune");
  auto report = engine_->reload();
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().errors[0].field.rfind("zone.lua:", 0), 0u) << report.error().title;
  EXPECT_TRUE(still_serves());
}

TEST_F(Reload, AGoodChangeIsSwappedInWithANewVersion) {
  // A new dated value: from 2027 the factor is 2.5; 2026 decisions are unchanged.
  write(dir_ / "data" / "parameters.csv",
        read(dir_ / "data" / "parameters.csv") + "rent_effort_factor,2.5,2027-01-01,test\n");
  auto report = engine_->reload();
  ASSERT_TRUE(report) << report.error().title;
  EXPECT_TRUE(report->changed);
  EXPECT_EQ(report->previous_version, version_);
  EXPECT_NE(engine_->version(), version_);
  EXPECT_EQ(report->tests.failures.size(), 0u);
  EXPECT_GT(report->tests.cases, 50u);
  json h = {{"members", {{{"role", "applicant"}, {"birthDate", "1990-01-01"}}}},
            {"taxIncomeN2", 20000},
            {"monthlyResources", 1400}};
  json o = {{"financing", "PLUS"}, {"typology", 2}, {"rent", 500}, {"commune", "35238"}};
  auto y2026 = engine_->evaluate(h, o, *alin::rules::parse_date("2026-12-31"));
  auto y2027 = engine_->evaluate(h, o, *alin::rules::parse_date("2027-01-01"));
  ASSERT_TRUE(y2026 && y2027);
  EXPECT_FALSE(y2026->eligible);  // 1 400 < 3 × 500
  EXPECT_TRUE(y2027->eligible);   // 1 400 ≥ 2.5 × 500
  EXPECT_EQ(y2027->rule_set_version, engine_->version());
}

TEST_F(Reload, EvaluationsDuringReloadsNeverFail) {
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      json h = {{"members", {{{"role", "applicant"}, {"birthDate", "1990-01-01"}}}},
                {"taxIncomeN2", 20000},
                {"monthlyResources", 3000}};
      json o = {{"financing", "PLUS"}, {"typology", 2}, {"rent", 500}, {"commune", "35238"}};
      while (!stop) {
        auto d = engine_->evaluate(h, o, *alin::rules::parse_date("2026-06-01"));
        if (!d || !d->eligible) ++failures;
        ++done;
      }
    });
  }
  for (int i = 0; i < 3; ++i) {
    auto report = engine_->reload();
    EXPECT_TRUE(report) << report.error().title;
  }
  replace(dir_ / "income.lua", "return M\n", "return M +\n");
  EXPECT_FALSE(engine_->reload());
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(done, 0);
}

}  // namespace
