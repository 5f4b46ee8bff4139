#pragma once
// Where an application stands among the others on its offer (CGU 13.2): its rank by the ranking
// rules, as the applicant sees it on the offer detail and in their list of applications.
#include <soci/soci.h>

#include <optional>
#include <string>

#include "alin/rules/rule_engine.hpp"
#include "alin/util/clock.hpp"

namespace alin::applications {

// The rank (1 = first) of the request's live application on the offer, by the ranking rules
// applied to every live application of that offer; nullopt when the request has none there.
std::optional<int> rank_of(soci::session& sql, const rules::RuleEngine& rules,
                           const std::string& offer_id, const std::string& request_id,
                           UnixSeconds now);

}  // namespace alin::applications
