#pragma once
#include <string_view>
#include <vector>

#include "alin/util/error.hpp"

namespace alin::accounts {

// The platform's password rules (user guide #2): at least 8 characters, a digit, an upper-case and
// a lower-case letter, not equal to the email. Every broken rule is listed, on field `field`.
std::vector<FieldError> check_password(std::string_view password, std::string_view email,
                                       std::string_view field = "password");

}  // namespace alin::accounts
