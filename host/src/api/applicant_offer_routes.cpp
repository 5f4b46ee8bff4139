// The offers an active applicant sees (API.md "Offers and applications"): eligible ones only, in
// three tabs with their counts; an offer's detail with the applicant's position; why any offer is
// or is not open to them. The use cases are in kernel/src/offers/applicant_offers.cpp.
#include "alin/offers/applicant_offers.hpp"
#include "alin/util/json_text.hpp"
#include "api/routes.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

// A query parameter that must be one of `allowed`, or the 400 naming it.
std::string query_choice(const http::Request& request, const std::string& name,
                         const std::string& fallback, const std::vector<std::string>& allowed) {
  if (!request.has_query(name)) return fallback;
  const std::string value = request.query_value(name);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw http::ProblemException(
        http::bad_request("invalid_input", "Certains paramètres ne sont pas valides.",
                          {{name, "not_allowed", name + " vaut l'un de : " + list + "."}}));
  }
  return value;
}

// The offers' JSON as their department's offers set rendered it.
std::vector<const std::string*> rendered(const std::vector<offers::ListedOffer>& offers) {
  std::vector<const std::string*> texts;
  texts.reserve(offers.size());
  for (const auto& o : offers) texts.push_back(o.json);
  return texts;
}

}  // namespace

void add_applicant_offer_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  auto& offers = *services.applicant_offers;

  router.add("GET", api + "/me/offers",
             {"The eligible offers in three tabs (tab=requested|neighbouring|department) with each "
              "tab's count; radiusKm 0–100 widens the requested towns; filters rooms, housing, "
              "reducedMobility, minRent, maxRent (rent + charges); page, pageSize",
              {"applicant"},
              nullptr,
              {200, 400, 401, 403, 404, 409},
              "offers"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               offers::OfferQuery q;
               q.tab = query_choice(request, "tab", "requested",
                                    {"requested", "neighbouring", "department"});
               q.radius_km = query_integer(request, "radiusKm", 0, 0, 100);
               if (request.has_query("rooms")) q.rooms = query_integer(request, "rooms", 0, 1, 6);
               q.housing = query_choice(request, "housing", "", {"house", "flat"});
               if (request.has_query("reducedMobility")) {
                 q.reduced_mobility =
                     query_choice(request, "reducedMobility", "", {"true", "false"}) == "true";
               }
               if (request.has_query("minRent"))
                 q.min_rent = query_integer(request, "minRent", 0, 0, 100000);
               if (request.has_query("maxRent"))
                 q.max_rent = query_integer(request, "maxRent", 0, 0, 100000);
               q.page = query_integer(request, "page", 1, 1, 100000);
               q.page_size = query_integer(request, "pageSize", 20, 1, 100);
               const auto listing = unwrap(offers.list(principal.account_id, q));
               return http::json_response(200,
                                          {{"tab", q.tab},
                                           {"total", listing.total},
                                           {"page", listing.page},
                                           {"pageSize", listing.page_size},
                                           {"counts",
                                            {{"requested", listing.requested},
                                             {"neighbouring", listing.neighbouring},
                                             {"department", listing.department}}},
                                           {"ruleSetVersion", listing.rule_set_version}},
                                          "items", rendered(listing.items));
             });

  router.add(
      "GET", api + "/me/offers/{id}",
      {"An offer's detail: deadline, availableFrom, position {rank, eligibleApplicants}, "
       "similar offers",
       {"applicant"},
       nullptr,
       {200, 401, 403, 404, 409},
       "offers"},
      [&](http::Request& request) {
        const Principal principal = require(services, request, {Role::applicant});
        const auto detail =
            unwrap(offers.detail(principal.account_id, request.path_params.at("id")));
        nlohmann::json out(nlohmann::json::value_t::object);
        out["position"] = {{"rank", detail.position.rank ? nlohmann::json(*detail.position.rank)
                                                         : nlohmann::json(nullptr)},
                           {"eligibleApplicants", detail.position.eligible_applicants}};
        // A published offer as its set rendered it for the listings; another rendered now.
        const std::string rendered_now =
            detail.offer_json ? "" : util::dump_json(offers::OfferService::to_json(detail.offer));
        return http::json_response(200, out, "similar", rendered(detail.similar),
                                   detail.offer_json ? *detail.offer_json : rendered_now);
      });

  router.add("GET", api + "/me/offers/{id}/eligibility",
             {"Why an offer is or is not open to the applicant, with every reason and figure "
              "(also for offers not shown)",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404},
              "offers"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               return http::json_text_response(
                   200,
                   unwrap(offers.eligibility(principal.account_id, request.path_params.at("id"))));
             });
}

}  // namespace alin::host
