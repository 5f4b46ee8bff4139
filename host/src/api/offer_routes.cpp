// Offers: landlords publish, extend and withdraw; visitors browse the showcase.
#include "api/routes.hpp"
#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

nlohmann::json page_json(const offers::Page& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& offer : page.items) items.push_back(offers::OfferService::to_json(offer));
  return {
      {"items", items}, {"total", page.total}, {"page", page.page}, {"pageSize", page.page_size}};
}

const nlohmann::json kOfferSchema = {
    {"type", "object"},
    {"required",
     {"programme", "reference", "kind", "financing", "typology", "housing", "surface", "rent",
      "charges", "commune", "address", "availableFrom", "deadline"}},
    {"properties",
     {{"programme", {{"type", "string"}}},
      {"reference", {{"type", "string"}}},
      {"kind", {{"enum", {"classic", "shortTermIdentified", "shortTermType"}}}},
      {"financing", {{"enum", {"PLAI", "PLUS", "PLS", "PLI"}}}},
      {"pliZone",
       {{"enum", {"A_bis", "A", "B1", "B2_C"}},
        {"description", "PLI offers only, and required for them: the zone of their ceilings"}}},
      {"typology", {{"type", "integer"}, {"minimum", 1}, {"maximum", 6}}},
      {"housing", {{"enum", {"house", "flat"}}}},
      {"surface", {{"type", "integer"}}},
      {"rent", {{"type", "integer"}}},
      {"charges", {{"type", "integer"}}},
      {"commune", {{"type", "string"}, {"description", "INSEE code"}}},
      {"address", {{"type", "string"}}},
      {"lat", {{"type", "number"}}},
      {"lon", {{"type", "number"}}},
      {"floor", {{"type", "integer"}}},
      {"reducedMobility", {{"type", "boolean"}}},
      {"availableFrom", {{"type", "string"}, {"format", "date"}}},
      {"deadline", {{"type", "string"}, {"format", "date"}}},
      {"showcase", {{"type", "boolean"}}}}}};

}  // namespace

void add_offer_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  auto& offers = *services.offers;

  router.add(
      "GET", api + "/showcase/offers",
      {"The public showcase: published offers flagged for it (?region=&department=&city=&page=)",
       {},
       nullptr,
       {200, 400},
       "offers"},
      [&](http::Request& request) {
        offers::ShowcaseQuery query;
        query.region = request.query_value("region");
        query.department = request.query_value("department");
        query.commune = request.query_value("city");
        query.page = query_integer(request, "page", 1, 1, 100000);
        query.page_size = query_integer(request, "pageSize", 20, 1, 100);
        return http::json_response(200, page_json(offers.showcase(query)));
      });

  router.add("GET", api + "/landlord/offers",
             {"Your offers, newest first, whatever their state (?page=&pageSize=)",
              {"landlord"},
              nullptr,
              {200, 400, 401, 403},
              "landlord"},
             [&](http::Request& request) {
               const Principal landlord = require(services, request, {Role::landlord});
               const int page = query_integer(request, "page", 1, 1, 100000);
               const int page_size = query_integer(request, "pageSize", 20, 1, 100);
               return http::json_response(
                   200, page_json(offers.of_landlord(landlord.organisation_id, page, page_size)));
             });

  router.add(
      "POST", api + "/landlord/offers",
      {"Publish an offer", {"landlord"}, kOfferSchema, {201, 400, 401, 403, 409}, "landlord"},
      [&](http::Request& request) {
        const Principal landlord = require(services, request, {Role::landlord});
        const auto body = http::parse_json_object(request);
        const offers::Offer offer = unwrap(offers.parse(body));
        return http::json_response(
            201,
            offers::OfferService::to_json(unwrap(offers.publish(landlord.organisation_id, offer))));
      });

  router.add(
      "PATCH", api + "/landlord/offers/{id}",
      {"Extend (deadline), show or hide (showcase), or withdraw ({\"state\":\"withdrawn\"}) one of "
       "your offers",
       {"landlord"},
       {{"type", "object"},
        {"properties",
         {{"deadline", {{"type", "string"}, {"format", "date"}}},
          {"showcase", {{"type", "boolean"}}},
          {"state", {{"enum", {"withdrawn"}}}}}}},
       {200, 400, 401, 403, 404, 409},
       "landlord"},
      [&](http::Request& request) {
        const Principal landlord = require(services, request, {Role::landlord});
        const auto body = http::parse_json_object(request);
        http::JsonInput in(body);
        offers::OfferChange change;
        change.deadline = in.optional_string("deadline", 10);
        change.showcase = in.optional_bool("showcase");
        if (const auto state = in.optional_string("state", 20)) {
          if (*state == "withdrawn")
            change.withdraw = true;
          else
            in.add_error("state", "invalid_state", "Seul le retrait (withdrawn) est possible ici.");
        }
        in.finish();
        const auto offer =
            unwrap(offers.change(landlord.organisation_id, request.path_params.at("id"), change));
        return http::json_response(200, offers::OfferService::to_json(offer));
      });
}

}  // namespace alin::host
