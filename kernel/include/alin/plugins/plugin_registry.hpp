#pragma once
// The plugins the host serves with: every library found in the configured folders (and the Lua
// company policies of rules/companies/), each made once with its settings. A library that is
// refused, or an instance that cannot be made, is a Problem listed by GET /admin/plugins; the host
// still starts, and a use case needing that plugin answers that it is unavailable.
//
// Instances are shared by every request thread: plugins must be thread-safe.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alin/plugins/plugin_library.hpp"

namespace alin::plugins {

struct RegistryOptions {
  std::vector<std::string> directories;      // scanned for *.so, in order
  std::map<std::string, Settings> settings;  // by plugin name: plugins.<name>.<key>
  std::string company_policies_directory;    // rules/companies: *.lua ("" for none)
};

struct Problem {
  std::string path;
  std::string code;
  std::string message;
};

class PluginRegistry {
 public:
  static std::unique_ptr<PluginRegistry> load(const RegistryOptions& options);

  std::shared_ptr<sdk::DepartmentSite> department(const std::string& name) const;
  std::shared_ptr<sdk::Landlord> landlord(const std::string& name) const;
  std::shared_ptr<sdk::CompanyPolicy> company(const std::string& name) const;

  const std::vector<PluginInfo>& loaded() const { return loaded_; }
  const std::vector<Problem>& problems() const { return problems_; }

  // Adds an instance made elsewhere (a Lua policy, a test double). A name already taken is a
  // problem and the first one stays.
  void add(PluginInfo info, std::shared_ptr<sdk::DepartmentSite> site);
  void add(PluginInfo info, std::shared_ptr<sdk::Landlord> landlord);
  void add(PluginInfo info, std::shared_ptr<sdk::CompanyPolicy> policy);

 private:
  bool claim_name(const PluginInfo& info);
  void add_library(const std::shared_ptr<PluginLibrary>& library, const Settings& settings);

  std::vector<PluginInfo> loaded_;
  std::vector<Problem> problems_;
  std::map<std::string, std::shared_ptr<sdk::DepartmentSite>> departments_;
  std::map<std::string, std::shared_ptr<sdk::Landlord>> landlords_;
  std::map<std::string, std::shared_ptr<sdk::CompanyPolicy>> companies_;
};

// "a:b:c" → {"a", "b", "c"}, empty parts dropped.
std::vector<std::string> split_directories(const std::string& text);

}  // namespace alin::plugins
