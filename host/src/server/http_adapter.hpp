#pragma once
// Poco's HTTP server on one side, our plain Request/Response and the Pipeline on the other.
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <functional>

#include "http/message.hpp"

namespace alin::host {

// What answers a request once it is read: the pipeline, behind the idempotency layer.
using RequestHandlerFunction = std::function<http::Response(http::Request&)>;

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(RequestHandlerFunction handler, std::size_t max_body_bytes,
                 Poco::Logger& access_log)
      : handler_(std::move(handler)), max_body_bytes_(max_body_bytes), access_log_(access_log) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override;

 private:
  RequestHandlerFunction handler_;
  std::size_t max_body_bytes_;
  Poco::Logger& access_log_;
};

}  // namespace alin::host
