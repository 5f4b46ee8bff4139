#pragma once
// One request, start to finish: route, run the handler, turn any failure into problem+json.
// Never throws; an unexpected exception is a logged 500 with the request id, never a crash.
#include <functional>

#include "http/router.hpp"

namespace alin::http {

class Pipeline {
 public:
  // Called after each request with the matched route (nullptr when none) and the elapsed time.
  using Observer =
      std::function<void(const Request&, const Route*, const Response&, double seconds)>;
  using ErrorLog = std::function<void(const Request&, const std::string& what)>;

  Pipeline(const Router& router, Observer observer = {}, ErrorLog error_log = {})
      : router_(router), observer_(std::move(observer)), error_log_(std::move(error_log)) {}

  Response handle(Request& request) const;

 private:
  const Router& router_;
  Observer observer_;
  ErrorLog error_log_;
};

Response json_response(int status, const nlohmann::json& body);

}  // namespace alin::http
