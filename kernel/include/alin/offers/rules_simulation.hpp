#pragma once
// POST /admin/rules/simulate (API.md): a candidate rule set against the current data, before it
// is reloaded — how many of a department's active requests are eligible for each of its published
// offers under the rules being served, and under the candidate.
//
// The candidate is the served rules folder with some files replaced, added or removed (a new
// ceiling in data/income_ceilings.csv, an edited income.lua…). Its test tables are run and
// reported, but do not stop the simulation: a changed ceiling is expected to break the boundary
// cases written for the old one, and the analyst wants to see the effect before fixing them.
// Nothing is stored and nothing is served: the candidate lives in a temporary folder for the
// duration of the call.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "alin/offers/applicant_offers.hpp"
#include "alin/offers/offer_service.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"

namespace alin::offers {

struct SimulationInput {
  // Path inside the rules folder ("income.lua", "data/income_ceilings.csv", "tests/income.csv")
  // → the candidate's content, or nullopt to remove the file.
  std::map<std::string, std::optional<std::string>> files;
  std::string department;  // "75", "2A"
  std::string as_of;       // "2026-12-01"; "" for today
};

class RulesSimulation {
 public:
  RulesSimulation(const rules::RuleEngine& current, std::string rules_directory, const Clock& clock,
                  std::shared_ptr<const geo::Geography> geography, const OfferService& offers,
                  ApplicantOffers& applicant_offers)
      : current_(current),
        rules_directory_(std::move(rules_directory)),
        clock_(clock),
        geography_(std::move(geography)),
        offers_(offers),
        applicant_offers_(applicant_offers) {}

  // {department, asOf, current:{version}, candidate:{version, tests}, offers:[{offerId,
  // reference, programme, commune, financing, typology, before, after}], totals:{offers, before,
  // after, changed}}. Invalid input names its field; a candidate that does not load is invalid
  // with the file and line at fault.
  Result<nlohmann::json> run(const SimulationInput& input) const;

 private:
  const rules::RuleEngine& current_;
  std::string rules_directory_;
  const Clock& clock_;
  std::shared_ptr<const geo::Geography> geography_;
  const OfferService& offers_;
  ApplicantOffers& applicant_offers_;
};

}  // namespace alin::offers
