#include "alin/requests/employer_facts.hpp"

#include <optional>

namespace alin::requests {

const nlohmann::json& EmployerFacts::of(const std::string& company_id) {
  if (const auto found = known_.find(company_id); found != known_.end()) return found->second;
  nlohmann::json& facts = known_[company_id];
  if (company_id.empty()) return facts;
  soci::rowset<soci::row> rows =
      (sql_.prepare << "SELECT siret, name, employees, contribution, sector, pseec_rights_left,"
                       " policy FROM organisations WHERE id = :id AND kind = 'company'",
       soci::use(company_id));
  for (const auto& r : rows) {
    sdk::Company company;
    company.id = company_id;
    company.siret = r.get_indicator(0) == soci::i_ok ? r.get<std::string>(0) : "";
    company.name = r.get<std::string>(1);
    company.employees = r.get_indicator(2) == soci::i_ok ? r.get<int>(2) : 0;
    company.contribution = r.get_indicator(3) == soci::i_ok ? r.get<std::string>(3) : "";
    const bool agricultural =
        r.get_indicator(4) == soci::i_ok && r.get<std::string>(4) == "agricultural";
    if (r.get_indicator(5) == soci::i_ok) company.pseec_rights_left = r.get<int>(5);
    const std::string policy = r.get_indicator(6) == soci::i_ok ? r.get<std::string>(6) : "";

    std::optional<long long> rights = company.pseec_rights_left;
    if (plugins_ && !policy.empty() && policy != "default") {
      // A policy that cannot answer leaves the platform's figure: the rules still decide, and the
      // adviser sees the figure used in the decision's reasons.
      if (const auto plugin = plugins_->company(policy)) {
        if (auto answered = plugin->pseec_rights_left(company); answered.ok()) {
          rights = answered.value();
        }
      }
    }
    facts = {{"contribution", company.contribution.empty() ? nlohmann::json(nullptr)
                                                           : nlohmann::json(company.contribution)},
             {"employees", company.employees},
             {"sector", agricultural ? "agricultural" : "nonAgricultural"}};
    // The rules ask whether rights are left (T 7.2), not how many.
    if (company.contribution == "PSEEC") facts["pseecRightsLeft"] = rights.value_or(0) > 0;
  }
  return facts;
}

}  // namespace alin::requests
