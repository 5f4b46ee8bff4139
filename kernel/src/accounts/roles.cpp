#include "alin/accounts/roles.hpp"

#include <array>
#include <utility>

namespace alin {
namespace {
constexpr std::array<std::pair<Role, std::string_view>, 6> kRoles{{
    {Role::applicant, "applicant"},
    {Role::adviser, "adviser"},
    {Role::company, "company"},
    {Role::landlord, "landlord"},
    {Role::analyst, "analyst"},
    {Role::admin, "admin"},
}};
}  // namespace

std::string_view to_string(Role role) {
  for (const auto& [r, name] : kRoles)
    if (r == role) return name;
  return "applicant";
}

std::optional<Role> parse_role(std::string_view text) {
  for (const auto& [r, name] : kRoles)
    if (name == text) return r;
  return std::nullopt;
}

}  // namespace alin
