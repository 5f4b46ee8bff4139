#include "alin/requests/employer_facts.hpp"

#include <optional>

#include "requests/request_store.hpp"

namespace alin::requests {

const nlohmann::json& EmployerFacts::of(const std::string& company_id) {
  if (const auto found = known_.find(company_id); found != known_.end()) return found->second;
  nlohmann::json& facts = known_[company_id];
  if (company_id.empty()) return facts;
  auto record = load_company(sql_, company_id);
  if (!record) return facts;
  return facts_of(*record, facts);
}

const nlohmann::json& EmployerFacts::of(const CompanyRecord& record) {
  if (const auto found = known_.find(record.company.id); found != known_.end()) {
    return found->second;
  }
  return facts_of(record, known_[record.company.id]);
}

const nlohmann::json& EmployerFacts::facts_of(const CompanyRecord& record, nlohmann::json& facts) {
  const sdk::Company& company = record.company;
  std::optional<long long> rights = company.pseec_rights_left;
  if (plugins_ && !record.policy.empty() && record.policy != "default") {
    // A policy that cannot answer leaves the platform's figure: the rules still decide, and the
    // adviser sees the figure used in the decision's reasons.
    if (const auto plugin = plugins_->company(record.policy)) {
      if (auto answered = plugin->pseec_rights_left(company); answered.ok()) {
        rights = answered.value();
      }
    }
  }
  facts = {{"contribution", company.contribution.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(company.contribution)},
           {"employees", company.employees},
           {"sector", record.agricultural ? "agricultural" : "nonAgricultural"}};
  // The rules ask whether rights are left (T 7.2), not how many.
  if (company.contribution == "PSEEC") facts["pseecRightsLeft"] = rights.value_or(0) > 0;
  return facts;
}

}  // namespace alin::requests
