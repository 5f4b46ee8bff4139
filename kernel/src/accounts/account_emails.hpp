#pragma once
// The French emails of the account use cases.
#include <string>

#include "alin/mail/mail.hpp"

namespace alin::accounts {

mail::Email confirmation_email(const std::string& to, const std::string& first_name,
                               const std::string& link, int valid_hours);
mail::Email staff_invitation_email(const std::string& to, const std::string& first_name,
                                   const std::string& role, const std::string& link,
                                   int valid_hours);
mail::Email password_reset_email(const std::string& to, const std::string& first_name,
                                 const std::string& link, int valid_minutes);

}  // namespace alin::accounts
