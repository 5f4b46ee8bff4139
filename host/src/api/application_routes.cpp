// Applications over HTTP (API.md): the applicant applies, lists and cancels; an adviser validates
// and closes an offer; a landlord reads the files transmitted for its offers and reports events.
// The use cases are in kernel/src/applications.
#include "alin/applications/application_service.hpp"
#include "api/routes.hpp"
#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

const nlohmann::json kString = {{"type", "string"}};

// A staff account of a landlord or a company must belong to one.
std::string organisation_of(const Principal& principal) {
  if (principal.organisation_id.empty()) {
    throw http::ProblemException(
        {403, "forbidden", "Votre compte n'est rattaché à aucune organisation.", "", {}});
  }
  return principal.organisation_id;
}

}  // namespace

void add_application_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  auto& applications = *services.applications;

  router.add(
      "POST", api + "/me/applications",
      {"Apply to an offer; refusals are 409 with the rules' reason code (limit_reached, "
       "same_programme, short_term_limit_reached, already_applied, not_eligible, "
       "request_not_active, offer_closed)",
       {"applicant"},
       {{"type", "object"}, {"properties", {{"offerId", kString}}}, {"required", {"offerId"}}},
       {201, 400, 401, 403, 404, 409},
       "applications"},
      [&](http::Request& request) {
        const Principal principal = require(services, request, {Role::applicant});
        const auto body = http::parse_json_object(request);
        http::JsonInput in(body);
        const std::string offer_id = in.required_string("offerId", 64);
        in.finish();
        const auto application = unwrap(applications.apply(principal.account_id, offer_id));
        services.outbox->notify();
        return http::json_response(201, applications::to_json(application));
      });

  router.add("GET", api + "/me/applications",
             {"The applicant's applications, current and past: step 1–7, state, position, history",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404},
              "applications"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               nlohmann::json items = nlohmann::json::array();
               for (const auto& a : unwrap(applications.of_applicant(principal.account_id))) {
                 items.push_back(applications::to_json(a));
               }
               return http::json_response(200, {{"items", items}});
             });

  router.add("DELETE", api + "/me/applications/{id}",
             {"Cancel an application, until it is transmitted to the landlord (then 409)",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404, 409},
              "applications"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               const auto application =
                   unwrap(applications.cancel(principal.account_id, request.path_params.at("id")));
               return http::json_response(200, applications::to_json(application));
             });

  for (const bool valid : {true, false}) {
    router.add("POST", api + "/adviser/applications/{id}/" + (valid ? "validate" : "invalidate"),
               {valid ? "Step 2: the adviser validates the application"
                      : "Step 2: the adviser invalidates the application",
                {"adviser"},
                nullptr,
                {200, 401, 403, 404, 409},
                "back office"},
               [&, valid](http::Request& request) {
                 const Principal principal = require(services, request, {Role::adviser});
                 const auto application = unwrap(applications.adviser_decide(
                     principal.account_id, request.path_params.at("id"), valid));
                 services.outbox->notify();
                 return http::json_response(200, applications::to_json(application));
               });
  }

  router.add("POST", api + "/adviser/offers/{id}/close",
             {"Close an offer's applications now (the deadline timer does it too): rank, transmit "
              "the first validated files, archive the others",
              {"adviser"},
              nullptr,
              {202, 401, 403, 404, 409},
              "back office"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::adviser});
               const std::string offer_id = request.path_params.at("id");
               unwrap(applications.close_offer(principal.account_id, offer_id));
               services.outbox->notify();
               return http::json_response(202, {{"offerId", offer_id}, {"state", "closed"}});
             });

  router.add("GET", api + "/landlord/offers/{id}/applications",
             {"The files transmitted for one of the landlord's offers, with the documents its "
              "plugin allows",
              {"landlord"},
              nullptr,
              {200, 401, 403, 404},
              "landlords"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::landlord});
               return http::json_response(
                   200, unwrap(applications.transmitted_files(organisation_of(principal),
                                                              request.path_params.at("id"))));
             });

  router.add(
      "POST", api + "/landlord/applications/{id}/events",
      {"Steps 4–7: contact, visit, committee, decision, lease, in the platform's words or in the "
       "landlord's own, which its plugin reads",
       {"landlord"},
       {{"type", "object"},
        {"properties",
         {{"type",
           {{"type", "string"},
            {"maxLength", 40},
            {"description",
             "contacted, visitScheduled, committeeScheduled, committeeDecision, "
             "leaseSigned, similarOfferProposed; or the landlord's own word (In'li: "
             "PRISE_CONTACT, VISITE_PLANIFIEE, PASSAGE_CAL, DECISION_CAL, BAIL_SIGNE)"}}},
          {"decision",
           {{"type", "string"},
            {"maxLength", 20},
            {"description",
             "with committeeDecision: allocated, refused, waitingList (In'li: ATTRIBUE, "
             "REFUSE, LISTE_ATTENTE)"}}},
          {"at", {{"type", "string"}, {"format", "date-time"}}}}},
        {"required", {"type"}}},
       {200, 400, 401, 403, 404, 409},
       "landlords"},
      [&](http::Request& request) {
        const Principal principal = require(services, request, {Role::landlord});
        const auto body = http::parse_json_object(request);
        http::JsonInput in(body);
        applications::LandlordEventInput event;
        event.type = in.required_string("type", 40);
        event.decision = in.optional_string("decision", 20).value_or("");
        event.at = in.optional_string("at", 40).value_or("");
        in.finish();
        const auto application = unwrap(applications.landlord_event(
            organisation_of(principal), request.path_params.at("id"), event));
        services.outbox->notify();
        return http::json_response(200, applications::to_json(application));
      });
}

}  // namespace alin::host
