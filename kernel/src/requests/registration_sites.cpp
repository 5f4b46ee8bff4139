#include "alin/requests/registration_sites.hpp"

#include <fstream>
#include <sstream>

namespace alin::requests {
namespace {

// A CSV line of this project's reference data: commas, optional double quotes, no escapes
// beyond doubled quotes.
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

Result<std::vector<std::vector<std::string>>> read_csv(const std::string& path,
                                                       std::size_t columns) {
  std::ifstream in(path);
  if (!in) return Error::invalid("unreadable", "cannot read " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    if (++number == 1 || line.empty()) continue;  // the header
    auto fields = split_csv(line);
    if (fields.size() < columns) {
      return Error::invalid("malformed_csv", path + ":" + std::to_string(number) + ": expected " +
                                                 std::to_string(columns) + " columns");
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace

Result<std::shared_ptr<const RegistrationSites>> RegistrationSites::load(
    const std::string& data_directory, const SiteRouting& routing) {
  auto departments = read_csv(data_directory + "/communes/departments.csv", 2);
  if (!departments.ok()) return departments.error();
  auto local = read_csv(data_directory + "/local_registration_sites.csv", 3);
  if (!local.ok()) return local.error();
  std::map<std::string, std::string> local_urls;
  for (const auto& row : local.value()) local_urls[row[0]] = row[2];

  auto sites = std::make_shared<RegistrationSites>();
  auto add = [&](const std::string& code, const std::string& name) {
    RegistrationSite site{code, name, kNationalSiteUrl, false, routing.national_plugin};
    if (const auto it = local_urls.find(code); it != local_urls.end()) {
      site.url = it->second;
      site.local = true;
      site.plugin.clear();  // a local site needs its own plugin, configured by name
    }
    if (const auto it = routing.department_plugins.find(code);
        it != routing.department_plugins.end()) {
      site.plugin = it->second;
    }
    sites->index_[code] = sites->sites_.size();
    sites->sites_.push_back(std::move(site));
  };
  for (const auto& row : departments.value()) add(row[0], row[1]);
  for (const auto& [code, name] :
       std::vector<std::pair<std::string, std::string>>{{"971", "Guadeloupe"},
                                                        {"972", "Martinique"},
                                                        {"973", "Guyane"},
                                                        {"974", "La Réunion"},
                                                        {"976", "Mayotte"}}) {
    add(code, name);
  }
  return std::shared_ptr<const RegistrationSites>(std::move(sites));
}

const RegistrationSite* RegistrationSites::find(const std::string& department) const {
  const auto it = index_.find(department);
  return it == index_.end() ? nullptr : &sites_[it->second];
}

}  // namespace alin::requests
