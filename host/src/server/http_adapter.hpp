#pragma once
// Poco's HTTP server on one side, our plain Request/Response and the Pipeline on the other.
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <functional>
#include <memory>

#include "http/message.hpp"
#include "server/admission_gate.hpp"

namespace alin::host {

// What answers a request once it is read: the pipeline, behind the idempotency layer.
using RequestHandlerFunction = std::function<http::Response(http::Request&)>;

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  // `max_running` handlers at once (AdmissionGate), or no bound when 0.
  HandlerFactory(RequestHandlerFunction handler, std::size_t max_body_bytes,
                 std::size_t max_running, Poco::Logger& access_log)
      : handler_(std::move(handler)),
        max_body_bytes_(max_body_bytes),
        gate_(max_running > 0 ? std::make_unique<AdmissionGate>(max_running) : nullptr),
        access_log_(access_log) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override;

 private:
  RequestHandlerFunction handler_;
  std::size_t max_body_bytes_;
  std::unique_ptr<AdmissionGate> gate_;
  Poco::Logger& access_log_;
};

}  // namespace alin::host
