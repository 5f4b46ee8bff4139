// Sandbox abuse: rules that loop, eat memory, reach for io/os, load bytecode or touch another
// rule's globals end in an error naming the file and line, within the budget, and the engine
// keeps evaluating afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "alin/rules/rule_engine.hpp"

namespace {

namespace fs = std::filesystem;
using alin::rules::RuleEngine;
using nlohmann::json;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A rule set whose eligibility rule runs the attack named by the offer's programme.
const char* kEligibility = R"LUA(local M = { decision = "eligibility" }
local other = rule("other")
local attacks = {}
attacks.loop = function() while true do end end
attacks.recursion = function() local function f(n) return f(n + 1) + 1 end return f(1) end
attacks.memory = function() local t = {} while true do t[#t + 1] = string.rep("x", 4000) .. #t end end
attacks.rep = function() return #string.rep("x", 1 << 30) end
attacks.rep_method = function() return #("x"):rep(1 << 30) end
attacks.io = function() return io.open("/etc/passwd") end
attacks.os = function() return os.execute("touch /tmp/alin-pwned") end
attacks.bytecode = function()
  local f, err = load("\27LuaT\0\25\147\13\10\26\10\4\8\8")
  if f then return "loaded" end
  error(err)
end
attacks.require = function() return require("io") end
attacks.dofile = function() return dofile("/etc/passwd") end
attacks.collectgarbage = function() return collectgarbage("count") end
attacks.other_global = function()
  if secret ~= nil then return "leaked" end
  if string.upper("a") ~= "A" then return "string library changed by another rule" end
  error("no secret here")
end
attacks.write_other = function() other.value = 2 end
attacks.write_alin = function() alin.euros = nil end
attacks.string_metatable = function() return getmetatable("").__index end
attacks.gc = function() setmetatable({}, { __gc = function() while true do end end }) end
attacks.pcall_loop = function() pcall(function() while true do end end) return "survived" end
attacks.pcall_memory = function() pcall(string.rep, "x", 1 << 30) return "survived" end
attacks.random = function() return math.random() end

function M.evaluate(h, o, ctx)
  local attack = attacks[o.programme]
  if attack then attack() end
  return { eligible = true, category = 1, zone = "autres_regions",
           reasons = { alin.reason("ok", "pass", "ok", {}) } }
end
function M.offer_columns(offers) return { n = #offers } end
function M.applicant_columns(hs) return { n = #hs } end
function M.offers_for(h, set) return {}, 0 end
function M.applicants_for(o, set) return {}, 0 end
return M
)LUA";

const char* kOther = R"LUA(secret = 42
string.upper = nil
return { value = 1 }
)LUA";

const char* kLimits = R"LUA(return { decision = "limits", evaluate = function()
  return { allowed = true, reasons = { alin.reason("ok", "pass", "ok") } } end }
)LUA";

const char* kRanking = R"LUA(return { decision = "ranking", evaluate = function()
  return { ranked = {}, kept = {} } end }
)LUA";

class Sandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("alin-sandbox-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    write(dir_ / "eligibility.lua", kEligibility);
    write(dir_ / "other.lua", kOther);
    write(dir_ / "application_limits.lua", kLimits);
    write(dir_ / "ranking.lua", kRanking);
    write(dir_ / "data" / "parameters.csv", "name,value,from\n");
    alin::rules::EngineOptions options{dir_.string(), {}};
    options.limits.instructions = 2'000'000;
    options.limits.memory_bytes = 32u << 20;
    auto engine = RuleEngine::open(options);
    ASSERT_TRUE(engine) << engine.error().title;
    engine_ = std::move(engine.value());
  }
  void TearDown() override { fs::remove_all(dir_); }

  alin::Result<alin::rules::Decision> run(const std::string& attack) {
    json household = {{"members", {{{"role", "applicant"}, {"birthDate", "1990-01-01"}}}},
                      {"taxIncomeN2", 10000},
                      {"monthlyResources", 2000}};
    json offer = {{"financing", "PLUS"},
                  {"typology", 2},
                  {"rent", 400},
                  {"commune", "35238"},
                  {"programme", attack}};
    return engine_->evaluate(household, offer, *alin::rules::parse_date("2026-06-01"));
  }

  fs::path dir_;
  std::unique_ptr<RuleEngine> engine_;
};

TEST_F(Sandbox, EveryAttackIsAnErrorWithFileAndLineAndTheEngineStillServes) {
  const std::map<std::string, std::string> expected_code = {
      {"loop", "instruction_budget"},
      {"recursion", "memory_cap"},
      {"memory", "memory_cap"},
      {"rep", "memory_cap"},
      {"rep_method", "memory_cap"},
      {"io", "lua_error"},
      {"os", "lua_error"},
      {"bytecode", "lua_error"},
      {"require", "lua_error"},
      {"dofile", "lua_error"},
      {"collectgarbage", "lua_error"},
      {"other_global", "lua_error"},
      {"write_other", "lua_error"},
      {"write_alin", "lua_error"},
      {"string_metatable", "lua_error"},
      {"gc", "lua_error"},
      {"pcall_loop", "instruction_budget"},
      {"pcall_memory", "memory_cap"},
      {"random", "lua_error"},
  };
  for (const auto& [attack, code] : expected_code) {
    auto start = std::chrono::steady_clock::now();
    auto result = run(attack);
    auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(result) << attack << " gave a verdict";
    const auto& error = result.error();
    EXPECT_EQ(error.code, "rule_failed") << attack;
    ASSERT_EQ(error.errors.size(), 1u) << attack;
    EXPECT_EQ(error.errors[0].code, code) << attack << ": " << error.title;
    EXPECT_EQ(error.errors[0].field.rfind("eligibility.lua:", 0), 0u)
        << attack << " names " << error.errors[0].field << " (" << error.title << ")";
    EXPECT_LT(elapsed, std::chrono::seconds(5)) << attack;
    // The engine still evaluates.
    auto after = run("none");
    ASSERT_TRUE(after) << "after " << attack << ": " << after.error().title;
    EXPECT_TRUE(after->eligible);
  }
  EXPECT_FALSE(fs::exists("/tmp/alin-pwned"));
}

TEST_F(Sandbox, BytecodeIsRefusedAsBinary) {
  auto result = run("bytecode");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().title.find("binary chunk"), std::string::npos) << result.error().title;
}

TEST_F(Sandbox, AnotherRulesGlobalsAreNotVisible) {
  auto result = run("other_global");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().title.find("no secret here"), std::string::npos) << result.error().title;
}

TEST_F(Sandbox, ARuleFileThatLoopsAtLoadTimeIsRefused) {
  write(dir_ / "eligibility.lua", "while true do end\n");
  alin::rules::SandboxLimits limits;
  limits.load_instructions = 1'000'000;
  auto report = RuleEngine::test_directory(dir_.string(), limits);
  ASSERT_FALSE(report);
  ASSERT_FALSE(report.error().errors.empty());
  EXPECT_EQ(report.error().errors[0].field, "eligibility.lua:1");
  EXPECT_EQ(report.error().errors[0].code, "instruction_budget");
}

}  // namespace
