#include "alin/accounts/password_policy.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace alin::accounts {

std::vector<FieldError> check_password(std::string_view password, std::string_view email,
                                       std::string_view field) {
  std::vector<FieldError> errors;
  const std::string f(field);
  auto has = [&](int (*predicate)(int)) {
    return std::any_of(password.begin(), password.end(),
                       [&](char c) { return predicate(static_cast<unsigned char>(c)) != 0; });
  };
  // Characters, not bytes: every byte but a UTF-8 continuation byte (10xxxxxx) starts one.
  const auto characters = std::count_if(password.begin(), password.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
  if (characters < 8)
    errors.push_back({f, "too_short", "Le mot de passe doit contenir au moins 8 caractères."});
  if (characters > 128)
    errors.push_back({f, "too_long", "Le mot de passe ne peut dépasser 128 caractères."});
  if (!has(::isdigit))
    errors.push_back({f, "no_digit", "Le mot de passe doit contenir au moins un chiffre."});
  if (!has(::isupper))
    errors.push_back(
        {f, "no_uppercase", "Le mot de passe doit contenir au moins une lettre majuscule."});
  if (!has(::islower))
    errors.push_back(
        {f, "no_lowercase", "Le mot de passe doit contenir au moins une lettre minuscule."});
  auto lower = [](std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
  };
  // Both sides lowered: the caller's email may not be normalised yet.
  if (!email.empty() && lower(password) == lower(email))
    errors.push_back(
        {f, "equals_email", "Le mot de passe doit être différent de l'adresse e-mail."});
  return errors;
}

}  // namespace alin::accounts
