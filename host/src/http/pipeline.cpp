#include "http/pipeline.hpp"

#include <chrono>

#include "http/problem.hpp"

namespace alin::http {

Response json_response(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = status == 204 ? "" : dump_body(body);
  return response;
}

Response json_text_response(int status, std::string text) {
  Response response;
  response.status = status;
  response.body = std::move(text);
  return response;
}

Response json_response(int status, const nlohmann::json& object, std::string_view key,
                       const std::vector<const std::string*>& rendered) {
  return json_response(status, object, key, rendered, "{}");
}

Response json_response(int status, const nlohmann::json& object, std::string_view key,
                       const std::vector<const std::string*>& rendered, std::string_view base) {
  const std::string rest = dump_body(object);
  Response response;
  response.status = status;
  std::size_t size = rest.size() + key.size() + base.size() + 8;
  for (const std::string* value : rendered) size += value->size() + 1;
  std::string& body = response.body;
  body.reserve(size);
  body += '{';
  body += nlohmann::json(key).dump();
  body += ":[";
  for (std::size_t i = 0; i < rendered.size(); ++i) {
    if (i > 0) body += ',';
    body += *rendered[i];
  }
  body += ']';
  if (rest.size() > 2) body += ',';  // `rest` is "{}" or "{…}": its members follow the array's
  body.append(rest, 1);
  if (base.size() > 2) {  // "{…}" too: its members follow, in place of the closing brace
    body.back() = ',';
    body.append(base.substr(1));
  }
  return response;
}

namespace {
Problem internal_error() {
  return {500,
          "internal_error",
          "Une erreur interne est survenue.",
          "Communiquez l'identifiant de requête au support.",
          {}};
}
}  // namespace

Response Pipeline::handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  const Route* route = nullptr;
  Response response;
  try {
    const Router::Match match = router_.match(request);
    route = match.route;
    if (route != nullptr) {
      response = route->handler(request);
    } else if (!match.allowed_methods.empty()) {
      std::string allowed;
      for (const auto& m : match.allowed_methods) allowed += (allowed.empty() ? "" : ", ") + m;
      response = method_not_allowed(allowed).to_response(request.request_id);
      response.headers["Allow"] = allowed;
    } else {
      response = not_found().to_response(request.request_id);
    }
  } catch (const ProblemException& e) {
    response = e.problem().to_response(request.request_id);
  } catch (const std::exception& e) {
    if (error_log_) error_log_(request, e.what());
    response = internal_error().to_response(request.request_id);
  } catch (...) {
    // Not a std::exception (a thrown int, a foreign runtime's unwinding object): still a 500.
    if (error_log_) error_log_(request, "unknown exception (not a std::exception)");
    response = internal_error().to_response(request.request_id);
  }
  if (!request.request_id.empty()) response.headers["X-Request-Id"] = request.request_id;
  if (observer_) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    observer_(request, route, response, seconds);
  }
  return response;
}

}  // namespace alin::http
