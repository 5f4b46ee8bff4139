#pragma once
// Reads a JSON request body field by field, collecting every error before answering, so the 400
// names each field at fault at once.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "http/problem.hpp"

namespace alin::http {

// Parses the body as a JSON object; throws ProblemException (400 malformed_json, or
// 415 unsupported_media_type when the content type is not JSON).
nlohmann::json parse_json_object(const Request& request);

class JsonInput {
 public:
  explicit JsonInput(const nlohmann::json& object) : object_(object) {}

  std::string required_string(const std::string& field, std::size_t max_length = 1000);
  std::optional<std::string> optional_string(const std::string& field,
                                             std::size_t max_length = 1000);
  // The object itself (its members are the caller's to read); an empty object after an error.
  nlohmann::json required_object(const std::string& field);
  bool required_bool(const std::string& field);
  std::optional<bool> optional_bool(const std::string& field);
  long long required_integer(const std::string& field, long long min, long long max);
  std::optional<long long> optional_integer(const std::string& field, long long min, long long max);

  void add_error(std::string field, std::string code, std::string message);
  bool has_errors() const { return !errors_.empty(); }
  // Throws the 400 problem listing every error collected, if any.
  void finish() const;

 private:
  const nlohmann::json* get(const std::string& field, bool required);

  const nlohmann::json& object_;
  std::vector<ProblemField> errors_;
};

}  // namespace alin::http
