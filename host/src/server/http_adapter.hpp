#pragma once
// Poco's HTTP server on one side, our plain Request/Response and the Pipeline on the other.
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "http/pipeline.hpp"

namespace alin::host {

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(const http::Pipeline& pipeline, std::size_t max_body_bytes, Poco::Logger& access_log)
      : pipeline_(pipeline), max_body_bytes_(max_body_bytes), access_log_(access_log) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override;

 private:
  const http::Pipeline& pipeline_;
  std::size_t max_body_bytes_;
  Poco::Logger& access_log_;
};

}  // namespace alin::host
