#pragma once
// The rules engine: the platform's business rules, written in Lua by analysts (rules/*.lua), with
// their reference data (rules/data/*.csv) and test tables (rules/tests/*.csv).
//
// The host keeps one RuleEngine. Every call is thread-safe: each thread checks a sandboxed Lua
// state out of the current rule set's pool. reload() builds a new rule set in fresh states, runs
// its test tables, and only then swaps it in; on any failure the old set keeps serving.
//
//   auto engine = alin::rules::RuleEngine::open({.directory = "rules"});
//   // POST /admin/rules/evaluate, body {household, offer, asOf?}:
//   auto decision = engine.value()->evaluate_request(body, today);   // Result<Decision>
//   if (decision) reply(200, alin::rules::to_json(*decision));
//   else reply(400, decision.error());                                // FieldErrors with paths
//   // POST /admin/rules/reload:
//   auto report = engine.value()->reload();  // Result<ReloadReport>; error lists file:line, cases
//   // GET /admin/rules:
//   reply(200, alin::rules::to_json(engine.value()->info()));
//
// Inputs are the API's JSON shapes (docs/analysts.md, ../../shared/API.md):
//   household  {members:[{role, birthDate, disabled?}], coupleStatus?, taxIncomeN2, taxIncomeN1?,
//               monthlyResources, housingBenefit?, priorityFlags?, employment?:{contribution:
//               "PEEC"|"PEAEC"|"PSEEC"|null, employees, sector:"agricultural"|"nonAgricultural",
//               pseecRightsLeft?}, recognition?:{kind:"DALO"|"DAHO", validUntil}}
//   offer      {id?, programme?, kind?, financing, typology, rent, charges?, commune, pliZone?}
//   limits     {offer:{id, kind, typology, programme}, applications:[{offerId, kind, typology,
//               programme}]}   — the applicant's active applications
//   ranking    {offer:{kind}, candidates:[{applicationId, appliedAt, documents:"complete"|"socle"|
//               "incomplete", target, priorityFlags?}]}
// Bad input is an Error of kind invalid whose FieldErrors carry the JSON path, a code and a French
// message. A failing rule (Lua error, instruction budget or memory cap) is an Error with code
// "rule_failed" naming the rule file and line: never a verdict.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alin/rules/candidate_set.hpp"
#include "alin/rules/decision.hpp"
#include "alin/util/error.hpp"

namespace alin::rules {

using Date = std::chrono::year_month_day;

// "2026-11-22" → Date; nullopt for anything else (including 2026-02-30).
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date date);

struct SandboxLimits {
  std::uint64_t instructions = 1'000'000;        // per decision (evaluate, limits, ranking)
  std::uint64_t instructions_per_item = 5'000;   // added per candidate in bulk calls and set loads
  std::uint64_t load_instructions = 50'000'000;  // compiling and running the rule files once
  std::size_t memory_bytes = 128u << 20;         // per Lua state: rules, data, loaded sets, call
  std::size_t cached_sets = 16;                  // candidate sets kept loaded per state
};

struct EngineOptions {
  std::string directory = "rules";
  SandboxLimits limits{};
};

// One failing case of a test table, or a table that could not run.
struct CaseFailure {
  std::string table;    // "tests/income.csv"
  int line = 0;         // line in the table
  std::string name;     // the case column
  std::string message;  // what differed: "eligible: expected yes, got no (reasons: …)"
};

struct TestReport {
  std::size_t tables = 0;
  std::size_t cases = 0;
  std::size_t passed = 0;
  std::vector<CaseFailure> failures;
  bool ok() const { return failures.empty(); }
};

struct RuleSetInfo {
  std::string version;  // 16 hex digits of the SHA-256 of every file of the set
  std::string hash;     // the full SHA-256
  std::string directory;
  std::string loaded_at;                                   // ISO 8601 UTC
  std::vector<std::pair<std::string, std::string>> rules;  // (file name, decision) in name order
  std::vector<std::string> data_files;
  TestReport tests;  // the run that admitted this set
};

struct ReloadReport {
  std::string previous_version;
  std::string version;
  bool changed = false;  // false when the files are unchanged (the set is still reloaded)
  TestReport tests;
};

nlohmann::json to_json(const TestReport& report);
nlohmann::json to_json(const RuleSetInfo& info);
nlohmann::json to_json(const ReloadReport& report);

class RuleSet;  // internal: the compiled set and its pool of Lua states

class RuleEngine {
 public:
  // Loads `options.directory`, runs its test tables, and refuses to start on any failure.
  static Result<std::unique_ptr<RuleEngine>> open(EngineOptions options);
  ~RuleEngine();

  // One explained decision, as of a date (the reference data in force that day).
  Result<Decision> evaluate(const nlohmann::json& household, const nlohmann::json& offer,
                            Date as_of) const;
  // The body of POST /admin/rules/evaluate: {household, offer, asOf?}; asOf defaults to `today`.
  Result<Decision> evaluate_request(const nlohmann::json& body, Date today) const;
  // The same two, answered as the response body's text itself: byte for byte to_json(*evaluate(…))
  // as the host dumps it (compact, UTF-8, invalid bytes replaced), written from the rules' result
  // in one pass (no Decision nor JSON tree in between, every text and figure copied once).
  Result<std::string> evaluate_json(const nlohmann::json& household, const nlohmann::json& offer,
                                    Date as_of) const;
  Result<std::string> evaluate_request_json(const nlohmann::json& body, Date today) const;

  // May the applicant apply? (limits input above). Refusals are a LimitsDecision, not an Error.
  Result<LimitsDecision> check_limits(const nlohmann::json& input, Date as_of) const;
  // The order of the applications on one offer and the files kept (ranking input above).
  Result<RankingDecision> rank(const nlohmann::json& input, Date as_of) const;

  // Bulk verdicts without reasons: one household × every offer of `offers`, and one offer ×
  // every household of `households`. Explain any single pair with evaluate().
  Result<BulkVerdicts> eligible_offers(const nlohmann::json& household, const CandidateSet& offers,
                                       Date as_of) const;
  Result<BulkVerdicts> eligible_households(const nlohmann::json& offer,
                                           const CandidateSet& households, Date as_of) const;

  // Re-reads the same folder (or `directory`), runs its tables and swaps it in. On failure the
  // Error lists each problem as FieldError{field: "income.lua:12" or "tests/income.csv:7",
  // code, message} and the current set keeps serving.
  Result<ReloadReport> reload();
  Result<ReloadReport> reload(const std::string& directory);

  // A value of data/parameters.csv (name,value,from,source) in force on `on` in the served set,
  // for the kernel's own uses of the analysts' parameters (rehousing_delay_months at import);
  // nullopt when the set has no such parameter in force that day.
  std::optional<double> parameter(std::string_view name, Date on) const;

  RuleSetInfo info() const;  // GET /admin/rules
  std::string version() const;

  // Loads a folder and runs its tables without serving it: `alin rules test <dir>`. The Error is
  // for a set that does not load; failing cases are in the report.
  static Result<TestReport> test_directory(const std::string& directory, SandboxLimits limits = {});

 private:
  RuleEngine(EngineOptions options, std::shared_ptr<const RuleSet> set);
  std::shared_ptr<const RuleSet> current() const;

  EngineOptions options_;
  mutable std::mutex current_mutex_;  // guards current_ (a pointer swap; never held long)
  std::shared_ptr<const RuleSet> current_;
  std::mutex reload_mutex_;  // one reload at a time
};

}  // namespace alin::rules
