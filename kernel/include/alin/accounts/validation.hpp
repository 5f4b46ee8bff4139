#pragma once
// Shape checks of personal fields, shared by every use case that takes them.
#include <string>
#include <string_view>
#include <vector>

#include "alin/util/error.hpp"

namespace alin::accounts {

// Lower-cases and trims an email address; checks its shape. Appends to `errors` when wrong.
std::string normalise_email(std::string_view email, std::vector<FieldError>& errors,
                            std::string_view field = "email");
// A French mobile number (06/07…, or +33 6/7…), returned as 10 digits "0612345678".
std::string normalise_mobile(std::string_view mobile, std::vector<FieldError>& errors,
                             std::string_view field = "mobile");
// A person's name: 1 to 100 characters of valid UTF-8, no control characters.
std::string check_name(std::string_view name, std::vector<FieldError>& errors,
                       std::string_view field);
// A SIRET: 14 digits with a valid Luhn key.
bool is_valid_siret(std::string_view siret);

}  // namespace alin::accounts
