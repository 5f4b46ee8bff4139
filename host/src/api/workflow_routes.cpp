// Workflows: the definitions and their drawings for staff, an application's history for its owner
// and advisers, and the admin's hand on instances (support, and the crash test).
#include "api/routes.hpp"
#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

const std::initializer_list<Role> kStaff = {Role::adviser, Role::company, Role::landlord,
                                            Role::analyst, Role::admin};

std::shared_ptr<const workflow::Definition> definition_or_404(Services& services,
                                                              const std::string& name) {
  auto definition = services.workflows->find(name);
  if (!definition) throw http::ProblemException(http::not_found());
  return definition;
}

nlohmann::json history_json(Services& services, const std::string& instance_id) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& entry : services.workflows->history(instance_id))
    items.push_back(workflow::to_json(entry));
  return items;
}

}  // namespace

void add_workflow_routes(http::Router& router, Services& services) {
  const std::string api = kApi;
  const std::vector<std::string> staff = {"adviser", "company", "landlord", "analyst", "admin"};

  router.add("GET", api + "/workflows",
             {"The workflow definitions (name, version, hash)",
              staff,
              nullptr,
              {200, 401, 403},
              "workflows"},
             [&](http::Request& request) {
               require(services, request, kStaff);
               nlohmann::json items = nlohmann::json::array();
               for (const auto& d : services.workflows->definitions()) {
                 items.push_back({{"name", d->name},
                                  {"version", d->version},
                                  {"hash", d->hash},
                                  {"states", d->states.size()},
                                  {"transitions", d->transitions.size()}});
               }
               return http::json_response(200, {{"items", items}});
             });

  router.add(
      "GET", api + "/workflows/{name}",
      {"One definition: states with their steps, events with actors, guards, actions, timers",
       staff,
       nullptr,
       {200, 401, 403, 404},
       "workflows"},
      [&](http::Request& request) {
        require(services, request, kStaff);
        return http::json_response(
            200, workflow::to_json(*definition_or_404(services, request.path_params.at("name"))));
      });

  router.add("GET", api + "/workflows/{name}/graph",
             {"A definition drawn: ?format=dot (Graphviz, default) or mermaid; ?instance=ID "
              "highlights its path",
              staff,
              nullptr,
              {200, 400, 401, 403, 404},
              "workflows"},
             [&](http::Request& request) {
               require(services, request, kStaff);
               const auto definition = definition_or_404(services, request.path_params.at("name"));
               const std::string format =
                   request.has_query("format") ? request.query_value("format") : "dot";
               if (format != "dot" && format != "mermaid") {
                 throw http::ProblemException(
                     http::bad_request("invalid_input", "Format inconnu.",
                                       {{"format", "invalid_format", "dot ou mermaid."}}));
               }
               std::vector<std::string> path;
               if (request.has_query("instance")) {
                 const auto instance = services.workflows->get(request.query_value("instance"));
                 if (!instance || instance->definition != definition->name)
                   throw http::ProblemException(http::not_found());
                 for (const auto& entry : services.workflows->history(instance->id))
                   path.push_back(entry.to);
               }
               http::Response response;
               response.content_type = format == "dot" ? "text/vnd.graphviz; charset=utf-8"
                                                       : "text/plain; charset=utf-8";
               response.body = format == "dot" ? workflow::to_dot(*definition, path)
                                               : workflow::to_mermaid(*definition, path);
               return response;
             });

  router.add(
      "GET", api + "/applications/{id}/history",
      {"Every transition of an application: actor, event, states, guard, reasons and figures",
       {"applicant", "adviser", "admin"},
       nullptr,
       {200, 401, 403, 404},
       "workflows"},
      [&](http::Request& request) {
        const Principal principal =
            require(services, request, {Role::applicant, Role::adviser, Role::admin});
        const std::string id = request.path_params.at("id");
        if (principal.role == Role::applicant) {
          // Another applicant's application does not exist for this one.
          const bool owner = services.database->read([&](soci::session& sql) {
            int n = 0;
            sql << "SELECT COUNT(*) FROM applications a JOIN housing_requests r ON r.id = "
                   "a.request_id"
                   " WHERE a.id = :id AND r.account_id = :account",
                soci::use(id), soci::use(principal.account_id), soci::into(n);
            return n > 0;
          });
          if (!owner) throw http::ProblemException(http::not_found());
        }
        const auto instance = unwrap(services.workflows->of_subject("application", id));
        return http::json_response(200, {{"instance", workflow::to_json(instance)},
                                         {"history", history_json(services, instance.id)}});
      });

  router.add(
      "POST", api + "/admin/workflows/{name}/instances",
      {"Start an instance by hand (support): {subjectId, context?}",
       {"admin"},
       {{"type", "object"},
        {"required", {"subjectId"}},
        {"properties", {{"subjectId", {{"type", "string"}}}, {"context", {{"type", "object"}}}}}},
       {201, 400, 401, 403, 404, 409},
       "workflows"},
      [&](http::Request& request) {
        const Principal admin = require(services, request, {Role::admin});
        definition_or_404(services, request.path_params.at("name"));
        const auto body = http::parse_json_object(request);
        http::JsonInput in(body);
        const std::string subject = in.required_string("subjectId", 100);
        if (body.contains("context") && !body["context"].is_object())
          in.add_error("context", "wrong_type", "Un objet est attendu.");
        in.finish();
        const auto instance = unwrap(services.workflows->start(
            request.path_params.at("name"), subject,
            body.value("context", nlohmann::json::object()), {"system", admin.account_id}));
        services.outbox->notify();
        return http::json_response(201, workflow::to_json(instance));
      });

  router.add("GET", api + "/admin/workflow-instances/{id}",
             {"An instance and its history", {"admin"}, nullptr, {200, 401, 403, 404}, "workflows"},
             [&](http::Request& request) {
               require(services, request, {Role::admin});
               const auto instance = unwrap(services.workflows->get(request.path_params.at("id")));
               return http::json_response(200, {{"instance", workflow::to_json(instance)},
                                                {"history", history_json(services, instance.id)}});
             });

  router.add("POST", api + "/admin/workflow-instances/{id}/events",
             {"Send an event by hand (support): {event, actor?, revision?, context?}; a stale "
              "revision is 409",
              {"admin"},
              {{"type", "object"},
               {"required", {"event"}},
               {"properties",
                {{"event", {{"type", "string"}}},
                 {"actor", {{"enum", {"applicant", "adviser", "company", "landlord", "system"}}}},
                 {"revision", {{"type", "integer"}}},
                 {"context", {{"type", "object"}}}}}},
              {200, 400, 401, 403, 404, 409, 422},
              "workflows"},
             [&](http::Request& request) {
               const Principal admin = require(services, request, {Role::admin});
               const auto body = http::parse_json_object(request);
               http::JsonInput in(body);
               const std::string event = in.required_string("event", 100);
               const std::string actor = in.optional_string("actor", 20).value_or("system");
               const auto revision = in.optional_integer("revision", 1, 1'000'000'000);
               if (body.contains("context") && !body["context"].is_object())
                 in.add_error("context", "wrong_type", "Un objet est attendu.");
               in.finish();
               const auto instance = unwrap(services.workflows->fire(
                   request.path_params.at("id"), event, {actor, admin.account_id},
                   body.value("context", nlohmann::json::object()),
                   revision ? std::optional<int>(static_cast<int>(*revision)) : std::nullopt));
               services.outbox->notify();
               return http::json_response(200, workflow::to_json(instance));
             });
}

}  // namespace alin::host
