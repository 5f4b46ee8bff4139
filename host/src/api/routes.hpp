#pragma once
// The REST API, one file per area; each adds its routes to the router.
#include "http/router.hpp"
#include "server/services.hpp"

namespace alin::host {

inline constexpr const char* kApi = "/api/v1";

void add_system_routes(http::Router& router, Services& services);
void add_account_routes(http::Router& router, Services& services);
void add_admin_routes(http::Router& router, Services& services);
void add_offer_routes(http::Router& router, Services& services);
void add_rules_routes(http::Router& router, Services& services);
void add_workflow_routes(http::Router& router, Services& services);
void add_request_routes(http::Router& router, Services& services);
void add_department_routes(http::Router& router, Services& services);
void add_company_routes(http::Router& router, Services& services);
void add_plugin_routes(http::Router& router, Services& services);
void add_application_routes(http::Router& router, Services& services);
void add_request_validation_routes(http::Router& router, Services& services);
void add_applicant_offer_routes(http::Router& router, Services& services);

// A whole-number query parameter within [min, max] (`fallback` when absent), or the 400 naming it.
int query_integer(const http::Request& request, const std::string& name, int fallback, int min,
                  int max);

// Every route of the API: what the server and the tests mount.
void add_all_routes(http::Router& router, Services& services);

// The OpenAPI 3.1 document of every route in `router`.
nlohmann::json openapi_document(const http::Router& router);

}  // namespace alin::host
