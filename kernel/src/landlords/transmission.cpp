#include "alin/landlords/transmission.hpp"

#include <stdexcept>

#include "alin/mail/mail.hpp"
#include "alin/requests/request_service.hpp"

namespace alin::landlords {
namespace {

Error no_plugin(const std::string& plugin) {
  return Error::of(ErrorKind::unprocessable, "site_unavailable",
                   "Le bailleur (" + plugin + ") n'est pas joignable pour le moment.");
}

}  // namespace

nlohmann::json to_json(const sdk::Transmission& t) {
  nlohmann::json documents = nlohmann::json::array();
  for (const auto& d : t.documents) {
    documents.push_back({{"kind", d.kind},
                         {"category", d.category},
                         {"socle", d.socle},
                         {"validUntil", d.valid_until}});
  }
  return {{"applicationId", t.application_id},
          {"offerId", t.offer_id},
          {"offerReference", t.offer_reference},
          {"landlordName", t.landlord_name},
          {"applicant",
           {{"lastName", t.applicant.last_name},
            {"firstName", t.applicant.first_name},
            {"email", t.applicant.email},
            {"uniqueNumber", t.applicant.unique_number}}},
          {"householdSize", t.household_size},
          {"taxIncome", t.tax_income},
          {"documents", documents}};
}

sdk::Transmission transmission_from_json(const nlohmann::json& j) {
  sdk::Transmission t;
  t.application_id = j.value("applicationId", "");
  t.offer_id = j.value("offerId", "");
  t.offer_reference = j.value("offerReference", "");
  t.landlord_name = j.value("landlordName", "");
  const auto a = j.value("applicant", nlohmann::json::object());
  t.applicant = {a.value("lastName", ""), a.value("firstName", ""), a.value("email", ""),
                 a.value("uniqueNumber", "")};
  t.household_size = j.value("householdSize", 1);
  t.tax_income = j.value("taxIncome", 0LL);
  for (const auto& d : j.value("documents", nlohmann::json::array())) {
    t.documents.push_back({d.value("kind", ""), d.value("category", ""), d.value("socle", false),
                           d.value("validUntil", "")});
  }
  return t;
}

Result<sdk::TransmissionPlan> plan_transmission(soci::session& sql,
                                                const plugins::PluginRegistry& plugins,
                                                const std::string& plugin,
                                                const sdk::Transmission& transmission,
                                                UnixSeconds now) {
  const auto landlord = plugins.landlord(plugin);
  if (!landlord) return no_plugin(plugin);
  auto plan = landlord->plan(transmission);
  if (!plan.ok()) return requests::from_plugin(plan.error());
  for (const auto& email : plan->emails) {
    mail::enqueue(
        sql, {transmission.applicant.email, email.subject, email.body, email.template_name}, now);
  }
  sdk::Transmission planned = transmission;
  planned.documents = plan->documents;  // only what the landlord's policy lets go
  nlohmann::json payload = to_json(planned);
  payload["plugin"] = plugin;
  outbox::enqueue(sql, kTransmitTopic, "transmit:" + transmission.application_id, payload, now);
  return plan.value();
}

Result<sdk::LandlordEvent> interpret_event(const plugins::PluginRegistry& plugins,
                                           const std::string& plugin,
                                           const sdk::LandlordReport& report) {
  const auto landlord = plugins.landlord(plugin);
  if (!landlord) return no_plugin(plugin);
  auto event = landlord->interpret(report);
  if (!event.ok()) return requests::from_plugin(event.error());
  return event.value();
}

void register_transmission(outbox::Dispatcher& dispatcher, const plugins::PluginRegistry& plugins,
                           store::Database& database) {
  dispatcher.register_handler(kTransmitTopic, [&plugins, &database](const outbox::Effect& effect) {
    const std::string plugin = effect.payload.value("plugin", "");
    const auto landlord = plugins.landlord(plugin);
    if (!landlord) throw std::runtime_error("landlord plugin '" + plugin + "' is not loaded");
    const sdk::Transmission transmission = transmission_from_json(effect.payload);
    auto receipt = landlord->transmit(transmission);
    if (!receipt.ok())
      throw std::runtime_error(receipt.error().code + ": " + receipt.error().message);
    // A repeated delivery gets the same reference from the landlord (the plugin's contract):
    // writing it again is harmless.
    const std::string reference = receipt.value().reference;
    database.write([&](soci::session& sql) {
      sql << "UPDATE applications SET landlord_reference = :r WHERE id = :id", soci::use(reference),
          soci::use(transmission.application_id);
    });
  });
}

}  // namespace alin::landlords
