// Fuzzes request parsing and routing: arbitrary bytes become a method, a raw target (path and
// query), headers and a body, and go through the real Router, JsonInput and Pipeline. Invariants:
// no crash, no sanitizer report, never a 5xx (the handlers only answer or throw problems), and
// every error body is problem+json with type, title and status.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

namespace {

using namespace alin::http;

Response echo_body(Request& request) {
  const auto body = parse_json_object(request);
  JsonInput in(body);
  nlohmann::json out;
  out["name"] = in.required_string("name", 100);
  out["flag"] = in.optional_bool("flag").value_or(false);
  out["count"] = in.optional_integer("count", -1000, 1000).value_or(0);
  if (auto text = in.optional_string("text", 1 << 16)) out["text"] = *text;
  in.finish();
  out["params"] = request.path_params;
  return json_response(201, out);
}

const Router& router() {
  static const Router r = [] {
    Router routes;
    const RouteDoc doc{"fuzz", {}, nullptr, {200}, "fuzz"};
    auto ok = [](Request& request) { return json_response(200, {{"params", request.path_params}}); };
    routes.add("GET", "/api/v1/health", doc, ok);
    routes.add("GET", "/api/v1/me/offers", doc, ok);
    routes.add("GET", "/api/v1/me/offers/{id}", doc, ok);
    routes.add("GET", "/api/v1/me/offers/{id}/eligibility", doc, ok);
    routes.add("DELETE", "/api/v1/me/applications/{id}", doc, ok);
    routes.add("POST", "/api/v1/accounts", doc, echo_body);
    routes.add("POST", "/api/v1/landlord/applications/{id}/events", doc, echo_body);
    routes.add("PATCH", "/api/v1/landlord/offers/{id}", doc, echo_body);
    routes.add("GET", "/api/v1/departments/{code}/registration-site", doc, ok);
    routes.add("GET", "/api/v1/workflows/{name}/graph", doc, ok);
    return routes;
  }();
  return r;
}

// Splits at the first occurrence of `separator`, advancing `input` past it.
std::string_view take(std::string_view& input, char separator) {
  const auto at = input.find(separator);
  std::string_view head = input.substr(0, at);
  input = at == std::string_view::npos ? std::string_view() : input.substr(at + 1);
  return head;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Layout: METHOD ' ' TARGET '\n' (NAME ':' VALUE '\n')* '\n' BODY
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Request request;
  request.method = std::string(take(input, ' '));
  const std::string_view target = take(input, '\n');
  const auto question = target.find('?');
  if (!decode_path(target.substr(0, question), request.path)) return 0;  // the adapter answers 400
  if (question != std::string_view::npos) request.query = parse_query(target.substr(question + 1));
  for (std::string_view line = take(input, '\n'); !line.empty(); line = take(input, '\n')) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = std::string(line.substr(colon + 1));
  }
  request.body = std::string(input);
  request.request_id = "fuzz";

  const Pipeline pipeline(router(), {}, [](const Request&, const std::string& what) {
    std::fprintf(stderr, "handler failed unexpectedly: %s\n", what.c_str());
    std::abort();
  });
  const Response response = pipeline.handle(request);
  if (response.status >= 500) std::abort();
  if (response.status >= 400) {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_discarded() || !body.contains("type") || !body.contains("title") || body.value("status", 0) != response.status) {
      std::abort();
    }
  }
  // The query values and path parameters are plain strings: reading them must be safe too.
  for (const auto& [name, value] : request.query) (void)request.query_value(name);
  return 0;
}
