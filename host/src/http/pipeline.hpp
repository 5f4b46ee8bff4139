#pragma once
// One request, start to finish: route, run the handler, turn any failure into problem+json.
// Never throws; an unexpected exception is a logged 500 with the request id, never a crash.
#include <functional>
#include <string_view>
#include <vector>

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
// A body already written as JSON text, sent as it is (an explained decision writes its own).
Response json_text_response(int status, std::string text);
// The same for an object with one more member, `key`: an array of values already rendered as JSON
// text (an offers set renders its offers once), spliced in rather than parsed and dumped again.
Response json_response(int status, const nlohmann::json& object, std::string_view key,
                       const std::vector<const std::string*>& rendered);
// The same, followed by the members of `base`, an object already rendered as JSON text (an offer
// as its set rendered it); none of its keys is one of `object`'s or `key`.
Response json_response(int status, const nlohmann::json& object, std::string_view key,
                       const std::vector<const std::string*>& rendered, std::string_view base);

}  // namespace alin::http
