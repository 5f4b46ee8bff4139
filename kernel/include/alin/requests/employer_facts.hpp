#pragma once
// What the rules read of an applicant's employer (T 7.2: who is target public): its contribution,
// size, sector and, for a PSEEC company, whether it still has rights left. The rights are the
// company policy's figure when its policy knows better than the platform's record
// (sdk::CompanyPolicy::pseec_rights_left), else the organisation's `pseec_rights_left` column.
#include <soci/soci.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "alin/plugins/plugin_registry.hpp"
#include "alin/requests/request_service.hpp"

namespace alin::requests {

// One per transaction or set build: each company is read, and its policy asked, once.
class EmployerFacts {
 public:
  // `plugins` may be null (tools and tests without plugins): the platform's figure then.
  EmployerFacts(soci::session& sql, const plugins::PluginRegistry* plugins)
      : sql_(sql), plugins_(plugins) {}

  // {contribution, employees, sector, pseecRightsLeft?} in the rules' shape (API.md's
  // household.employment), or null when the company is not a partner on the platform.
  const nlohmann::json& of(const std::string& company_id);
  // The same from a record already read (HousingRequest::employer).
  const nlohmann::json& of(const CompanyRecord& record);

 private:
  // Fills `facts` from the record, asking its policy for the rights left.
  const nlohmann::json& facts_of(const CompanyRecord& record, nlohmann::json& facts);

  soci::session& sql_;
  const plugins::PluginRegistry* plugins_;
  std::map<std::string, nlohmann::json> known_;
};

}  // namespace alin::requests
