#pragma once
// What the application use cases share: reading rows inside the caller's transaction, and the
// shapes the rules read (offer, limits, ranking input).
#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "alin/applications/application_service.hpp"
#include "alin/offers/offer.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/util/clock.hpp"

namespace alin::applications::detail {

// The application row (without offer, position or history), or nullopt.
std::optional<Application> load_application(soci::session& sql, const std::string& id);

// The application's workflow instance id, or "".
std::string instance_id(soci::session& sql, const std::string& application_id);

// "complete" (every document confirmed and in date), "socle" (the socle ones are), "incomplete".
std::string documents_status(soci::session& sql, const std::string& request_id,
                             const std::string& today);

// The ranking input over the live applications of an offer in `states` (RuleEngine::rank).
nlohmann::json ranking_input(soci::session& sql, const offers::Offer& offer,
                             const std::vector<std::string>& states, const std::string& today);

rules::Date as_of(const Clock& clock);
std::string today_text(const Clock& clock);
std::string iso_time(UnixSeconds at);

// "'a', 'b'" for an IN list of trusted constants.
std::string in_list(const std::vector<std::string>& states);

}  // namespace alin::applications::detail
