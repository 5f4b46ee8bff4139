#pragma once
// Errors as values across the plugin boundary: every interface method is noexcept and returns a
// Result<T>. guarded() turns anything a plugin's own code throws into an `internal` error.
#include <exception>
#include <string>
#include <utility>
#include <variant>

namespace alin::sdk {

enum class Fault {
  invalid,       // the input is refused (a malformed unique number, an unknown document kind)
  not_found,     // the site or the landlord does not know it
  denied,        // a wrong access code, a refused check
  expired,       // a code or a token has expired
  rate_limited,  // the remote side asks us to slow down
  unavailable,   // the remote side cannot be reached or answered nonsense
  internal,      // a bug in the plugin
};

struct Error {
  Fault fault = Fault::internal;
  std::string code;     // stable machine code, e.g. "wrong_code"
  std::string message;  // French sentence a person may read
};

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Nothing {};

inline Error fail(Fault fault, std::string code, std::string message) {
  return Error{fault, std::move(code), std::move(message)};
}

// Runs fn() and returns its Result; an exception becomes an `internal` error, so none crosses.
template <typename Fn>
auto guarded(Fn&& fn) noexcept -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Error{Fault::internal, "plugin_exception", e.what()};
  } catch (...) {
    return Error{Fault::internal, "plugin_exception", "unknown exception"};
  }
}

}  // namespace alin::sdk
