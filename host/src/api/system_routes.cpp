// Health, metrics and the OpenAPI document.
#include "api/routes.hpp"
#include "http/pipeline.hpp"

namespace alin::host {

void add_system_routes(http::Router& router, Services& services) {
  router.add("GET", std::string(kApi) + "/health", {"Service health", {}, nullptr, {200}, "system"},
             [&services](http::Request&) {
               // A round trip to the database: healthy means able to serve, not merely running.
               services.database->read([](soci::session& sql) { sql << "SELECT 1"; });
               return http::json_response(200, {{"status", "ok"}});
             });
  router.add(
      "GET", std::string(kApi) + "/openapi.json",
      {"This API as an OpenAPI 3.1 document", {}, nullptr, {200}, "system"},
      [&router](http::Request&) { return http::json_response(200, openapi_document(router)); });
  router.add("GET", "/metrics", {"Prometheus metrics", {}, nullptr, {200}, "system"},
             [&services](http::Request&) {
               http::Response response;
               response.content_type = "text/plain; version=0.0.4";
               response.body = services.metrics.render(services.connections.queued(),
                                                       services.connections.refused(),
                                                       services.connections.current());
               return response;
             });
}

}  // namespace alin::host
