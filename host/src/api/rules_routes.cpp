// The rules for analysts and admins: what is loaded, one case explained, a reload.
#include "alin/rules/rule_engine.hpp"
#include "api/routes.hpp"
#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

rules::Date today(const Clock& clock) {
  return rules::parse_date(format_utc(clock.now()).substr(0, 10)).value();
}

}  // namespace

void add_rules_routes(http::Router& router, Services& services) {
  const std::string api = kApi;

  router.add(
      "GET", api + "/admin/rules",
      {"The rule set being served: version, rules, data files, the test run that admitted it",
       {"admin", "analyst"},
       nullptr,
       {200, 401, 403},
       "rules"},
      [&](http::Request& request) {
        require(services, request, {Role::admin, Role::analyst});
        return http::json_response(200, rules::to_json(services.rules->info()));
      });

  router.add(
      "POST", api + "/admin/rules/reload",
      {"Reload the rules folder: its test tables must pass, or the current set keeps serving",
       {"admin", "analyst"},
       nullptr,
       {200, 401, 403, 409},
       "rules"},
      [&](http::Request& request) {
        require(services, request, {Role::admin, Role::analyst});
        auto report = services.rules->reload();
        if (!report) {
          // The files are at fault, not the request: a conflict with the running set.
          Error error = report.error();
          error.kind = ErrorKind::conflict;
          fail(error);
        }
        return http::json_response(200, rules::to_json(*report));
      });

  router.add("POST", api + "/admin/rules/evaluate",
             {"The rules on one case, nothing stored: {household, offer, asOf?} → verdict, "
              "reasons, figures",
              {"admin", "analyst"},
              {{"type", "object"},
               {"required", {"household", "offer"}},
               {"properties",
                {{"household", {{"type", "object"}}},
                 {"offer", {{"type", "object"}}},
                 {"asOf", {{"type", "string"}, {"format", "date"}}}}}},
              {200, 400, 401, 403},
              "rules"},
             [&](http::Request& request) {
               require(services, request, {Role::admin, Role::analyst});
               const auto body = http::parse_json_object(request);
               return http::json_text_response(200, unwrap(services.rules->evaluate_request_json(
                                                        body, today(*services.clock))));
             });

  router.add(
      "POST", api + "/admin/rules/simulate",
      {"A candidate rule set against the current data, nothing stored: for each published offer "
       "of a department, how many of its active requests are eligible now and under the "
       "candidate; the candidate's test tables are run and reported",
       {"admin", "analyst"},
       {{"type", "object"},
        {"required", {"department", "files"}},
        {"properties",
         {{"department", {{"type", "string"}, {"maxLength", 3}}},
          {"asOf", {{"type", "string"}, {"format", "date"}}},
          {"files",
           {{"type", "object"},
            {"description",
             "path in the rules folder (income.lua, data/income_ceilings.csv, tests/income.csv) "
             "→ its new content, or null to remove it"},
            {"additionalProperties", {{"type", {"string", "null"}}}}}}}}},
       {200, 400, 401, 403},
       "rules"},
      [&](http::Request& request) {
        require(services, request, {Role::admin, Role::analyst});
        const auto body = http::parse_json_object(request);
        http::JsonInput in(body);
        offers::SimulationInput input;
        input.department = in.required_string("department", 3);
        input.as_of = in.optional_string("asOf", 10).value_or("");
        const nlohmann::json files = in.required_object("files");
        in.finish();
        for (const auto& [path, content] : files.items()) {
          if (content.is_null()) {
            input.files[path] = std::nullopt;
          } else if (content.is_string()) {
            input.files[path] = content.get<std::string>();
          } else {
            fail(Error::invalid("invalid_input", "Certains champs ne sont pas valides.",
                                {{"files." + path, "not_a_string",
                                  "Le contenu du fichier, en texte, ou null pour le retirer."}}));
          }
        }
        return http::json_response(200, unwrap(services.rules_simulation->run(input)));
      });
}

}  // namespace alin::host
