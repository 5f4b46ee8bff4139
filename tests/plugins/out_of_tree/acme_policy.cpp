// An out-of-tree company policy: access code "ACME", levels 2 and 3.
#include <alin/sdk/plugin.hpp>

namespace acme {

class Policy final : public alin::sdk::CompanyPolicy {
 public:
  static std::vector<alin_plugin_setting> settings() { return {}; }
  static alin::sdk::Result<std::unique_ptr<Policy>> create(const alin::sdk::Settings&) {
    return std::make_unique<Policy>();
  }
  alin::sdk::Result<alin::sdk::CompanyRules> rules(const alin::sdk::Company&) noexcept override {
    alin::sdk::CompanyRules rules;
    rules.access_code_required = true;
    rules.consent_levels = {2, 3};
    return rules;
  }
  alin::sdk::Result<alin::sdk::Verdict> check_employment(
      const alin::sdk::Company&, const alin::sdk::EmploymentFacts& facts) noexcept override {
    if (facts.company_code == "ACME") return alin::sdk::Verdict{};
    return alin::sdk::Verdict{false, "wrong_access_code", "Code incorrect.", "companyCode"};
  }
  alin::sdk::Result<std::optional<long long>> pseec_rights_left(
      const alin::sdk::Company& company) noexcept override {
    return company.pseec_rights_left;
  }
};

}  // namespace acme

ALIN_COMPANY_PLUGIN(acme::Policy, "acme_policy", "0.1.0", "out-of-tree example")
