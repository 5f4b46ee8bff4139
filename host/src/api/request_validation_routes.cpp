// Validating requests (API.md "Back office"): the employer's validation by a company user, Action
// Logement's by an adviser, in either order; either may reject with a reason. The use cases are in
// kernel/src/requests/request_lifecycle.cpp.
#include <set>

#include "api/routes.hpp"
#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

const nlohmann::json kReason = {
    {"type", "object"},
    {"properties",
     {{"reason", {{"type", "string"}, {"description", "French, for the applicant"}}}}},
    {"required", {"reason"}}};

std::string reason_of(http::Request& request) {
  const auto body = http::parse_json_object(request);
  http::JsonInput in(body);
  std::string reason = in.required_string("reason", 1000);
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos && !reason.empty()) {
    in.add_error("reason", "required", "Indiquez le motif du refus.");
  }
  in.finish();
  return reason;
}

}  // namespace

void add_request_validation_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  auto& lifecycle = *services.request_lifecycle;

  for (const bool valid : {true, false}) {
    router.add(
        "POST", api + "/company/requests/{id}/" + (valid ? "validate" : "reject"),
        {valid ? "The employer validates one of its applicants' requests (consent level 2 or 3)"
               : "The employer rejects the request, with a reason the applicant reads",
         {"company"},
         valid ? nlohmann::json(nullptr) : kReason,
         valid ? std::vector<int>{200, 401, 403, 404, 409, 422}
               : std::vector<int>{200, 400, 401, 403, 404, 409},
         "back office"},
        [&, valid](http::Request& request) {
          const Principal principal = require(services, request, {Role::company});
          if (principal.organisation_id.empty()) {
            throw http::ProblemException(
                {403, "forbidden", "Votre compte n'est rattaché à aucune entreprise.", "", {}});
          }
          const std::string reason = valid ? "" : reason_of(request);
          const auto decided =
              unwrap(lifecycle.company_decide(principal.organisation_id, principal.account_id,
                                              request.path_params.at("id"), valid, reason));
          services.outbox->notify();
          return http::json_response(200, decided);
        });

    router.add("POST", api + "/adviser/requests/{id}/" + (valid ? "validate" : "reject"),
               {valid ? "Action Logement validates the request"
                      : "Action Logement rejects the request, with a reason the applicant reads",
                {"adviser"},
                valid ? nlohmann::json(nullptr) : kReason,
                {200, 400, 401, 403, 404, 409},
                "back office"},
               [&, valid](http::Request& request) {
                 const Principal principal = require(services, request, {Role::adviser});
                 const std::string reason = valid ? "" : reason_of(request);
                 const auto decided = unwrap(lifecycle.adviser_decide(
                     principal.account_id, request.path_params.at("id"), valid, reason));
                 services.outbox->notify();
                 return http::json_response(200, decided);
               });
  }

  router.add("GET", api + "/adviser/requests",
             {"The adviser's queue: requests in a state (default submitted), oldest first",
              {"adviser"},
              nullptr,
              {200, 400, 401, 403},
              "back office"},
             [&](http::Request& request) {
               require(services, request, {Role::adviser});
               static const std::set<std::string> states = {
                   "submitted", "company_validated", "adviser_validated",
                   "active",    "rejected",          "suspended",
                   "closed"};
               const std::string state =
                   request.has_query("state") ? request.query_value("state") : "submitted";
               if (!states.count(state)) {
                 throw http::ProblemException(
                     http::bad_request("invalid_input", "Certains paramètres ne sont pas valides.",
                                       {{"state", "unknown_state", "État inconnu."}}));
               }
               const int page = query_integer(request, "page", 1, 1, 100000);
               const int page_size = query_integer(request, "pageSize", 20, 1, 100);
               return http::json_response(200, lifecycle.queue(state, page, page_size));
             });
}

}  // namespace alin::host
