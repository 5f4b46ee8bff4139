#include "alin/workflow/store_guards.hpp"

namespace alin::workflow {

std::set<std::string> kernel_effects() {
  return {"landlord.transmit", "applications.close_all", "applications.cancel_all",
          "applications.withdraw_all", "applications.rank_and_transmit"};
}

Result<GuardOutcome> StoreGuards::evaluate(const std::string& guard, const nlohmann::json& context,
                                           soci::session& sql) {
  if (guard != "request.no_application_with_landlord") {
    return Error::invalid("unknown_guard", "Garde inconnue : " + guard);
  }
  const std::string request_id = context.value("requestId", "");
  int with_landlord = 0;
  sql << "SELECT COUNT(*) FROM applications WHERE request_id = :r AND state IN ('transmitted', "
         "'contacted',"
         " 'committee_scheduled', 'allocated', 'waiting_list', 'similar_offer_proposed')",
      soci::use(request_id), soci::into(with_landlord);
  if (with_landlord == 0) return GuardOutcome{true, nlohmann::json::array()};
  return GuardOutcome{
      false,
      {{{"code", "application_with_landlord"},
        {"message",
         "Une candidature est transmise à un bailleur ou attribuée : la demande reste ouverte."},
        {"figures", {{"applications", with_landlord}}}}}};
}

}  // namespace alin::workflow
