// generic: the default landlord (RULES.md §5). It receives the shortlisted files with the
// documents its policy allows (setting `documents`: "all" or "socle"), and reports its events in
// the platform's own vocabulary (API.md: contacted, visitScheduled, committeeScheduled,
// committeeDecision with allocated | refused | waitingList, leaseSigned).
#include <set>

#include "alin/sdk/plugin.hpp"

namespace alin::landlords {
namespace {

class GenericLandlord final : public sdk::Landlord {
 public:
  static std::vector<alin_plugin_setting> settings() {
    return {{"documents", 0, "all", "documents transmitted: all (every confirmed one) or socle"}};
  }

  static sdk::Result<std::unique_ptr<GenericLandlord>> create(const sdk::Settings& settings) {
    const std::string documents = settings.get("documents", "all");
    if (documents != "all" && documents != "socle") {
      return sdk::fail(sdk::Fault::invalid, "bad_settings", "documents must be all or socle");
    }
    auto landlord = std::make_unique<GenericLandlord>();
    landlord->socle_only_ = documents == "socle";
    return landlord;
  }

  sdk::Result<sdk::TransmissionPlan> plan(const sdk::Transmission& t) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::TransmissionPlan> {
      sdk::TransmissionPlan plan;
      for (const auto& d : t.documents) {
        if (!socle_only_ || d.socle) plan.documents.push_back(d);
      }
      return plan;
    });
  }

  sdk::Result<sdk::Receipt> transmit(const sdk::Transmission& t) noexcept override {
    if (t.application_id.empty()) {
      return sdk::fail(sdk::Fault::invalid, "no_application", "transmission without application");
    }
    // The same application gives the same reference: a repeated delivery is one file.
    return sdk::Receipt{"GEN-" + t.application_id};
  }

  sdk::Result<sdk::LandlordEvent> interpret(const sdk::LandlordReport& r) noexcept override {
    static const std::set<std::string> types = {"contacted", "visitScheduled", "committeeScheduled",
                                                "committeeDecision", "leaseSigned"};
    static const std::set<std::string> decisions = {"allocated", "refused", "waitingList"};
    if (!types.count(r.type)) {
      return sdk::fail(sdk::Fault::invalid, "unknown_event", "Événement inconnu : " + r.type);
    }
    if ((r.type == "committeeDecision") != !r.decision.empty() ||
        (!r.decision.empty() && !decisions.count(r.decision))) {
      return sdk::fail(
          sdk::Fault::invalid, "bad_decision",
          "Une décision (allocated, refused, waitingList) accompagne committeeDecision, "
          "et elle seule.");
    }
    return sdk::LandlordEvent{r.type, r.decision, r.at};
  }

 private:
  bool socle_only_ = false;
};

}  // namespace
}  // namespace alin::landlords

ALIN_LANDLORD_PLUGIN(alin::landlords::GenericLandlord, "generic", "1.0.0",
                     "Bailleur générique : dossiers et pièces selon sa politique, événements au "
                     "vocabulaire de la plateforme")
