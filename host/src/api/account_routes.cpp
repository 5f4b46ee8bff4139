// Accounts and sessions (API.md "Accounts and sessions").
#include "api/routes.hpp"
#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

const nlohmann::json kString = {{"type", "string"}};
const nlohmann::json kBool = {{"type", "boolean"}};

nlohmann::json object_schema(
    std::initializer_list<std::pair<const char*, nlohmann::json>> properties,
    std::vector<std::string> required) {
  nlohmann::json props = nlohmann::json::object();
  for (const auto& [name, schema] : properties) props[name] = schema;
  return {{"type", "object"}, {"properties", props}, {"required", required}};
}

http::Response accepted() {
  return http::json_response(
      202, {{"status", "accepted"},
            {"message",
             "Si un compte correspond à cette adresse, un e-mail vient de lui être envoyé."}});
}

}  // namespace

void add_account_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  auto& accounts = *services.accounts;
  auto& outbox = *services.outbox;

  router.add("POST", api + "/accounts",
             {"Create an applicant account; sends the confirmation email",
              {},
              object_schema(
                  {{"lastName", kString},
                   {"firstName", kString},
                   {"mobile", kString},
                   {"email", kString},
                   {"acceptsDataUse", kBool},
                   {"acceptsTerms", kBool}},
                  {"lastName", "firstName", "mobile", "email", "acceptsDataUse", "acceptsTerms"}),
              {201, 400, 409, 413, 415},
              "accounts"},
             [&](http::Request& request) {
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               accounts::NewAccount input;
               input.last_name = in.required_string("lastName", 400);
               input.first_name = in.required_string("firstName", 400);
               input.mobile = in.required_string("mobile", 40);
               input.email = in.required_string("email", 320);
               input.accepts_data_use = in.required_bool("acceptsDataUse");
               input.accepts_terms = in.required_bool("acceptsTerms");
               in.finish();
               const std::string id = unwrap(accounts.create_account(input));
               outbox.notify();
               return http::json_response(201, {{"id", id}});
             });

  router.add("POST", api + "/accounts/confirm",
             {"Confirm an account with the emailed token and choose the password",
              {},
              object_schema({{"token", kString}, {"password", kString}}, {"token", "password"}),
              {200, 400, 404, 410},
              "accounts"},
             [&](http::Request& request) {
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const std::string token = in.required_string("token", 200);
               const std::string password = in.required_string("password", 1000);
               in.finish();
               unwrap(accounts.confirm(token, password));
               return http::json_response(200, {{"status", "confirmed"}});
             });

  router.add("POST", api + "/accounts/confirm/resend",
             {"Send the confirmation link again (202 whatever the address)",
              {},
              object_schema({{"email", kString}}, {"email"}),
              {202, 400},
              "accounts"},
             [&](http::Request& request) {
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const std::string email = in.required_string("email", 320);
               in.finish();
               accounts.resend_confirmation(email);
               outbox.notify();
               return accepted();
             });

  router.add("POST", api + "/sessions",
             {"Log in: a bearer token",
              {},
              object_schema({{"email", kString}, {"password", kString}}, {"email", "password"}),
              {201, 400, 401, 403, 429},
              "accounts"},
             [&](http::Request& request) {
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const std::string email = in.required_string("email", 320);
               const std::string password = in.required_string("password", 1000);
               in.finish();
               const auto session = unwrap(accounts.login(email, password, request.client_address));
               // A login is activity: an active request's inactivity clock starts again (CGU 11.6).
               if (session.role == Role::applicant) {
                 unwrap(services.request_lifecycle->touch(session.account_id));
               }
               return http::json_response(201, {{"token", session.token},
                                                {"expiresAt", format_utc(session.expires_at)},
                                                {"role", to_string(session.role)},
                                                {"accountId", session.account_id}});
             });

  router.add("DELETE", api + "/sessions/current",
             {"Log out", {"any"}, nullptr, {204, 401}, "accounts"}, [&](http::Request& request) {
               require(services, request);
               accounts.logout(bearer_token(request));
               return http::json_response(204, nullptr);
             });

  router.add("GET", api + "/me",
             {"Who am I: the account behind the token", {"any"}, nullptr, {200, 401}, "accounts"},
             [&](http::Request& request) {
               const Principal principal = require(services, request);
               nlohmann::json body = {{"id", principal.account_id},
                                      {"email", principal.email},
                                      {"role", to_string(principal.role)}};
               if (!principal.organisation_id.empty())
                 body["organisationId"] = principal.organisation_id;
               return http::json_response(200, body);
             });

  router.add("POST", api + "/accounts/password-reset",
             {"Forgotten password: emails a reset link (202 whatever the address)",
              {},
              object_schema({{"email", kString}}, {"email"}),
              {202, 400},
              "accounts"},
             [&](http::Request& request) {
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const std::string email = in.required_string("email", 320);
               in.finish();
               accounts.request_password_reset(email);
               outbox.notify();
               return accepted();
             });

  router.add("POST", api + "/accounts/password-reset/confirm",
             {"Choose a new password with the emailed token; ends every open session",
              {},
              object_schema({{"token", kString}, {"password", kString}}, {"token", "password"}),
              {200, 400, 404, 410},
              "accounts"},
             [&](http::Request& request) {
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const std::string token = in.required_string("token", 200);
               const std::string password = in.required_string("password", 1000);
               in.finish();
               unwrap(accounts.reset_password(token, password));
               return http::json_response(200, {{"status", "password_changed"}});
             });
}

}  // namespace alin::host
