// Back office for admins: organisations, staff users, the emails sent, the test clock.
#include "api/routes.hpp"
#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {

void add_admin_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  const nlohmann::json kString = {{"type", "string"}};
  const nlohmann::json kInteger = {{"type", "integer"}};

  router.add(
      "POST", api + "/admin/organisations",
      {"Create a company (siret, name, employees, sector, contribution, policy) or a landlord "
       "(name, plugin)",
       {"admin"},
       {{"type", "object"},
        {"properties",
         {{"kind", {{"enum", {"company", "landlord"}}}},
          {"siret", kString},
          {"name", kString},
          {"employees", kInteger},
          {"sector", {{"enum", {"agricultural", "non_agricultural"}}}},
          {"contribution", {{"enum", {"PEEC", "PEAEC", "PSEEC"}}}},
          {"pseecRightsLeft", kInteger},
          {"policy", kString},
          {"plugin", kString}}},
        {"required", {"name"}}},
       {201, 400, 401, 403, 409},
       "admin"},
      [&](http::Request& request) {
        require(services, request, {Role::admin});
        const auto body = http::parse_json_object(request);
        http::JsonInput in(body);
        // A company is told by its SIRET; `kind` may say it explicitly.
        std::string kind = in.optional_string("kind", 20)
                               .value_or(body.contains("siret") ? "company" : "landlord");
        if (kind != "company" && kind != "landlord")
          in.add_error("kind", "invalid_kind", "Le type doit être company ou landlord.");
        const std::string name = in.required_string("name", 400);
        std::string id;
        if (kind == "company") {
          organisations::NewCompany company;
          company.name = name;
          company.siret = in.required_string("siret", 20);
          company.employees = in.required_integer("employees", 0, 10'000'000);
          company.sector = in.required_string("sector", 40);
          company.contribution = in.required_string("contribution", 10);
          company.pseec_rights_left = in.optional_integer("pseecRightsLeft", 0, 1'000'000'000);
          company.policy = in.optional_string("policy", 200).value_or("");
          in.finish();
          id = unwrap(services.organisations->create_company(company));
        } else {
          organisations::NewLandlord landlord{name, in.optional_string("plugin", 200).value_or("")};
          in.finish();
          id = unwrap(services.organisations->create_landlord(landlord));
        }
        return http::json_response(201, {{"id", id}, {"kind", kind}});
      });

  router.add("POST", api + "/admin/users",
             {"Create a staff user (adviser, company, landlord, analyst, admin); emails an "
              "activation link",
              {"admin"},
              {{"type", "object"},
               {"properties",
                {{"email", kString},
                 {"lastName", kString},
                 {"firstName", kString},
                 {"role", {{"enum", {"adviser", "company", "landlord", "analyst", "admin"}}}},
                 {"organisationId", kString}}},
               {"required", {"email", "lastName", "firstName", "role"}}},
              {201, 400, 401, 403, 409},
              "admin"},
             [&](http::Request& request) {
               require(services, request, {Role::admin});
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               accounts::NewStaffUser user;
               user.email = in.required_string("email", 320);
               user.last_name = in.required_string("lastName", 400);
               user.first_name = in.required_string("firstName", 400);
               user.role = in.required_string("role", 20);
               user.organisation_id = in.optional_string("organisationId", 100).value_or("");
               in.finish();
               const std::string id = unwrap(services.accounts->create_staff_user(user));
               services.outbox->notify();
               return http::json_response(201, {{"id", id}});
             });

  router.add("GET", api + "/admin/messages",
             {"The emails sent, newest first (?to= one address, ?limit= up to 500)",
              {"admin"},
              nullptr,
              {200, 400, 401, 403},
              "admin"},
             [&](http::Request& request) {
               require(services, request, {Role::admin});
               std::optional<std::string> to;
               if (request.has_query("to")) to = request.query_value("to");
               int limit = 100;
               if (request.has_query("limit")) {
                 const std::string text = request.query_value("limit");
                 const bool digits = !text.empty() && text.size() <= 3 &&
                                     std::all_of(text.begin(), text.end(), ::isdigit);
                 if (!digits || std::stoi(text) < 1 || std::stoi(text) > 500) {
                   throw http::ProblemException(http::bad_request(
                       "invalid_input", "Certains paramètres ne sont pas valides.",
                       {{"limit", "out_of_range", "limit doit être un entier entre 1 et 500."}}));
                 }
                 limit = std::stoi(text);
               }
               const auto emails = services.database->read(
                   [&](soci::session& sql) { return mail::list(sql, to, limit); });
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : emails) {
                 nlohmann::json item = {{"id", e.id},
                                        {"to", e.email.to},
                                        {"subject", e.email.subject},
                                        {"body", e.email.body},
                                        {"template", e.email.template_name},
                                        {"createdAt", format_utc(e.created_at)}};
                 item["sentAt"] =
                     e.sent_at ? nlohmann::json(format_utc(*e.sent_at)) : nlohmann::json(nullptr);
                 items.push_back(item);
               }
               return http::json_response(200, {{"items", items}});
             });

  router.add("GET", api + "/admin/incidents",
             {"Effects parked after failing every attempt (emails, landlord transmissions, hooks)",
              {"admin"},
              nullptr,
              {200, 401, 403},
              "admin"},
             [&](http::Request& request) {
               require(services, request, {Role::admin});
               const auto parked = services.database->read(
                   [](soci::session& sql) { return outbox::incidents(sql, 500); });
               nlohmann::json items = nlohmann::json::array();
               for (const auto& i : parked) {
                 items.push_back({{"id", i.id},
                                  {"topic", i.topic},
                                  {"idempotencyKey", i.idempotency_key},
                                  {"lastError", i.last_error},
                                  {"attempts", i.attempts},
                                  {"createdAt", format_utc(i.created_at)}});
               }
               return http::json_response(200, {{"items", items}});
             });

  router.add("POST", api + "/admin/incidents/{id}/retry",
             {"Send a parked effect again, now (same idempotency key)",
              {"admin"},
              nullptr,
              {202, 401, 403, 404},
              "admin"},
             [&](http::Request& request) {
               require(services, request, {Role::admin});
               const bool queued = services.database->write([&](soci::session& sql) {
                 return outbox::retry_incident(sql, request.path_params.at("id"),
                                               services.clock->now());
               });
               if (!queued) throw http::ProblemException(http::not_found());
               services.outbox->notify();
               return http::json_response(202, {{"status", "queued"}});
             });

  router.add("POST", api + "/admin/clock",
             {"Move the test clock forward (only with --test-clock)",
              {"admin"},
              {{"type", "object"}, {"properties", {{"seconds", kInteger}, {"days", kInteger}}}},
              {200, 400, 401, 403, 404},
              "admin"},
             [&](http::Request& request) {
               require(services, request, {Role::admin});
               if (services.test_clock == nullptr) throw http::ProblemException(http::not_found());
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const auto seconds = in.optional_integer("seconds", 0, 10LL * 365 * 86400);
               const auto days = in.optional_integer("days", 0, 10 * 365);
               if (!in.has_errors() && !seconds && !days) {
                 in.add_error("seconds", "required", "Indiquez seconds ou days.");
               }
               in.finish();
               services.test_clock->advance(seconds.value_or(0) + days.value_or(0) * 86400);
               services.timers->notify();
               services.outbox->notify();
               return http::json_response(200, {{"now", format_utc(services.clock->now())},
                                                {"offsetSeconds", services.test_clock->offset()}});
             });
}

}  // namespace alin::host
