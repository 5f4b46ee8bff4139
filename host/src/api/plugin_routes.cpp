// What is loaded (API.md "Back office": GET /admin/plugins): each plugin's declared description,
// the problems met at start (a refused library, a plugin without its settings), and which plugin
// serves which department by default.
#include "api/routes.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {

void add_plugin_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  router.add("GET", api + "/admin/plugins",
             {"The plugins loaded, their settings, and the problems met loading them",
              {"admin", "analyst"},
              nullptr,
              {200, 401, 403},
              "admin"},
             [&](http::Request& request) {
               require(services, request, {Role::admin, Role::analyst});
               nlohmann::json loaded = nlohmann::json::array();
               for (const auto& info : services.plugins->loaded()) {
                 nlohmann::json settings = nlohmann::json::array();
                 for (const auto& s : info.settings) {
                   settings.push_back({{"key", s.key},
                                       {"required", s.required},
                                       {"help", s.help},
                                       {"default", s.has_default ? nlohmann::json(s.default_value)
                                                                 : nlohmann::json(nullptr)}});
                 }
                 loaded.push_back({{"name", info.name},
                                   {"version", info.version},
                                   {"kind", plugins::to_string(info.kind)},
                                   {"description", info.description},
                                   {"path", info.path},
                                   {"toolchain", info.toolchain},
                                   {"settings", settings}});
               }
               nlohmann::json problems = nlohmann::json::array();
               for (const auto& p : services.plugins->problems()) {
                 problems.push_back({{"path", p.path}, {"code", p.code}, {"message", p.message}});
               }
               nlohmann::json departments = nlohmann::json::object();
               for (const auto& site : services.registration_sites->all()) {
                 departments[site.department] =
                     site.plugin.empty() ? nlohmann::json(nullptr) : nlohmann::json(site.plugin);
               }
               return http::json_response(
                   200, {{"loaded", loaded},
                         {"problems", problems},
                         {"departments", departments},
                         {"defaultLandlordPlugin", services.config.default_landlord_plugin},
                         {"sdkAbiVersion", ALIN_SDK_ABI_VERSION},
                         {"toolchain", ALIN_SDK_TOOLCHAIN_ID}});
             });
}

}  // namespace alin::host
