#include "alin/accounts/validation.hpp"

#include <algorithm>
#include <cctype>

#include "alin/util/utf8.hpp"

namespace alin::accounts {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Counts code points; returns -1 for invalid UTF-8 (alin/util/utf8.hpp) or a control character
// (C0, DEL or C1).
long utf8_length(std::string_view text) {
  long count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = util::utf8_sequence_length(text, i);
    if (length == 0 || lead < 0x20 || lead == 0x7f) return -1;
    // U+0080–U+009F, the C1 controls, are C2 80 to C2 9F.
    if (lead == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) return -1;
    i += length;
    ++count;
  }
  return count;
}

}  // namespace

std::string normalise_email(std::string_view email, std::vector<FieldError>& errors,
                            std::string_view field) {
  std::string value = trim(email);
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto at = value.find('@');
  const bool shaped =
      at != std::string::npos && at > 0 && value.find('@', at + 1) == std::string::npos &&
      value.find('.', at + 2) != std::string::npos && value.back() != '.' && value.size() <= 254 &&
      std::none_of(value.begin(), value.end(), [](unsigned char c) {
        return c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';';
      });
  if (value.empty()) {
    errors.push_back({std::string(field), "required", "L'adresse e-mail est obligatoire."});
  } else if (!shaped) {
    errors.push_back({std::string(field), "invalid_email", "L'adresse e-mail n'est pas valide."});
  }
  return value;
}

std::string normalise_mobile(std::string_view mobile, std::vector<FieldError>& errors,
                             std::string_view field) {
  std::string digits;
  bool international = false;
  bool stray = false;
  for (std::size_t i = 0; i < mobile.size(); ++i) {
    const char c = mobile[i];
    if (std::isdigit(static_cast<unsigned char>(c)))
      digits.push_back(c);
    else if (c == '+' && digits.empty() && !international)
      international = true;
    else if (c != ' ' && c != '.' && c != '-')
      stray = true;
  }
  if (international) {
    if (digits.rfind("33", 0) == 0)
      digits = "0" + digits.substr(2);
    else
      stray = true;
  }
  const bool ok =
      !stray && digits.size() == 10 && digits[0] == '0' && (digits[1] == '6' || digits[1] == '7');
  if (mobile.empty()) {
    errors.push_back(
        {std::string(field), "required", "Le numéro de téléphone mobile est obligatoire."});
  } else if (!ok) {
    errors.push_back({std::string(field), "invalid_mobile",
                      "Le numéro de mobile doit être un numéro français (06 ou 07, 10 chiffres)."});
  }
  return digits;
}

std::string check_name(std::string_view name, std::vector<FieldError>& errors,
                       std::string_view field) {
  std::string value = trim(name);
  const long length = utf8_length(value);
  if (value.empty()) {
    errors.push_back({std::string(field), "required", "Ce champ est obligatoire."});
  } else if (length < 0) {
    errors.push_back({std::string(field), "invalid_characters",
                      "Ce champ contient des caractères non valides."});
  } else if (length > 100) {
    errors.push_back({std::string(field), "too_long", "Ce champ ne peut dépasser 100 caractères."});
  }
  return value;
}

bool is_valid_siret(std::string_view siret) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (siret.size() != 14 || !std::all_of(siret.begin(), siret.end(), is_digit)) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 14; ++i) {
    int digit = siret[13 - i] - '0';
    if (i % 2 == 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  // La Poste's establishments (SIREN 356000000) are keyed by a digit sum divisible by 5 instead;
  // its head office (…00048) keeps a Luhn key.
  if (siret.substr(0, 9) == "356000000") {
    int digits = 0;
    for (char c : siret) digits += c - '0';
    if (digits % 5 == 0) return true;
  }
  return sum % 10 == 0;
}

}  // namespace alin::accounts
