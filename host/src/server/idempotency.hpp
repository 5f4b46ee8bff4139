#pragma once
// Idempotency-Key on POST (API.md): the first answer to a key is kept for a day and given again
// to a repeat of the same request; the same key with another body is refused, and a repeat that
// arrives while the first is still running is told so.
#include <functional>

#include "http/message.hpp"
#include "server/services.hpp"

namespace alin::host {

class IdempotentHandler {
 public:
  using Next = std::function<http::Response(http::Request&)>;
  IdempotentHandler(Services& services, Next next) : services_(services), next_(std::move(next)) {}

  http::Response operator()(http::Request& request) const;

  static constexpr UnixSeconds kRetention = 24 * 3600;

 private:
  Services& services_;
  Next next_;
};

}  // namespace alin::host
