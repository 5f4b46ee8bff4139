#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace alin {

// Who may do what is decided per route in the host; the kernel only knows the six roles.
enum class Role { applicant, adviser, company, landlord, analyst, admin };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// The authenticated person behind a request.
struct Principal {
  std::string account_id;
  Role role = Role::applicant;
  std::string email;
  std::string organisation_id;  // empty unless company or landlord staff
};

}  // namespace alin
