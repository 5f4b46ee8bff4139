#pragma once
// Transmitting a shortlisted file to its landlord (RULES.md §5, step 3), through the landlord's
// plugin: what the kernel calls when an application is transmitted. The application flow calls
//   plan_transmission(sql, plugins, landlord_plugin, transmission, now)
// inside the transaction that moves the application to "transmitted": the plugin decides which
// documents go and which emails the applicant gets (In'li: its own email, socle documents only);
// the emails and a "landlord.transmit" effect are queued in that same transaction, and the
// outbox later calls the plugin's transmit() at least once (register_transmission).
#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <string>

#include "alin/outbox/outbox.hpp"
#include "alin/plugins/plugin_registry.hpp"
#include "alin/sdk/landlord.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"

namespace alin::landlords {

inline constexpr const char* kTransmitTopic = "landlord.transmit";

// Asks the plugin for its plan and queues its effects in the caller's transaction.
Result<sdk::TransmissionPlan> plan_transmission(soci::session& sql,
                                                const plugins::PluginRegistry& plugins,
                                                const std::string& plugin,
                                                const sdk::Transmission& transmission,
                                                UnixSeconds now);

// Reads an event a landlord reported in its own words into the platform's vocabulary.
Result<sdk::LandlordEvent> interpret_event(const plugins::PluginRegistry& plugins,
                                           const std::string& plugin,
                                           const sdk::LandlordReport& report);

// Registers the "landlord.transmit" handler: the plugin's transmit(), retried by the outbox; the
// landlord's reference from its receipt is kept on the application.
void register_transmission(outbox::Dispatcher& dispatcher, const plugins::PluginRegistry& plugins,
                           store::Database& database);

nlohmann::json to_json(const sdk::Transmission& transmission);
sdk::Transmission transmission_from_json(const nlohmann::json& json);

}  // namespace alin::landlords
