// The applicant's request (API.md "The applicant's request"): import by unique number and emailed
// code, refresh, read, delete; the employment form and the consent level.
#include "api/routes.hpp"
#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

const nlohmann::json kString = {{"type", "string"}};

// A registration site or a policy that cannot answer is the platform's upstream failing: 502.
template <typename T>
T unwrap_upstream(Result<T> result) {
  if (!result.ok() && result.error().code == "site_unavailable") {
    throw http::ProblemException({502, "site_unavailable", result.error().title, "", {}});
  }
  return unwrap(std::move(result));
}

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

nlohmann::json consent_json(const requests::ConsentOptions& options) {
  nlohmann::json levels = nlohmann::json::array();
  for (const auto& l : options.levels) {
    levels.push_back({{"level", l.level}, {"label", l.label}, {"description", l.description}});
  }
  return {{"levels", levels},
          {"current", options.current ? nlohmann::json(*options.current) : nlohmann::json(nullptr)},
          {"company",
           {{"name", options.company_name.empty() ? nlohmann::json(nullptr)
                                                  : nlohmann::json(options.company_name)},
            {"accessCodeRequired", options.access_code_required},
            {"employeeNumberRequired", options.employee_number_required},
            {"hireDateRequired", options.hire_date_required}}}};
}

}  // namespace

void add_request_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  auto& requests = *services.requests;

  router.add(
      "POST", api + "/me/request/import",
      {"Import a housing request: the registration site emails an access code (24 h) to the "
       "address it knows for the unique number",
       {"applicant"},
       {{"type", "object"},
        {"properties", {{"nur", kString}, {"birthDate", {{"type", "string"}, {"format", "date"}}}}},
        {"required", {"nur", "birthDate"}}},
       {202, 400, 401, 403, 404, 409, 422, 429, 502},
       "requests"},
      [&](http::Request& request) {
        const Principal principal = require(services, request, {Role::applicant});
        const auto body = http::parse_json_object(request);
        http::JsonInput in(body);
        const std::string nur = in.required_string("nur", 40);
        const std::string birth_date = in.required_string("birthDate", 10);
        if (!birth_date.empty() && !is_iso_date(birth_date)) {
          in.add_error("birthDate", "invalid_date", "La date de naissance s'écrit AAAA-MM-JJ.");
        }
        in.finish();
        const auto started =
            unwrap_upstream(requests.start_import(principal.account_id, nur, birth_date));
        return http::json_response(202, {{"codeSentTo", started.masked_email},
                                         {"expiresAt", format_utc(started.expires_at)},
                                         {"department", started.department},
                                         {"registrationSite", started.plugin}});
      });

  router.add("POST", api + "/me/request/import/confirm",
             {"Confirm the import with the emailed code; the identity must match the request's",
              {"applicant"},
              {{"type", "object"},
               {"properties", {{"nur", kString}, {"code", kString}}},
               {"required", {"nur", "code"}}},
              {200, 400, 401, 403, 404, 409, 410, 429, 502},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const std::string nur = in.required_string("nur", 40);
               std::string code = in.required_string("code", 20);
               in.finish();
               for (char& c : code)
                 c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
               const auto imported =
                   unwrap_upstream(requests.confirm_import(principal.account_id, nur, code));
               return http::json_response(200, requests::to_json(imported));
             });

  router.add("POST", api + "/me/request/refresh",
             {"Re-read the request on its registration site",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404, 409, 502},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               return http::json_response(
                   200, requests::to_json(unwrap_upstream(requests.refresh(principal.account_id))));
             });

  router.add("GET", api + "/me/request",
             {"The applicant's request: household, incomes, wanted towns, employment, consent, "
              "documents, state, what is missing",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               return http::json_response(
                   200, requests::to_json(unwrap(requests.get(principal.account_id))));
             });

  router.add("DELETE", api + "/me/request",
             {"Delete the request (to import it again)",
              {"applicant"},
              nullptr,
              {204, 401, 403, 404},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               unwrap(requests.remove(principal.account_id));
               return http::json_response(204, nullptr);
             });

  router.add("PUT", api + "/me/request/employment",
             {"The employment form, checked against the company's policy (access code, employee "
              "number, hire date)",
              {"applicant"},
              {{"type", "object"},
               {"properties",
                {{"employerName", kString},
                 {"companyCode", kString},
                 {"employeeNumber", kString},
                 {"hireDate", {{"type", "string"}, {"format", "date"}}},
                 {"cdii", {{"type", "boolean"}}},
                 {"attachTo", {{"enum", {"applicant", "coApplicant"}}}},
                 {"employerSiret", kString}}},
               {"required", {"employerName", "attachTo"}}},
              {200, 400, 401, 403, 404, 502},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               requests::EmploymentInput input;
               input.employer_name = in.required_string("employerName", 200);
               input.company_code = in.optional_string("companyCode", 40).value_or("");
               input.employee_number = in.optional_string("employeeNumber", 40).value_or("");
               input.hire_date = in.optional_string("hireDate", 10).value_or("");
               input.cdii = in.optional_bool("cdii").value_or(false);
               input.attach_to = in.required_string("attachTo", 20);
               input.employer_siret = in.optional_string("employerSiret", 20).value_or("");
               in.finish();
               return http::json_response(
                   200, requests::to_json(
                            unwrap_upstream(requests.set_employment(principal.account_id, input))));
             });

  router.add("GET", api + "/me/request/consent-options",
             {"The consent levels the company's policy offers, and the current one",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404, 502},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               return http::json_response(
                   200,
                   consent_json(unwrap_upstream(requests.consent_options(principal.account_id))));
             });

  router.add("PUT", api + "/me/request/consent",
             {"Choose the consent level (1 anonymous, 2 partial, 3 full), among those offered",
              {"applicant"},
              {{"type", "object"},
               {"properties", {{"level", {{"type", "integer"}, {"enum", {1, 2, 3}}}}}},
               {"required", {"level"}}},
              {200, 400, 401, 403, 404, 502},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const long long level = in.required_integer("level", 1, 3);
               in.finish();
               return http::json_response(
                   200, requests::to_json(unwrap_upstream(
                            requests.set_consent(principal.account_id, static_cast<int>(level)))));
             });

  auto& lifecycle = *services.request_lifecycle;
  router.add("GET", api + "/me/request/documents",
             {"The supporting documents by category: required, socle, confirmed, validUntil",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               return http::json_response(200, unwrap(lifecycle.documents(principal.account_id)));
             });

  router.add("PUT", api + "/me/request/documents/{kind}",
             {"Confirm (tick) a supporting document; its validity starts now (payslips and rent "
              "receipts a month, the tax notice a year)",
              {"applicant"},
              {{"type", "object"},
               {"properties", {{"confirmed", {{"type", "boolean"}}}}},
               {"required", {"confirmed"}}},
              {200, 400, 401, 403, 404},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const bool confirmed = in.required_bool("confirmed");
               in.finish();
               return http::json_response(
                   200, requests::to_json(unwrap(lifecycle.confirm_document(
                            principal.account_id, request.path_params.at("kind"), confirmed))));
             });

  router.add("POST", api + "/me/request/submit",
             {"Submit the request for the company's and the adviser's validation; 422 lists "
              "precisely what is missing",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404, 409, 422},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               const auto submitted = unwrap(lifecycle.submit(principal.account_id));
               services.outbox->notify();
               return http::json_response(200, requests::to_json(submitted));
             });

  router.add("POST", api + "/me/request/renew",
             {"Renew the request for a year (it is struck off 13 months after the last renewal)",
              {"applicant"},
              nullptr,
              {200, 401, 403, 404, 409},
              "requests"},
             [&](http::Request& request) {
               const Principal principal = require(services, request, {Role::applicant});
               const auto renewed = unwrap(lifecycle.renew(principal.account_id));
               services.outbox->notify();
               return http::json_response(200, requests::to_json(renewed));
             });
}

}  // namespace alin::host
