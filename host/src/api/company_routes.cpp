// What a company sees of its employees' requests (API.md "Back office"), field by field according
// to each one's consent level (RULES.md §3).
#include "api/routes.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {

void add_company_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  router.add(
      "GET", api + "/company/employees",
      {"The company's applicants: none at consent level 1, the RULES.md §3 fields at level 2, "
       "the whole request and its applications at level 3",
       {"company"},
       nullptr,
       {200, 401, 403},
       "company"},
      [&](http::Request& request) {
        const Principal principal = require(services, request, {Role::company});
        if (principal.organisation_id.empty()) {
          throw http::ProblemException(
              {403, "forbidden", "Votre compte n'est rattaché à aucune entreprise.", "", {}});
        }
        return http::json_response(
            200, unwrap(services.requests->company_employees(principal.organisation_id)));
      });
}

}  // namespace alin::host
