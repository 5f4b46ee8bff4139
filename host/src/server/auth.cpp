#include "server/auth.hpp"

#include <algorithm>

namespace alin::host {

http::Problem to_problem(const Error& error) {
  int status = 400;
  switch (error.kind) {
    case ErrorKind::invalid:
      status = 400;
      break;
    case ErrorKind::unauthenticated:
      status = 401;
      break;
    case ErrorKind::forbidden:
      status = 403;
      break;
    case ErrorKind::not_found:
      status = 404;
      break;
    case ErrorKind::conflict:
      status = 409;
      break;
    case ErrorKind::gone:
      status = 410;
      break;
    case ErrorKind::unprocessable:
      status = 422;
      break;
    case ErrorKind::rate_limited:
      status = 429;
      break;
  }
  http::Problem problem{status, error.code, error.title, "", {}};
  for (const auto& e : error.errors) problem.errors.push_back({e.field, e.code, e.message});
  problem.retry_after_seconds = error.retry_after_seconds;
  return problem;
}

void fail(const Error& error) {
  throw http::ProblemException(to_problem(error));
}

std::string bearer_token(const http::Request& request) {
  const std::string header = request.header("authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return header.substr(kPrefix.size());
}

Principal require(Services& services, const http::Request& request,
                  std::initializer_list<Role> roles) {
  const std::string token = bearer_token(request);
  if (token.empty()) {
    throw http::ProblemException({401,
                                  "unauthenticated",
                                  "Authentification requise.",
                                  "Envoyez l'en-tête Authorization: Bearer <jeton>.",
                                  {}});
  }
  Principal principal = unwrap(services.accounts->authenticate(token));
  if (roles.size() > 0 && std::find(roles.begin(), roles.end(), principal.role) == roles.end()) {
    throw http::ProblemException(
        {403, "forbidden", "Votre rôle ne permet pas cette action.", "", {}});
  }
  return principal;
}

}  // namespace alin::host
