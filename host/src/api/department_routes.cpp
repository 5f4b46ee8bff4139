// Registration sites (API.md "Public"): which site serves a department, for the 101 departments.
#include "api/routes.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {

void add_department_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  router.add(
      "GET", api + "/departments/{code}/registration-site",
      {"The registration site of a department (national or local) and the plugin that "
       "speaks to it",
       {},
       nullptr,
       {200, 404},
       "requests"},
      [&](http::Request& request) {
        std::string code = request.path_params.at("code");
        for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (code.size() == 1) code = "0" + code;
        const requests::RegistrationSite* site = services.registration_sites->find(code);
        if (site == nullptr) {
          throw http::ProblemException({404,
                                        "unknown_department",
                                        "Département inconnu.",
                                        "Un code de département : 01 à 95, 2A, 2B, 971 à 974, 976.",
                                        {}});
        }
        const bool served =
            !site->plugin.empty() && services.plugins->department(site->plugin) != nullptr;
        return http::json_response(
            200, {{"department", site->department},
                  {"name", site->name},
                  {"url", site->url},
                  {"local", site->local},
                  {"plugin",
                   site->plugin.empty() ? nlohmann::json(nullptr) : nlohmann::json(site->plugin)},
                  {"importAvailable", served}});
      });
}

}  // namespace alin::host
