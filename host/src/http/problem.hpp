#pragma once
// Errors as application/problem+json (RFC 9457), the shape API.md fixes:
// {type, title, status, detail?, code, errors:[{field, code, message}]}.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace alin::http {

// How every JSON body is written: compact, UTF-8 kept as it is, invalid bytes replaced by U+FFFD
// rather than thrown (a text echoed from the input may be invalid). The kernel's util::dump_json
// writes the same bytes (this layer is built without the kernel): a unit test holds them equal.
std::string dump_body(const nlohmann::json& value);

struct ProblemField {
  std::string field;
  std::string code;
  std::string message;
};

struct Problem {
  int status = 400;
  std::string code;   // stable, also the last segment of `type`
  std::string title;  // French
  std::string detail;
  std::vector<ProblemField> errors;
  int retry_after_seconds = 0;

  nlohmann::json to_json() const;
  Response to_response(const std::string& request_id) const;
};

// Thrown by handlers and helpers to answer with a problem; caught at the top of the dispatch.
class ProblemException : public std::runtime_error {
 public:
  explicit ProblemException(Problem problem)
      : std::runtime_error(problem.code), problem_(std::move(problem)) {}
  const Problem& problem() const { return problem_; }

 private:
  Problem problem_;
};

inline constexpr const char* kProblemTypeBase = "https://alin.example/problems/";

Problem bad_request(std::string code, std::string title, std::vector<ProblemField> errors = {});
Problem not_found();
Problem method_not_allowed(const std::string& allowed);
Problem payload_too_large(std::size_t limit);

}  // namespace alin::http
