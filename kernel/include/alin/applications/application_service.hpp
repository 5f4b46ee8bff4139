#pragma once
// Applications (RULES.md §5; API.md "Offers and applications", "Back office"): what happens when
// someone applies, and everything after — the seven steps of workflows/application.json.
//
//   apply      the request must be active, the offer published and open, the household eligible
//              (rules: eligibility) and within the limits (rules: application_limits); one
//              transaction inserts the application and starts its workflow (step 1).
//   validate   an adviser validates or invalidates (step 2).
//   close      the offer's deadline timer or an adviser closes the offer; after commit the outbox
//              runs "applications.rank_and_transmit": the ranking rules order the live files, the
//              first ones validated are transmitted to the landlord's plugin (step 3, its plan and
//              emails in the same transaction), the others archived as not kept, with an email.
//   landlord   contact, visit, committee, decision, lease (steps 4–7), in the platform's words.
//
// The application row mirrors its workflow instance (state, step) inside each transition's
// transaction (Engine::observe), whoever fires it: a person, a timer or an effect.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "alin/outbox/outbox.hpp"
#include "alin/plugins/plugin_registry.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"
#include "alin/workflow/engine.hpp"

namespace alin::offers {
class OfferService;
}

namespace alin::applications {

struct HistoryStep {
  UnixSeconds at = 0;
  std::string state;
  std::optional<int> step;
  std::string event, actor;
};

struct Application {
  std::string id, request_id, offer_id, state;
  int step = 1;
  UnixSeconds applied_at = 0, updated_at = 0;
  bool target = true;
  std::optional<int> closing_rank;
  nlohmann::json offer;         // the offer's API shape, for lists
  std::optional<int> position;  // rank among the live applications of the offer
  std::vector<HistoryStep> history;
  int revision = 0;
};

// A landlord's event in the platform's vocabulary (API.md POST /landlord/applications/{id}/events).
struct LandlordEventInput {
  std::string type;      // contacted | visitScheduled | committeeScheduled | committeeDecision |
                         // leaseSigned
  std::string decision;  // allocated | refused | waitingList (committeeDecision only)
  std::string at;        // ISO 8601 or ""
};

class ApplicationService {
 public:
  ApplicationService(store::Database& database, const Clock& clock, const rules::RuleEngine& rules,
                     workflow::Engine& workflows, const plugins::PluginRegistry& plugins);

  // Registers the observers of the application and offer workflows and the outbox handlers of the
  // kernel effects (rank_and_transmit, withdraw_all, close_all, cancel_all); makes `offers` start
  // and follow the offer workflow. Once, before serving.
  void wire(outbox::Dispatcher& outbox, offers::OfferService& offers);

  // POST /me/applications. Refusals are conflicts with the rules' reason code (limit_reached,
  // same_programme, short_term_limit_reached, already_applied, not_eligible, request_not_active,
  // offer_closed) and the reasons in `details`.
  Result<Application> apply(const std::string& account_id, const std::string& offer_id);
  // DELETE /me/applications/{id}: until the file is transmitted (then 409 already_transmitted).
  Result<Application> cancel(const std::string& account_id, const std::string& application_id);
  // GET /me/applications: current and past, newest first, with position and history.
  Result<std::vector<Application>> of_applicant(const std::string& account_id);

  // POST /adviser/applications/{id}/validate | invalidate.
  Result<Application> adviser_decide(const std::string& adviser_id,
                                     const std::string& application_id, bool valid);
  // POST /adviser/offers/{id}/close: closes now (the ranking runs after commit).
  Status close_offer(const std::string& adviser_id, const std::string& offer_id);

  // GET /landlord/offers/{id}/applications: the files transmitted for one of the landlord's
  // offers, each with the documents its plugin's plan allows.
  Result<nlohmann::json> transmitted_files(const std::string& landlord_id,
                                           const std::string& offer_id);
  // POST /landlord/applications/{id}/events.
  Result<Application> landlord_event(const std::string& landlord_id,
                                     const std::string& application_id,
                                     const LandlordEventInput& event);

  // The "applications.rank_and_transmit" effect, also callable directly (tests, tools).
  Status rank_and_transmit(const std::string& offer_id);

 private:
  Result<Application> fire(soci::session& sql, const std::string& application_id,
                           const std::string& event, const workflow::Actor& actor,
                           const nlohmann::json& patch = nlohmann::json::object());
  Status mirror(soci::session& sql, const workflow::Instance& instance);
  Status plan_transmission(soci::session& sql, const std::string& application_id);
  Status fire_on_live(const std::string& column, const std::string& subject_id,
                      const std::vector<std::string>& from_states, const std::string& event);

  store::Database& database_;
  const Clock& clock_;
  const rules::RuleEngine& rules_;
  workflow::Engine& workflows_;
  const plugins::PluginRegistry& plugins_;
};

nlohmann::json to_json(const Application& application);

// The states an application is still live in (not terminal).
const std::vector<std::string>& live_states();

}  // namespace alin::applications
