#pragma once
// Expected failures travel as values (Result<T>), in the manner of DuckDB: a refused password or
// an expired token is not exceptional. Exceptions are kept for the truly unexpected.
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace alin {

// What kind of failure, independent of any transport; the host maps each to an HTTP status.
enum class ErrorKind {
  invalid,          // the input breaks a rule of shape or content
  unauthenticated,  // no or bad credentials
  forbidden,        // authenticated, but the role may not do this
  not_found,        // unknown, or not yours
  conflict,         // clashes with the current state
  gone,             // existed, has expired
  rate_limited,     // too many attempts
  unprocessable,    // a business rule refuses it
};

struct FieldError {
  std::string field;  // JSON path of the field at fault, e.g. "password" or "members[0].birthDate"
  std::string code;   // stable machine code, e.g. "too_short"
  std::string message;  // French sentence for the person
};

struct Error {
  ErrorKind kind = ErrorKind::invalid;
  std::string code;   // stable machine code, e.g. "password_rules"
  std::string title;  // French sentence for the person
  std::vector<FieldError> errors{};
  int retry_after_seconds = 0;  // for rate_limited

  static Error invalid(std::string code, std::string title, std::vector<FieldError> errors = {}) {
    return {ErrorKind::invalid, std::move(code), std::move(title), std::move(errors)};
  }
  static Error of(ErrorKind kind, std::string code, std::string title) {
    return {kind, std::move(code), std::move(title), {}};
  }
};

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Done {};  // the value of a Result that carries nothing but success
using Status = Result<Done>;
inline Status ok() {
  return Done{};
}

}  // namespace alin
