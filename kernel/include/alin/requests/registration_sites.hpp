#pragma once
// Which registration site serves which department (RULES.md §3): the national site for most, a
// local one for the 33 departments of rules/data/local_registration_sites.csv, and which plugin
// speaks to it — configuration: departments.<code>.plugin, the national plugin by default for
// the departments without a local site.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alin/util/error.hpp"

namespace alin::requests {

inline constexpr const char* kNationalSiteUrl = "https://www.demande-logement-social.gouv.fr";

struct RegistrationSite {
  std::string department;  // "29"
  std::string name;        // "Finistère"
  std::string url;         // where the applicant registers
  bool local = false;      // a local site rather than the national one
  std::string plugin;      // the plugin that speaks to it; "" when none is configured
};

struct SiteRouting {
  std::string national_plugin = "gouv_fr";
  std::map<std::string, std::string> department_plugins;  // "29" → "finistere"
};

class RegistrationSites {
 public:
  // Reads communes/departments.csv (the 96 metropolitan departments) and
  // local_registration_sites.csv from `data_directory`; adds the 5 overseas departments.
  static Result<std::shared_ptr<const RegistrationSites>> load(const std::string& data_directory,
                                                               const SiteRouting& routing);

  const RegistrationSite* find(const std::string& department) const;
  const std::vector<RegistrationSite>& all() const { return sites_; }

 private:
  std::vector<RegistrationSite> sites_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace alin::requests
