#include "http/json_input.hpp"

#include <cctype>

namespace alin::http {

nlohmann::json parse_json_object(const Request& request) {
  const std::string type = request.header("content-type");
  std::string lowered = type;  // media types are case-insensitive (RFC 9110 §8.3.1)
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!type.empty() && lowered.find("json") == std::string::npos) {
    throw ProblemException({415,
                            "unsupported_media_type",
                            "Le corps doit être au format JSON.",
                            "Content-Type reçu : " + type,
                            {}});
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    throw ProblemException(bad_request("malformed_json",
                                       "Le corps de la requête n'est pas un JSON valide.",
                                       {{"", "malformed_json", "JSON illisible."}}));
  }
  if (!body.is_object()) {
    throw ProblemException(bad_request("malformed_json",
                                       "Le corps de la requête doit être un objet JSON.",
                                       {{"", "not_an_object", "Un objet JSON est attendu."}}));
  }
  return body;
}

void JsonInput::add_error(std::string field, std::string code, std::string message) {
  errors_.push_back({std::move(field), std::move(code), std::move(message)});
}

const nlohmann::json* JsonInput::get(const std::string& field, bool required) {
  const auto it = object_.find(field);
  if (it == object_.end() || it->is_null()) {
    if (required) add_error(field, "required", "Ce champ est obligatoire.");
    return nullptr;
  }
  return &*it;
}

nlohmann::json JsonInput::required_object(const std::string& field) {
  const nlohmann::json* value = get(field, true);
  if (value == nullptr) return nlohmann::json::object();
  if (!value->is_object()) {
    add_error(field, "wrong_type", "Un objet JSON est attendu.");
    return nlohmann::json::object();
  }
  return *value;
}

std::optional<std::string> JsonInput::optional_string(const std::string& field,
                                                      std::size_t max_length) {
  const nlohmann::json* value = get(field, false);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    add_error(field, "wrong_type", "Une chaîne de caractères est attendue.");
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (text.size() > max_length) {
    add_error(field, "too_long",
              "Ce champ ne peut dépasser " + std::to_string(max_length) + " octets.");
    return std::nullopt;
  }
  return text;
}

std::string JsonInput::required_string(const std::string& field, std::size_t max_length) {
  if (get(field, true) == nullptr) return {};
  return optional_string(field, max_length).value_or("");
}

std::optional<bool> JsonInput::optional_bool(const std::string& field) {
  const nlohmann::json* value = get(field, false);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    add_error(field, "wrong_type", "Un booléen (true ou false) est attendu.");
    return std::nullopt;
  }
  return value->get<bool>();
}

bool JsonInput::required_bool(const std::string& field) {
  if (get(field, true) == nullptr) return false;
  return optional_bool(field).value_or(false);
}

std::optional<long long> JsonInput::optional_integer(const std::string& field, long long min,
                                                     long long max) {
  const nlohmann::json* value = get(field, false);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    add_error(field, "wrong_type", "Un nombre entier est attendu.");
    return std::nullopt;
  }
  // An unsigned beyond the signed range is out of any range we accept, and any unsigned is out of
  // a negative range (cast to unsigned, a negative max would let 2^64-1 through, to wrap to -1).
  if (value->is_number_unsigned() &&
      (max < 0 || value->get<unsigned long long>() > static_cast<unsigned long long>(max))) {
    add_error(field, "out_of_range",
              "La valeur doit être comprise entre " + std::to_string(min) + " et " +
                  std::to_string(max) + ".");
    return std::nullopt;
  }
  const long long number = value->get<long long>();
  if (number < min || number > max) {
    add_error(field, "out_of_range",
              "La valeur doit être comprise entre " + std::to_string(min) + " et " +
                  std::to_string(max) + ".");
    return std::nullopt;
  }
  return number;
}

long long JsonInput::required_integer(const std::string& field, long long min, long long max) {
  if (get(field, true) == nullptr) return 0;
  return optional_integer(field, min, max).value_or(0);
}

void JsonInput::finish() const {
  if (errors_.empty()) return;
  throw ProblemException(
      bad_request("invalid_input", "Certains champs ne sont pas valides.", errors_));
}

}  // namespace alin::http
