#include "http/problem.hpp"

namespace alin::http {

std::string dump_body(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json Problem::to_json() const {
  nlohmann::json body = {
      {"type", kProblemTypeBase + code}, {"title", title}, {"status", status}, {"code", code}};
  if (!detail.empty()) body["detail"] = detail;
  if (!errors.empty()) {
    body["errors"] = nlohmann::json::array();
    for (const auto& e : errors) {
      body["errors"].push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
    }
  }
  return body;
}

Response Problem::to_response(const std::string& request_id) const {
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  nlohmann::json body = to_json();
  if (!request_id.empty()) body["requestId"] = request_id;
  response.body = dump_body(body);
  if (retry_after_seconds > 0)
    response.headers["Retry-After"] = std::to_string(retry_after_seconds);
  return response;
}

Problem bad_request(std::string code, std::string title, std::vector<ProblemField> errors) {
  return {400, std::move(code), std::move(title), "", std::move(errors)};
}

Problem not_found() {
  return {404, "not_found", "Ressource introuvable.", "", {}};
}

Problem method_not_allowed(const std::string& allowed) {
  return {405,
          "method_not_allowed",
          "Méthode non autorisée sur cette ressource.",
          "Méthodes acceptées : " + allowed,
          {}};
}

Problem payload_too_large(std::size_t limit) {
  return {413,
          "payload_too_large",
          "Le corps de la requête est trop volumineux.",
          "Taille maximale : " + std::to_string(limit) + " octets.",
          {}};
}

}  // namespace alin::http
