#pragma once
// Method + path pattern → handler. Patterns are literal segments and {name} parameters, e.g.
// "/api/v1/me/offers/{id}". Literal segments win over parameters at the same depth: the shallowest
// depth where two fitting routes differ decides, whatever their registration order.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace alin::http {

using Handler = std::function<Response(Request&)>;

// What the OpenAPI document says of a route; every route must have one.
struct RouteDoc {
  std::string summary;             // French or English, one line
  std::vector<std::string> roles;  // who may call it; empty = public
  nlohmann::json request_schema;   // JSON Schema of the body, null when none
  std::vector<int> responses;      // status codes it may answer
  std::string tag;
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteDoc doc;
};

class Router {
 public:
  void add(std::string method, std::string pattern, RouteDoc doc, Handler handler);

  struct Match {
    const Route* route = nullptr;              // set when method and path match
    std::vector<std::string> allowed_methods;  // set when only the path matches
  };
  // Fills request.path_params on a match.
  Match match(Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace alin::http
