#pragma once
// What the rules answer. Every answer carries its reasons — a stable code, a French sentence and
// the figures used — and the version of the rule set that took it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace alin::rules {

struct Reason {
  std::string code;     // stable: "income_above_ceiling", "typology_mismatch", …
  std::string outcome;  // "pass", "fail" (this reason blocks) or "info"
  std::string
      message;  // French, for the person: "Votre revenu fiscal de référence 2024 (41 200 €) …"
  nlohmann::json figures = nlohmann::json::object();  // name → number, text or boolean
};

// One household × one offer: the shape of POST /admin/rules/evaluate and
// GET /me/offers/{id}/eligibility.
struct Decision {
  bool eligible = false;
  int category = 0;                  // household category, 1…6, 7+ above six
  std::string zone;                  // HLM zone of the offer's commune
  std::optional<long long> ceiling;  // income ceiling applied (none for short-term or unknown)
  bool target = false;               // target public (T 7.2); out of target is still eligible
  std::vector<Reason> reasons;
  std::string as_of;  // "2026-11-22"
  std::string rule_set_version;
};

// May the applicant apply to this offer, given the applications already in progress?
struct LimitsDecision {
  bool allowed = false;
  std::vector<Reason> reasons;  // the refusing reason ("limit_reached", "same_programme",
                                // "short_term_limit_reached", "already_applied") or "within_limits"
  std::string as_of;
  std::string rule_set_version;
};

struct RankedCandidate {
  std::string application_id;
  int rank = 0;       // 1 = first
  bool kept = false;  // among the files kept for the landlord
  std::vector<Reason> reasons;
};

struct RankingDecision {
  std::vector<RankedCandidate> ranked;  // in rank order
  std::vector<std::string> kept;        // application ids kept for the landlord, in rank order
  std::string as_of;
  std::string rule_set_version;
};

// Bulk verdicts: positions (0-based) of the eligible items of a CandidateSet, ascending.
struct BulkVerdicts {
  std::vector<std::uint32_t> eligible;  // positions in the candidate set, ascending
  std::size_t evaluated = 0;
  std::string as_of;
  std::string rule_set_version;
};

// JSON in the API's camelCase shapes.
nlohmann::json to_json(const Reason& reason);
nlohmann::json to_json(const Decision& decision);  // {eligible, category, zone, ceiling, target,
                                                   //  reasons, asOf, ruleSetVersion}
nlohmann::json to_json(const LimitsDecision& decision);
nlohmann::json to_json(const RankingDecision& decision);

}  // namespace alin::rules
