#pragma once
// A company's own rules (RULES.md §1, §3; user guide #0, #3): whether an access code is needed
// and which, the consent levels offered, whether the employee number and hire date are required
// for validation, local income ceilings or quotas, and the PSEEC rights left (T 7.2). Most
// companies need only a Lua file under rules/companies/; a plugin is for a company with its own
// logic.
#include <optional>
#include <string>
#include <vector>

#include "alin/sdk/result.hpp"

namespace alin::sdk {

struct Company {
  std::string id;
  std::string siret;
  std::string name;
  long long employees = 0;
  std::string contribution;                    // "PEEC" | "PEAEC" | "PSEEC"
  std::optional<long long> pseec_rights_left;  // as recorded by the platform
};

struct CompanyRules {
  bool access_code_required = false;
  std::vector<int> consent_levels{1, 2, 3};  // the levels the applicant may choose among
  bool employee_number_required = false;
  bool hire_date_required = false;
  std::optional<long long> local_income_ceiling;  // € of reference tax income, on top of the law's
  std::optional<long long> yearly_quota;          // requests supported per year
};

struct EmploymentFacts {
  std::string company_code;     // "" when none given
  std::string employee_number;  // "" when none given
  std::string hire_date;        // "" when none given
};

struct Verdict {
  bool accepted = true;
  std::string code;     // "access_code_required", "wrong_access_code"…
  std::string message;  // French, for the applicant
  std::string field;    // the field at fault: "companyCode"
};

class CompanyPolicy {
 public:
  virtual ~CompanyPolicy() = default;

  virtual Result<CompanyRules> rules(const Company& company) noexcept = 0;
  // Checks what the applicant typed on the employment form against the rules (the access code
  // first). Refusals are a Verdict, not an error; an error means the policy could not decide.
  virtual Result<Verdict> check_employment(const Company& company,
                                           const EmploymentFacts& facts) noexcept = 0;
  // PSEEC rights left (T 7.2): the platform's figure unless the policy knows better.
  virtual Result<std::optional<long long>> pseec_rights_left(const Company& company) noexcept = 0;
};

}  // namespace alin::sdk
