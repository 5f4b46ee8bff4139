// Fuzzes request parsing and routing: arbitrary bytes become a method, a raw target (path and
// query), headers and a body, and go through the real Router, JsonInput and Pipeline over a set
// of routes shaped like the API's.
//
// Input layout: METHOD ' ' TARGET '\n' (NAME ':' VALUE '\n')* '\n' BODY
//
// Invariants (a broken one aborts, which libFuzzer reports as a crash):
// - no crash, no sanitizer report, no exception out of the pipeline;
// - never a 5xx: the handlers answer or throw ProblemException only;
// - every 4xx is application/problem+json with type, title and the response's status, and its
//   errors, when present, are {field, code, message} strings;
// - every 2xx body is JSON (empty for 204);
// - a match fills exactly the route's parameters, and they rebuild the request's segments;
// - a 405 lists each allowed method once, and each of them does reach a route on that path;
// - a 404 path fits no route under any method.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

namespace {

using namespace alin::http;
using nlohmann::json;

[[noreturn]] void fail(const char* invariant, const std::string& detail = "") {
  std::fprintf(stderr, "invariant broken: %s %s\n", invariant, detail.c_str());
  std::abort();
}

void check(bool ok, const char* invariant, const std::string& detail = "") {
  if (!ok) fail(invariant, detail);
}

// --- handlers: read the body the way the real ones do, answer or throw problems

Response create_account(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  json out;
  out["lastName"] = in.required_string("lastName", 100);
  out["firstName"] = in.required_string("firstName", 100);
  out["email"] = in.required_string("email", 254);
  out["mobile"] = in.optional_string("mobile", 32).value_or("");
  if (!in.required_bool("acceptsDataUse")) in.add_error("acceptsDataUse", "must_accept", "Requis.");
  if (!in.required_bool("acceptsTerms")) in.add_error("acceptsTerms", "must_accept", "Requis.");
  in.finish();
  out["id"] = "00000000-0000-4000-8000-000000000000";
  return json_response(201, out);
}

Response set_employment(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  json out;
  out["employerName"] = in.required_string("employerName", 200);
  if (auto code = in.optional_string("companyCode", 14)) out["companyCode"] = *code;
  if (auto hire = in.optional_string("hireDate", 10)) out["hireDate"] = *hire;
  out["cdii"] = in.optional_bool("cdii").value_or(false);
  const std::string attach = in.required_string("attachTo", 20);
  if (!attach.empty() && attach != "applicant" && attach != "coApplicant") {
    in.add_error("attachTo", "invalid_value", "applicant ou coApplicant.");
  }
  in.finish();
  out["attachTo"] = attach;
  return json_response(200, out);
}

Response set_consent(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  const long long level = in.required_integer("level", 1, 3);
  in.finish();
  return json_response(200, {{"level", level}});
}

Response confirm_document(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  const bool confirmed = in.required_bool("confirmed");
  in.finish();
  return json_response(200, {{"kind", request.path_params.at("kind")}, {"confirmed", confirmed}});
}

Response apply(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  const std::string offer = in.required_string("offerId", 64);
  in.finish();
  if (offer == "closed") {
    throw ProblemException({409, "offer_closed", "L'offre est close.", "", {}});
  }
  return json_response(201, {{"offerId", offer}});
}

Response publish_offer(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  json out;
  out["reference"] = in.required_string("reference", 64);
  out["typology"] = in.required_integer("typology", 1, 6);
  out["rent"] = in.required_integer("rent", 0, 100000);
  out["charges"] = in.optional_integer("charges", 0, 100000).value_or(0);
  out["floor"] = in.optional_integer("floor", -5, 200).value_or(0);
  out["offset"] = in.optional_integer("offset", -9223372036854775807LL - 1, -1).value_or(-1);
  out["reducedMobility"] = in.required_bool("reducedMobility");
  out["showcase"] = in.optional_bool("showcase").value_or(false);
  out["commune"] = in.required_string("commune", 5);
  in.finish();
  return json_response(201, out);
}

Response patch_offer(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  json out{{"id", request.path_params.at("id")}};
  if (auto deadline = in.optional_string("deadline", 10)) out["deadline"] = *deadline;
  if (auto withdrawn = in.optional_bool("withdrawn")) out["withdrawn"] = *withdrawn;
  if (auto rent = in.optional_integer("rent", 0, 100000)) out["rent"] = *rent;
  in.finish();
  return json_response(200, out);
}

Response landlord_event(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  const std::string type = in.required_string("type", 32);
  const auto decision = in.optional_string("decision", 32);
  const auto at = in.optional_string("at", 32);
  in.finish();
  json out{{"application", request.path_params.at("id")}, {"type", type}};
  if (decision) out["decision"] = *decision;
  if (at) out["at"] = *at;
  return json_response(201, out);
}

Response list_offers(Request& request) {
  // Query values are strings from the wire: checked here, refused with a problem.
  std::vector<ProblemField> errors;
  const std::string tab = request.query_value("tab");
  if (!tab.empty() && tab != "requested" && tab != "neighbouring" && tab != "department") {
    errors.push_back({"tab", "invalid_value", "requested, neighbouring ou department."});
  }
  long radius = 10;
  if (request.has_query("radiusKm")) {
    const std::string text = request.query_value("radiusKm");
    if (text.empty() || text.size() > 3 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      errors.push_back({"radiusKm", "invalid_value", "Un nombre de kilomètres."});
    } else {
      radius = std::stol(text);
    }
  }
  if (!errors.empty())
    throw ProblemException(bad_request("invalid_query", "Requête invalide.", errors));
  json pages = json::array();
  for (auto [it, end] = request.query.equal_range("page"); it != end; ++it)
    pages.push_back(it->second);
  return json_response(200, {{"tab", tab}, {"radiusKm", radius}, {"pages", pages}});
}

Response echo_params(Request& request) {
  return json_response(200, {{"params", request.path_params}});
}

Response no_content(Request&) {
  return json_response(204, nullptr);
}

const Router& router() {
  static const Router routes = [] {
    Router r;
    const RouteDoc doc{"fuzz", {}, nullptr, {200, 400}, "fuzz"};
    const std::string api = "/api/v1";
    r.add("GET", api + "/health", doc, echo_params);
    r.add("POST", api + "/accounts", doc, create_account);
    r.add("POST", api + "/accounts/confirm", doc, create_account);
    r.add("DELETE", api + "/sessions/current", doc, no_content);
    r.add("GET", api + "/me/request", doc, echo_params);
    r.add("DELETE", api + "/me/request", doc, no_content);
    r.add("PUT", api + "/me/request/employment", doc, set_employment);
    r.add("PUT", api + "/me/request/consent", doc, set_consent);
    r.add("GET", api + "/me/request/documents", doc, echo_params);
    r.add("PUT", api + "/me/request/documents/{kind}", doc, confirm_document);
    r.add("GET", api + "/me/offers", doc, list_offers);
    r.add("GET", api + "/me/offers/{id}", doc, echo_params);
    r.add("GET", api + "/me/offers/similar", doc, echo_params);
    r.add("GET", api + "/me/offers/{id}/eligibility", doc, echo_params);
    r.add("POST", api + "/me/applications", doc, apply);
    r.add("GET", api + "/me/applications", doc, echo_params);
    r.add("DELETE", api + "/me/applications/{id}", doc, no_content);
    r.add("POST", api + "/landlord/offers", doc, publish_offer);
    r.add("PATCH", api + "/landlord/offers/{id}", doc, patch_offer);
    r.add("GET", api + "/landlord/offers/{id}/applications", doc, echo_params);
    r.add("POST", api + "/landlord/applications/{id}/events", doc, landlord_event);
    r.add("POST", api + "/company/requests/{id}/validate", doc, echo_params);
    r.add("POST", api + "/company/requests/{id}/reject", doc, echo_params);
    r.add("POST", api + "/adviser/requests/{id}/{decision}", doc, echo_params);
    r.add("GET", api + "/departments/{code}/registration-site", doc, echo_params);
    r.add("GET", api + "/workflows", doc, echo_params);
    r.add("GET", api + "/workflows/{name}", doc, echo_params);
    r.add("GET", api + "/workflows/{name}/graph", doc, echo_params);
    r.add("GET", api + "/applications/{id}/history", doc, echo_params);
    // Two partial matches of /api/v1/x/a/b: the shallower literal must win.
    r.add("GET", api + "/x/{p}/b", doc, echo_params);
    r.add("GET", api + "/x/a/{q}", doc, echo_params);
    return r;
  }();
  return routes;
}

const std::set<std::string>& methods() {
  static const std::set<std::string> all = [] {
    std::set<std::string> out;
    for (const Route& route : router().routes()) out.insert(route.method);
    return out;
  }();
  return all;
}

const Route* observed_route = nullptr;

const Pipeline& pipeline() {
  static const Pipeline p(
      router(),
      [](const Request&, const Route* route, const Response&, double) { observed_route = route; },
      [](const Request&, const std::string& what) { fail("a handler threw a non-problem", what); });
  return p;
}

// Splits at the first occurrence of `separator`, advancing `input` past it.
std::string_view take(std::string_view& input, char separator) {
  const auto at = input.find(separator);
  const std::string_view head = input.substr(0, at);
  input = at == std::string_view::npos ? std::string_view() : input.substr(at + 1);
  return head;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

void check_problem(const Response& response) {
  check(response.content_type == "application/problem+json", "4xx content type");
  const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  check(body.is_object(), "4xx body is a JSON object", response.body);
  check(body.contains("type") && body["type"].is_string() &&
            body["type"].get<std::string>().rfind(kProblemTypeBase, 0) == 0,
        "problem type", response.body);
  check(body.contains("title") && body["title"].is_string(), "problem title", response.body);
  check(body.value("status", 0) == response.status, "problem status", response.body);
  check(body.value("requestId", "") == "fuzz", "problem requestId", response.body);
  if (body.contains("errors")) {
    check(body["errors"].is_array() && !body["errors"].empty(), "problem errors", response.body);
    for (const json& e : body["errors"]) {
      check(e.is_object() && e.size() == 3 && e.value("field", json()).is_string() &&
                e.value("code", json()).is_string() && e.value("message", json()).is_string(),
            "problem error shape", response.body);
    }
  }
}

void check_match(const Request& request, const Route& route) {
  const auto segments = split_path(request.path);
  check(route.segments.size() == segments.size(), "matched depth");
  std::size_t parameters = 0;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& s = route.segments[i];
    if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
      ++parameters;
      const auto it = request.path_params.find(s.substr(1, s.size() - 2));
      check(it != request.path_params.end() && it->second == segments[i], "path parameter", s);
    } else {
      check(s == segments[i], "literal segment", s);
    }
  }
  check(request.path_params.size() == parameters, "no stray path parameter");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Request request;
  request.method = std::string(take(input, ' '));
  const std::string_view target = take(input, '\n');
  const auto question = target.find('?');
  // The server adapter answers 400 malformed_path to these before any routing.
  if (!decode_path(target.substr(0, question), request.path)) return 0;
  if (request.path.empty() || request.path.front() != '/') return 0;
  if (question != std::string_view::npos) request.query = parse_query(target.substr(question + 1));
  for (std::string_view line = take(input, '\n'); !line.empty(); line = take(input, '\n')) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = std::string(trim(line.substr(colon + 1)));
  }
  request.body = std::string(input);
  request.request_id = "fuzz";

  observed_route = nullptr;
  const Response response = pipeline().handle(request);

  check(response.status >= 200 && response.status < 500, "status in 2xx-4xx",
        std::to_string(response.status));
  check(
      response.headers.count("X-Request-Id") == 1 && response.headers.at("X-Request-Id") == "fuzz",
      "X-Request-Id");
  if (response.status >= 400) {
    check_problem(response);
  } else if (response.status == 204) {
    check(response.body.empty(), "204 has no body");
  } else {
    check(json::accept(response.body), "2xx body is JSON", response.body);
  }

  // The route the pipeline ran is the router's answer, and its parameters are the path's.
  Request again = request;
  const Router::Match match = router().match(again);
  check(match.route == observed_route, "observer sees the matched route");
  if (match.route != nullptr) {
    check_match(again, *match.route);
  } else if (!match.allowed_methods.empty()) {
    check(response.status == 405, "405 when only the path fits");
    const std::set<std::string> unique(match.allowed_methods.begin(), match.allowed_methods.end());
    check(unique.size() == match.allowed_methods.size(), "Allow lists each method once");
    for (const std::string& method : match.allowed_methods) {
      Request other = request;
      other.method = method;
      check(router().match(other).route != nullptr, "an allowed method reaches a route", method);
    }
  } else {
    check(response.status == 404, "404 when nothing fits");
    for (const std::string& method : methods()) {
      Request other = request;
      other.method = method;
      check(router().match(other).route == nullptr, "404 path fits no route", method);
    }
  }
  // Two partial matches: the shallower literal wins.
  if (match.route != nullptr &&
      split_path(request.path) == std::vector<std::string>{"api", "v1", "x", "a", "b"}) {
    check(match.route->pattern == "/api/v1/x/a/{q}", "shallowest literal wins");
  }
  return 0;
}
