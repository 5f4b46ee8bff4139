// example: a company policy with logic a Lua table cannot hold — copy this folder to start a
// plugin (docs/integrators.md). Groupe Exemple gives each site its own access code, "<SITE>-<year
// of hire>", offers consent levels 2 and 3 only, needs the employee number and hire date, and
// counts its PSEEC rights from a yearly budget (setting `yearly_budget`) less what it has used.
#include <set>

#include "alin/sdk/plugin.hpp"

namespace example {

class ExamplePolicy final : public alin::sdk::CompanyPolicy {
 public:
  // The settings the host may give (plugins.example.<key>), checked before create.
  static std::vector<alin_plugin_setting> settings() {
    return {{"sites", 0, "SIEGE", "the company's sites, comma-separated: BREST,QUIMPER"},
            {"yearly_budget", 0, "100", "PSEEC rights bought each year"},
            {"used", 0, "0", "PSEEC rights used this year"}};
  }

  static alin::sdk::Result<std::unique_ptr<ExamplePolicy>> create(const alin::sdk::Settings& s) {
    auto policy = std::make_unique<ExamplePolicy>();
    std::string sites = s.get("sites");
    for (std::size_t start = 0; start <= sites.size();) {
      const auto comma = sites.find(',', start);
      const std::string site =
          sites.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!site.empty()) policy->sites_.insert(site);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (policy->sites_.empty()) {
      return alin::sdk::fail(alin::sdk::Fault::invalid, "bad_settings", "sites lists no site");
    }
    try {
      policy->rights_left_ = std::stoll(s.get("yearly_budget")) - std::stoll(s.get("used"));
    } catch (const std::exception&) {
      return alin::sdk::fail(alin::sdk::Fault::invalid, "bad_settings",
                             "yearly_budget and used are numbers");
    }
    return policy;
  }

  alin::sdk::Result<alin::sdk::CompanyRules> rules(const alin::sdk::Company&) noexcept override {
    alin::sdk::CompanyRules rules;
    rules.access_code_required = true;
    rules.consent_levels = {2, 3};
    rules.employee_number_required = true;
    rules.hire_date_required = true;
    return rules;
  }

  alin::sdk::Result<alin::sdk::Verdict> check_employment(
      const alin::sdk::Company&, const alin::sdk::EmploymentFacts& facts) noexcept override {
    return alin::sdk::guarded([&]() -> alin::sdk::Result<alin::sdk::Verdict> {
      if (facts.employee_number.empty()) {
        return alin::sdk::Verdict{false, "employee_number_required",
                                  "Groupe Exemple demande votre matricule.", "employeeNumber"};
      }
      if (facts.hire_date.size() != 10) {
        return alin::sdk::Verdict{false, "hire_date_required",
                                  "Groupe Exemple demande votre date d'embauche.", "hireDate"};
      }
      // The code is the site, a dash and the year of hire: BREST-2019.
      const auto dash = facts.company_code.find('-');
      const bool right = dash != std::string::npos &&
                         sites_.count(facts.company_code.substr(0, dash)) &&
                         facts.company_code.substr(dash + 1) == facts.hire_date.substr(0, 4);
      if (!right) {
        return alin::sdk::Verdict{false, "wrong_access_code",
                                  "Le code d'accès Groupe Exemple est incorrect.", "companyCode"};
      }
      return alin::sdk::Verdict{};
    });
  }

  alin::sdk::Result<std::optional<long long>> pseec_rights_left(
      const alin::sdk::Company&) noexcept override {
    return std::optional<long long>(rights_left_ < 0 ? 0 : rights_left_);
  }

 private:
  std::set<std::string> sites_;
  long long rights_left_ = 0;
};

}  // namespace example

ALIN_COMPANY_PLUGIN(example::ExamplePolicy, "example", "1.0.0",
                    "Groupe Exemple : code d'accès par site et année d'embauche, niveaux 2 et 3")
