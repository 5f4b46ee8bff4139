// inli: In'li (RULES.md §5, CGU T 11.28). When a file is transmitted the applicant gets an email
// saying In'li will contact them and that they will need an In'li account; In'li receives the
// "socle" documents only (identity, resources, tax notice N-1: T 2.1). In'li reports its events in
// its own words (PRISE_CONTACT, VISITE_PLANIFIEE, PASSAGE_CAL, DECISION_CAL, BAIL_SIGNE).
#include <map>

#include "alin/sdk/plugin.hpp"

namespace alin::landlords {
namespace {

class Inli final : public sdk::Landlord {
 public:
  static std::vector<alin_plugin_setting> settings() {
    return {{"account_url", 0, "https://www.inli.fr", "where applicants open their In'li account"}};
  }

  static sdk::Result<std::unique_ptr<Inli>> create(const sdk::Settings& settings) {
    auto inli = std::make_unique<Inli>();
    inli->account_url_ = settings.get("account_url", "https://www.inli.fr");
    return inli;
  }

  sdk::Result<sdk::TransmissionPlan> plan(const sdk::Transmission& t) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::TransmissionPlan> {
      sdk::TransmissionPlan plan;
      for (const auto& d : t.documents) {
        if (d.socle) plan.documents.push_back(d);
      }
      plan.landlord_account_required = true;
      plan.note = "In'li contactera le candidat ; il devra ouvrir un compte In'li.";
      sdk::ApplicantEmail email;
      email.template_name = "inli_contact";
      email.subject = "Votre candidature est transmise à In'li";
      email.body = "Bonjour " + t.applicant.first_name + " " + t.applicant.last_name + ",\n\n" +
                   "Votre candidature pour le logement " + t.offer_reference +
                   " a été transmise au bailleur In'li.\n\n" +
                   "In'li va prendre contact avec vous pour la suite de votre dossier. Pour "
                   "poursuivre, vous devrez ouvrir un compte In'li (" +
                   account_url_ + ") : In'li vous indiquera comment faire.\n\n" +
                   "Seules vos pièces du socle (pièce d'identité, justificatifs de ressources, "
                   "avis d'imposition) lui ont été transmises.\n\n" +
                   "L'équipe AL'in";
      plan.emails.push_back(std::move(email));
      return plan;
    });
  }

  sdk::Result<sdk::Receipt> transmit(const sdk::Transmission& t) noexcept override {
    for (const auto& d : t.documents) {
      if (!d.socle) {
        return sdk::fail(sdk::Fault::invalid, "not_socle",
                         "In'li ne reçoit que les pièces du socle : " + d.kind + " refusée.");
      }
    }
    return sdk::Receipt{"INLI-" + t.application_id};
  }

  sdk::Result<sdk::LandlordEvent> interpret(const sdk::LandlordReport& r) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::LandlordEvent> {
      static const std::map<std::string, std::string> types = {
          {"PRISE_CONTACT", "contacted"},
          {"VISITE_PLANIFIEE", "visitScheduled"},
          {"PASSAGE_CAL", "committeeScheduled"},
          {"DECISION_CAL", "committeeDecision"},
          {"BAIL_SIGNE", "leaseSigned"}};
      static const std::map<std::string, std::string> decisions = {
          {"ATTRIBUE", "allocated"}, {"REFUSE", "refused"}, {"LISTE_ATTENTE", "waitingList"}};
      const auto type = types.find(r.type);
      if (type == types.end()) {
        return sdk::fail(sdk::Fault::invalid, "unknown_event",
                         "Événement In'li inconnu : " + r.type);
      }
      std::string decision;
      if (type->second == "committeeDecision") {
        const auto d = decisions.find(r.decision);
        if (d == decisions.end()) {
          return sdk::fail(sdk::Fault::invalid, "bad_decision",
                           "Décision CAL In'li inconnue : " + r.decision);
        }
        decision = d->second;
      }
      return sdk::LandlordEvent{type->second, decision, r.at};
    });
  }

 private:
  std::string account_url_;
};

}  // namespace
}  // namespace alin::landlords

ALIN_LANDLORD_PLUGIN(alin::landlords::Inli, "inli", "1.0.0",
                     "In'li : e-mail « In'li va vous contacter », compte In'li requis, pièces du "
                     "socle uniquement (CGU T 11.28)")
