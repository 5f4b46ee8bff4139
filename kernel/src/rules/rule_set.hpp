#pragma once
// An immutable, compiled rule set: its files, its version, and a pool of sandboxed Lua states
// holding it (one checked out per call, so one per busy thread). Inputs are already normalised
// (rules/input.hpp).
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "alin/rules/rule_engine.hpp"
#include "rules/input.hpp"
#include "rules/rule_source.hpp"
#include "rules/sandbox.hpp"

namespace alin::rules {

class RuleSet {
 public:
  // Compiles the set in a first state (kept in the pool); Lua errors name file and line.
  static Result<std::shared_ptr<RuleSet>> load(RuleSource source, const SandboxLimits& limits);

  const RuleSource& source() const { return source_; }
  const std::vector<RuleInfo>& rules() const { return rules_; }
  const std::string& version() const { return version_; }
  const SandboxLimits& limits() const { return limits_; }

  // Inputs as normal-form JSON (test tables) or as read structs (the engine's calls, pushed
  // straight into Lua).
  Result<Decision> evaluate(const nlohmann::json& household, const nlohmann::json& offer,
                            const std::string& as_of) const;
  Result<Decision> evaluate(const HouseholdInput& household, const OfferInput& offer,
                            const std::string& as_of) const;
  // The decision as the text of to_json(Decision), dumped as the host dumps it: written from
  // Lua straight into it.
  Result<std::string> evaluate_json(const HouseholdInput& household, const OfferInput& offer,
                                    const std::string& as_of) const;
  Result<LimitsDecision> limits(const nlohmann::json& input, const std::string& as_of) const;
  Result<RankingDecision> rank(const nlohmann::json& input, const std::string& as_of) const;
  Result<BulkVerdicts> offers_for(const nlohmann::json& household, const CandidateSet& offers,
                                  const std::string& as_of) const;
  Result<BulkVerdicts> households_for(const nlohmann::json& offer, const CandidateSet& households,
                                      const std::string& as_of) const;
  Result<BulkVerdicts> offers_for(const HouseholdInput& household, const CandidateSet& offers,
                                  const std::string& as_of) const;
  Result<BulkVerdicts> households_for(const OfferInput& offer, const CandidateSet& households,
                                      const std::string& as_of) const;

  // Set once, before the set is shared: the test run that admitted it and when.
  TestReport tests;
  std::string loaded_at;

 private:
  class Lease;
  RuleSet(RuleSource source, const SandboxLimits& limits)
      : source_(std::move(source)), version_(source_.version()), limits_(limits) {}
  Result<Lease> checkout() const;
  void give_back(std::unique_ptr<Sandbox> sandbox) const;
  Status ensure_loaded(Sandbox& sandbox, const CandidateSet& set, const std::string& as_of,
                       std::string& key) const;
  Result<Decision> evaluate_pushed(const Sandbox::Push& push, const std::string& as_of) const;
  Result<BulkVerdicts> bulk(const char* entry, const Sandbox::Push& push_one,
                            const CandidateSet& set, const std::string& as_of) const;

  RuleSource source_;
  std::string version_;  // recorded with every decision: built once, not per call
  SandboxLimits limits_;
  std::vector<RuleInfo> rules_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<Sandbox>> idle_;
};

}  // namespace alin::rules
