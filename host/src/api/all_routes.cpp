#include "api/routes.hpp"

namespace alin::host {

void add_all_routes(http::Router& router, Services& services) {
  add_system_routes(router, services);
  add_account_routes(router, services);
  add_admin_routes(router, services);
  add_offer_routes(router, services);
  add_rules_routes(router, services);
  add_workflow_routes(router, services);
  add_request_routes(router, services);
  add_department_routes(router, services);
  add_company_routes(router, services);
  add_plugin_routes(router, services);
  add_application_routes(router, services);
  add_request_validation_routes(router, services);
  add_applicant_offer_routes(router, services);
}

}  // namespace alin::host
