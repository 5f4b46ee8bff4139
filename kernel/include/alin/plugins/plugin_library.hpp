#pragma once
// One plugin library loaded with Boost.DLL: its info record checked against the host's SDK (struct
// size, ABI version, toolchain, kind), then instances made with checked settings. A library is
// never unloaded while the process runs: instances and the code they point into stay valid.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alin/sdk/abi.h"
#include "alin/sdk/company_policy.hpp"
#include "alin/sdk/department_site.hpp"
#include "alin/sdk/landlord.hpp"
#include "alin/util/error.hpp"

namespace alin::plugins {

enum class Kind { department, landlord, company };
const char* to_string(Kind kind);

struct SettingSpec {
  std::string key;
  bool required = false;
  std::string default_value;
  bool has_default = false;
  std::string help;
};

// The declarative description of a plugin, read from its info record (or a Lua policy's header).
struct PluginInfo {
  std::string name;
  std::string version;
  Kind kind = Kind::department;
  std::string description;
  std::string toolchain;
  std::string path;  // the library file, or the Lua file
  std::vector<SettingSpec> settings;
};

using Settings = std::map<std::string, std::string>;

class PluginLibrary {
 public:
  // Loads `path` and checks its record. Errors (kind invalid) name the file and what is wrong:
  // not_a_library, missing_symbol, struct_size_mismatch, abi_version_mismatch,
  // toolchain_mismatch, unknown_kind, bad_record.
  static Result<std::shared_ptr<PluginLibrary>> load(const std::string& path);

  const PluginInfo& info() const { return info_; }

  // A configured instance. Errors: unknown_setting, missing_setting, wrong_kind, create_failed
  // (with the plugin's own message).
  Result<std::shared_ptr<sdk::DepartmentSite>> create_department(const Settings& settings) const;
  Result<std::shared_ptr<sdk::Landlord>> create_landlord(const Settings& settings) const;
  Result<std::shared_ptr<sdk::CompanyPolicy>> create_company(const Settings& settings) const;

  struct Handle;  // the library, kept loaded for the life of the process

 private:
  Result<void*> create(Kind kind, const Settings& settings) const;

  PluginInfo info_;
  std::shared_ptr<Handle> handle_;
  alin_plugin_create_fn create_ = nullptr;
  alin_plugin_destroy_fn destroy_ = nullptr;
};

// Checks `given` against the declared settings: every key known, every required one present;
// fills in the defaults. Returns the complete settings.
Result<Settings> check_settings(const PluginInfo& info, const Settings& given);

}  // namespace alin::plugins
