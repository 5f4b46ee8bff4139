#pragma once
// A company policy written as a plain Lua file under rules/companies/ (ARCHITECTURE.md
// "Plugins"): most companies need only an access code and a list of consent levels, and an
// analyst should not need a compiler for that. The file runs once, at load, in a small sandbox of
// its own (base, string, table and math; text chunks only; an instruction budget and a memory
// cap), and must leave a table `policy`:
//
//   policy = {
//     version = "2026.1",
//     description = "Groupe Exemple : code d'accès, niveaux 2 et 3",
//     access_code = { required = true, codes = { "EXEMPLE2026" } },
//     consent_levels = { 2, 3 },
//     employee_number_required = true,
//     hire_date_required = false,
//     local_income_ceiling = 45000,   -- optional
//     yearly_quota = 20,              -- optional
//     pseec_rights_left = 120,        -- optional: overrides the platform's figure
//   }
//
// The values are read into C++ at load: deciding is then pure C++ and thread-safe.
// TODO(lead): unify with the rules engine's sandbox (kernel/src/rules/sandbox.*) once it can run
// a file outside the rule set.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alin/plugins/plugin_library.hpp"
#include "alin/sdk/company_policy.hpp"
#include "alin/util/error.hpp"

namespace alin::plugins {

class LuaCompanyPolicy final : public sdk::CompanyPolicy {
 public:
  static Result<std::unique_ptr<LuaCompanyPolicy>> load(const std::string& path);
  // The same from text, for tests: `name` is what the file stem would be.
  static Result<std::unique_ptr<LuaCompanyPolicy>> from_source(const std::string& name,
                                                               const std::string& source);

  const PluginInfo& info() const { return info_; }

  sdk::Result<sdk::CompanyRules> rules(const sdk::Company& company) noexcept override;
  sdk::Result<sdk::Verdict> check_employment(const sdk::Company& company,
                                             const sdk::EmploymentFacts& facts) noexcept override;
  sdk::Result<std::optional<long long>> pseec_rights_left(
      const sdk::Company& company) noexcept override;

 private:
  PluginInfo info_;
  sdk::CompanyRules rules_;
  std::vector<std::string> codes_;
  std::optional<long long> pseec_rights_left_;
};

// The checks every policy shares, from its rules and accepted codes (also used by plugins that
// only change the rules).
sdk::Verdict check_employment_against(const sdk::CompanyRules& rules,
                                      const std::vector<std::string>& codes,
                                      const sdk::EmploymentFacts& facts);

}  // namespace alin::plugins
