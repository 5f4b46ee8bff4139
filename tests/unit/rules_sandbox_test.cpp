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
#include "alin/util/json_text.hpp"

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

-- alin.euros as it was written in Lua before it moved to C++: both must agree.
local function lua_euros(n)
  if type(n) ~= "number" then return tostring(n) end
  if n == math.huge then return "sans plafond" end
  local v = math.floor(n + 0.5)
  local sign = ""
  if v < 0 then sign, v = "-", -v end
  local s = string.format("%d", v)
  local head = #s % 3
  local parts = {}
  if head > 0 then parts[1] = string.sub(s, 1, head) end
  for i = head + 1, #s, 3 do parts[#parts + 1] = string.sub(s, i, i + 2) end
  return sign .. table.concat(parts, "\u{202F}") .. "\u{A0}€"
end

local function helpers()
  local values = { 0, 1, 7, 99, 999, 1000, 41200, 999999, 1000000, 1234567, 1000000000, -1, -1500,
                   -999999, 0.4, 0.5, 2.5, -2.5, 1499.5, 31254.49, 2040.0, 1e15, "x", true }
  for i = 1, 200 do values[#values + 1] = i * 7919 * i end
  local seen = {}
  for _, v in ipairs(values) do
    if alin.euros(v) ~= lua_euros(v) then
      error("euros(" .. tostring(v) .. "): " .. alin.euros(v) .. " instead of " .. lua_euros(v))
    end
    seen[#seen + 1] = alin.euros(v)
  end
  return { eligible = true, category = 1, zone = "autres_regions",
           reasons = { alin.reason("money", "info", table.concat(seen, "|", 1, 8)),
                       alin.reason("figures", "pass", "with figures", { a = 1, b = "b", c = 2.5, d = false }) } }
end

-- Reasons of every shape the engine reads: figures that are not a flat table of names (nested
-- tables, numbered keys, more names than its one-pass reading holds), every kind of value, and a
-- reason made by hand whose message comes from a metamethod.
local function odd_figures()
  local many = {}
  for i = 1, 30 do many["name" .. i] = i end
  local by_hand = setmetatable({ code = "by_hand", figures = { z = 1, a = 2, ab = 3, B = 4 } },
    { __index = function(_, k) if k == "message" then return "built " .. "on demand" end end })
  return { eligible = true, category = 2, zone = "autres_regions", ceiling = 1234.0, target = false,
           reasons = {
             alin.reason("nested", "info", "n", { list = { 1, 2, 3 }, map = { x = 1 }, empty = {} }),
             alin.reason("keys", "info", "k", { [1] = "one", [3] = "three", name = "x" }),
             alin.reason("many", "info", "m", many),
             alin.reason("kinds", "pass", "k",
               { f = 2.5, i = 7, b = true, s = "text", fn = tostring, big = 2 ^ 53, no = false }),
             by_hand,
             alin.reason("odd_text", "info", "dit \"oui\"\n\1\255 à \\", { ["clé\t"] = "\0" }) } }
end

function M.evaluate(h, o, ctx)
  if o.programme == "helpers" then return helpers() end
  if o.programme == "odd_figures" then return odd_figures() end
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

  // A household, and an offer whose programme names the rule file that answers for it.
  static json household() {
    return {{"members", {{{"role", "applicant"}, {"birthDate", "1990-01-01"}}}},
            {"taxIncomeN2", 10000},
            {"monthlyResources", 2000}};
  }
  static json offer(const std::string& programme) {
    return {{"financing", "PLUS"},
            {"typology", 2},
            {"rent", 400},
            {"commune", "35238"},
            {"programme", programme}};
  }

  alin::Result<alin::rules::Decision> run(const std::string& attack) {
    return engine_->evaluate(household(), offer(attack), *alin::rules::parse_date("2026-06-01"));
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

// alin.euros and alin.reason are written in C++: the same results as the Lua they replaced.
TEST_F(Sandbox, HelpersWrittenInCppAnswerAsTheLuaTheyReplaced) {
  auto result = run("helpers");
  ASSERT_TRUE(result) << result.error().title;
  ASSERT_EQ(result->reasons.size(), 2u);
  EXPECT_EQ(result->reasons[0].message,
            "0\u00A0€|1\u00A0€|7\u00A0€|99\u00A0€|999\u00A0€|1\u202F000\u00A0€|"
            "41\u202F200\u00A0€|999\u202F999\u00A0€");
  EXPECT_EQ(result->reasons[0].outcome, "info");
  EXPECT_EQ(result->reasons[0].figures, json::object());
  EXPECT_EQ(result->reasons[1].figures, json({{"a", 1}, {"b", "b"}, {"c", 2.5}, {"d", false}}));
}

// The response body read straight from Lua is the JSON of the Decision, and both are the general
// conversion of the figures, whatever their shape.
TEST_F(Sandbox, TheAnswersJsonIsTheDecisionsWhateverTheFigures) {
  const auto date = *alin::rules::parse_date("2026-06-01");
  auto decision = engine_->evaluate(household(), offer("odd_figures"), date);
  ASSERT_TRUE(decision) << decision.error().title;
  auto text = engine_->evaluate_json(household(), offer("odd_figures"), date);
  ASSERT_TRUE(text) << text.error().title;
  EXPECT_EQ(text.value(), alin::util::dump_json(alin::rules::to_json(*decision)));
  const json body = json::parse(text.value());
  json many = json::object();
  for (int i = 1; i <= 30; ++i) many["name" + std::to_string(i)] = i;
  const json expected = json::parse(R"({
    "asOf": "2026-06-01", "category": 2, "ceiling": 1234, "eligible": true, "target": false,
    "zone": "autres_regions",
    "reasons": [
      {"code": "nested", "outcome": "info", "message": "n",
       "figures": {"list": [1, 2, 3], "map": {"x": 1}, "empty": {}}},
      {"code": "keys", "outcome": "info", "message": "k",
       "figures": {"1": "one", "3": "three", "name": "x"}},
      {"code": "many", "outcome": "info", "message": "m", "figures": {}},
      {"code": "kinds", "outcome": "pass", "message": "k",
       "figures": {"f": 2.5, "i": 7, "b": true, "s": "text", "fn": null,
                   "big": 9007199254740992.0, "no": false}},
      {"code": "by_hand", "outcome": "info", "message": "built on demand",
       "figures": {"z": 1, "a": 2, "ab": 3, "B": 4}},
      {"code": "odd_text", "outcome": "info", "message": "dit \"oui\"\n\u0001\uFFFD à \\",
       "figures": {"clé\t": "\u0000"}}]})");
  json got = body;
  got.erase("ruleSetVersion");
  got["reasons"][2]["figures"] = json::object();
  EXPECT_EQ(got, expected);
  EXPECT_EQ(body["reasons"][2]["figures"], many);
  EXPECT_TRUE(body["reasons"][3]["figures"]["big"].is_number_float());
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
