#include "alin/requests/unique_number.hpp"

#include <cctype>

namespace alin::requests {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool all_alnum(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return !s.empty();
}

ParsedUniqueNumber failure(std::string code, std::string message) {
  return {std::nullopt, UniqueNumberError{std::move(code), std::move(message)}};
}

}  // namespace

bool is_department_code(std::string_view code) {
  if (code == "2A" || code == "2B") return true;
  if (code.size() == 2 && all_digits(code)) {
    const int n = (code[0] - '0') * 10 + (code[1] - '0');
    return n >= 1 && n <= 95 && n != 20;
  }
  if (code.size() == 3 && all_digits(code)) {
    return code == "971" || code == "972" || code == "973" || code == "974" || code == "976";
  }
  return false;
}

ParsedUniqueNumber parse_unique_number(std::string_view input) {
  std::string text;
  for (char c : input) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (text.size() > 32) break;
    text += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (text.size() != 17 && text.size() != 18) {
    return failure("wrong_length",
                   "Le numéro unique compte 18 caractères (ou 17 pour les plus anciens).");
  }
  UniqueNumber n;
  n.text = text;
  const std::size_t t = text.size() == 18 ? 3 : 2;
  n.territory = text.substr(0, t);
  if (t == 3) {
    if (n.territory == "111") {
      n.ile_de_france = true;
    } else if (n.territory[0] == '0' && is_department_code(n.territory.substr(1))) {
      n.department = n.territory.substr(1);
    } else if (is_department_code(n.territory)) {
      n.department = n.territory;  // overseas: 971…976
    } else {
      return failure("bad_territory",
                     "Le numéro unique ne commence pas par un territoire connu (111, ou 0 suivi "
                     "du département).");
    }
  } else {
    if (n.territory == "11") {
      n.ile_de_france = true;
    } else if (is_department_code(n.territory)) {
      n.department = n.territory;
    } else {
      return failure("bad_territory", "Le numéro unique ne commence pas par un territoire connu.");
    }
  }
  const std::string_view rest = std::string_view(text).substr(t);
  const std::string_view month = rest.substr(0, 2), year = rest.substr(2, 2),
                         sequence = rest.substr(4, 6), office = rest.substr(10, 5);
  if (!all_digits(month))
    return failure("bad_month", "Le mois du numéro unique doit être en chiffres.");
  n.month = (month[0] - '0') * 10 + (month[1] - '0');
  if (n.month < 1 || n.month > 12) {
    return failure("bad_month", "Le mois du numéro unique doit être compris entre 01 et 12.");
  }
  if (!all_digits(year))
    return failure("bad_year", "L'année du numéro unique doit être en chiffres.");
  n.year = 2000 + (year[0] - '0') * 10 + (year[1] - '0');
  if (!all_digits(sequence)) {
    return failure("bad_sequence", "Le numéro d'ordre du numéro unique compte 6 chiffres.");
  }
  n.sequence = std::string(sequence);
  if (!all_alnum(office)) {
    return failure("bad_office", "Le guichet du numéro unique compte 5 lettres ou chiffres.");
  }
  n.office = std::string(office);
  return {n, std::nullopt};
}

}  // namespace alin::requests
