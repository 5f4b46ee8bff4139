#pragma once
// Companies (employers paying PEEC, PEAEC or PSEEC) and landlords, created by an admin.
#include <optional>
#include <string>

#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"

namespace alin::organisations {

struct NewCompany {
  std::string siret;
  std::string name;
  long long employees = 0;
  std::string sector;        // "agricultural" | "non_agricultural"
  std::string contribution;  // "PEEC" | "PEAEC" | "PSEEC"
  std::optional<long long> pseec_rights_left;
  std::string policy;  // the company policy plugin or Lua file; "default" when empty
};

struct NewLandlord {
  std::string name;
  std::string plugin;  // the landlord plugin; "generic" when empty
};

class OrganisationService {
 public:
  OrganisationService(store::Database& database, const Clock& clock)
      : database_(database), clock_(clock) {}

  Result<std::string> create_company(const NewCompany& input);
  Result<std::string> create_landlord(const NewLandlord& input);

 private:
  store::Database& database_;
  const Clock& clock_;
};

}  // namespace alin::organisations
