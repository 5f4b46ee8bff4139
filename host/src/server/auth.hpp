#pragma once
// Authentication and the mapping of kernel errors to HTTP problems, for the handlers.
#include <initializer_list>

#include "alin/accounts/roles.hpp"
#include "alin/util/error.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "server/services.hpp"

namespace alin::host {

http::Problem to_problem(const Error& error);
[[noreturn]] void fail(const Error& error);

template <typename T>
T unwrap(Result<T> result) {
  if (!result.ok()) fail(result.error());
  return std::move(result.value());
}

// The bearer token of the request, or "" when there is none.
std::string bearer_token(const http::Request& request);
// The authenticated principal; 401 without a valid session, 403 when its role is not in `roles`
// (an empty list admits every authenticated role).
Principal require(Services& services, const http::Request& request,
                  std::initializer_list<Role> roles = {});

}  // namespace alin::host
