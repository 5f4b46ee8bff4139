#include <algorithm>
#include <cctype>

#include "api/routes.hpp"

namespace alin::host {
namespace {

std::string describe(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Invalid input (problem+json listing each field at fault)";
    case 401:
      return "No or invalid bearer token";
    case 403:
      return "Role not allowed";
    case 404:
      return "Unknown, or not yours";
    case 409:
      return "Conflicts with the current state";
    case 410:
      return "Expired";
    case 413:
      return "Body too large";
    case 415:
      return "Body is not JSON";
    case 422:
      return "Refused by a business rule";
    case 429:
      return "Too many attempts (see Retry-After)";
    default:
      return "See problem+json";
  }
}

}  // namespace

nlohmann::json openapi_document(const http::Router& router) {
  nlohmann::json paths = nlohmann::json::object();
  for (const http::Route& route : router.routes()) {
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    nlohmann::json operation = {{"summary", route.doc.summary}, {"tags", {route.doc.tag}}};
    nlohmann::json parameters = nlohmann::json::array();
    for (const std::string& segment : route.segments) {
      if (segment.size() > 2 && segment.front() == '{') {
        parameters.push_back({{"name", segment.substr(1, segment.size() - 2)},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}});
      }
    }
    if (!parameters.empty()) operation["parameters"] = parameters;
    if (!route.doc.roles.empty()) {
      operation["security"] = {{{"bearer", nlohmann::json::array()}}};
      operation["x-roles"] = route.doc.roles;
    }
    if (!route.doc.request_schema.is_null()) {
      operation["requestBody"] = {
          {"required", true},
          {"content", {{"application/json", {{"schema", route.doc.request_schema}}}}}};
    }
    nlohmann::json responses = nlohmann::json::object();
    for (int status : route.doc.responses) {
      nlohmann::json response = {{"description", describe(status)}};
      if (status >= 400) {
        response["content"] = {
            {"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}};
      }
      responses[std::to_string(status)] = response;
    }
    operation["responses"] = responses;
    paths[route.pattern][method] = operation;
  }
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "alin REST API"},
            {"version", "1"},
            {"description", "Logement social des salariés : demandes, offres, candidatures."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas",
             {{"Problem",
               {{"type", "object"},
                {"required", {"type", "title", "status"}},
                {"properties",
                 {{"type", {{"type", "string"}}},
                  {"title", {{"type", "string"}}},
                  {"status", {{"type", "integer"}}},
                  {"code", {{"type", "string"}}},
                  {"detail", {{"type", "string"}}},
                  {"requestId", {{"type", "string"}}},
                  {"errors",
                   {{"type", "array"},
                    {"items",
                     {{"type", "object"},
                      {"properties",
                       {{"field", {{"type", "string"}}},
                        {"code", {{"type", "string"}}},
                        {"message", {{"type", "string"}}}}}}}}}}}}}}}}}};
}

}  // namespace alin::host
