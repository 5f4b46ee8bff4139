#include "alin/plugins/plugin_library.hpp"

#include <boost/dll/shared_library.hpp>
#include <cstring>
#include <mutex>

#include "alin/sdk/settings.hpp"

namespace alin::plugins {

struct PluginLibrary::Handle {
  boost::dll::shared_library library;
};

namespace {

Error refused(const std::string& path, const std::string& code, const std::string& why) {
  return Error::invalid(code, "plugin '" + path + "' refused: " + why);
}

// Never unloaded while the host runs: every library loaded is kept here until the process ends.
void keep_forever(const std::shared_ptr<PluginLibrary::Handle>& handle) {
  static std::mutex mutex;
  static auto* kept = new std::vector<std::shared_ptr<PluginLibrary::Handle>>();
  std::lock_guard lock(mutex);
  kept->push_back(handle);
}

std::string text(const char* s) {
  return s ? std::string(s) : std::string();
}

}  // namespace

const char* to_string(Kind kind) {
  switch (kind) {
    case Kind::department:
      return ALIN_PLUGIN_KIND_DEPARTMENT;
    case Kind::landlord:
      return ALIN_PLUGIN_KIND_LANDLORD;
    case Kind::company:
      return ALIN_PLUGIN_KIND_COMPANY;
  }
  return "?";
}

Result<std::shared_ptr<PluginLibrary>> PluginLibrary::load(const std::string& path) {
  auto handle = std::make_shared<Handle>();
  boost::dll::fs::error_code ec;
  handle->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                       ec);
  if (ec || !handle->library.is_loaded()) {
    return refused(path, "not_a_library", "cannot be loaded (" + ec.message() + ")");
  }
  keep_forever(handle);
  for (const char* symbol :
       {ALIN_PLUGIN_INFO_SYMBOL, ALIN_PLUGIN_CREATE_SYMBOL, ALIN_PLUGIN_DESTROY_SYMBOL}) {
    if (!handle->library.has(symbol)) {
      return refused(path, "missing_symbol",
                     std::string("it does not export ") + symbol +
                         " (write the plugin with ALIN_DEPARTMENT_PLUGIN, ALIN_LANDLORD_PLUGIN or "
                         "ALIN_COMPANY_PLUGIN)");
    }
  }
  auto info_fn = handle->library.get<const alin_plugin_info_record*()>(ALIN_PLUGIN_INFO_SYMBOL);
  const alin_plugin_info_record* record = info_fn();
  if (record == nullptr) return refused(path, "bad_record", "its info record is null");
  // The first two fields are read before anything else: they say how to read the rest.
  if (record->abi_version != ALIN_SDK_ABI_VERSION) {
    return refused(path, "abi_version_mismatch",
                   "built for SDK ABI version " + std::to_string(record->abi_version) +
                       ", this host speaks version " + std::to_string(ALIN_SDK_ABI_VERSION) +
                       ": rebuild it against this host's SDK");
  }
  if (record->struct_size != sizeof(alin_plugin_info_record)) {
    return refused(path, "struct_size_mismatch",
                   "its info record is " + std::to_string(record->struct_size) +
                       " bytes, this host expects " +
                       std::to_string(sizeof(alin_plugin_info_record)));
  }
  const std::string toolchain = text(record->toolchain);
  if (toolchain != ALIN_SDK_TOOLCHAIN_ID) {
    return refused(path, "toolchain_mismatch",
                   "built with toolchain '" + toolchain + "', this host is '" +
                       ALIN_SDK_TOOLCHAIN_ID + "': the C++ interfaces would not match");
  }
  auto library = std::shared_ptr<PluginLibrary>(new PluginLibrary());
  PluginInfo& info = library->info_;
  info.name = text(record->name);
  info.version = text(record->version);
  info.description = text(record->description);
  info.toolchain = toolchain;
  info.path = path;
  if (info.name.empty() || info.version.empty()) {
    return refused(path, "bad_record", "its info record has no name or no version");
  }
  const std::string kind = text(record->kind);
  if (kind == ALIN_PLUGIN_KIND_DEPARTMENT) {
    info.kind = Kind::department;
  } else if (kind == ALIN_PLUGIN_KIND_LANDLORD) {
    info.kind = Kind::landlord;
  } else if (kind == ALIN_PLUGIN_KIND_COMPANY) {
    info.kind = Kind::company;
  } else {
    return refused(path, "unknown_kind",
                   "kind '" + kind + "' is none of department, landlord, company");
  }
  for (uint32_t i = 0; record->settings && i < record->settings_count; ++i) {
    const alin_plugin_setting& s = record->settings[i];
    info.settings.push_back({text(s.key), s.required != 0, text(s.default_value),
                             s.default_value != nullptr, text(s.help)});
  }
  library->handle_ = handle;
  library->create_ =
      handle->library.get<void*(const char*, char*, size_t)>(ALIN_PLUGIN_CREATE_SYMBOL);
  library->destroy_ = handle->library.get<void(void*)>(ALIN_PLUGIN_DESTROY_SYMBOL);
  return library;
}

Result<Settings> check_settings(const PluginInfo& info, const Settings& given) {
  std::vector<FieldError> errors;
  Settings complete;
  for (const auto& [key, value] : given) {
    bool known = false;
    for (const auto& spec : info.settings) known = known || spec.key == key;
    if (!known) {
      errors.push_back({"plugins." + info.name + "." + key, "unknown_setting",
                        "plugin " + info.name + " has no setting '" + key + "'"});
    } else {
      complete[key] = value;
    }
  }
  for (const auto& spec : info.settings) {
    if (complete.count(spec.key)) continue;
    if (spec.has_default) {
      complete[spec.key] = spec.default_value;
    } else if (spec.required) {
      errors.push_back(
          {"plugins." + info.name + "." + spec.key, "missing_setting",
           "plugin " + info.name + " needs setting '" + spec.key + "' (" + spec.help + ")"});
    }
  }
  if (!errors.empty()) {
    const std::string code = errors.front().code;
    return Error::invalid(code, "plugin '" + info.name + "' is not configured right",
                          std::move(errors));
  }
  return complete;
}

Result<void*> PluginLibrary::create(Kind kind, const Settings& settings) const {
  if (kind != info_.kind) {
    return Error::invalid("wrong_kind", "plugin '" + info_.name + "' is a " +
                                            to_string(info_.kind) + " plugin, not a " +
                                            to_string(kind) + " one");
  }
  auto complete = check_settings(info_, settings);
  if (!complete.ok()) return complete.error();
  char error[512] = {0};
  const std::string text = sdk::Settings::format(complete.value());
  void* instance = create_(text.c_str(), error, sizeof error);
  if (instance == nullptr) {
    return Error::invalid("create_failed", "plugin '" + info_.name + "' could not start: " +
                                               (error[0] ? std::string(error) : "no reason given"));
  }
  return instance;
}

namespace {
template <typename Interface>
std::shared_ptr<Interface> own(void* instance, alin_plugin_destroy_fn destroy,
                               std::shared_ptr<PluginLibrary::Handle> handle) {
  // The plugin made it, the plugin frees it; the handle keeps its code loaded meanwhile.
  return std::shared_ptr<Interface>(static_cast<Interface*>(instance),
                                    [destroy, handle](Interface* p) { destroy(p); });
}
}  // namespace

Result<std::shared_ptr<sdk::DepartmentSite>> PluginLibrary::create_department(
    const Settings& settings) const {
  auto made = create(Kind::department, settings);
  if (!made.ok()) return made.error();
  return own<sdk::DepartmentSite>(made.value(), destroy_, handle_);
}

Result<std::shared_ptr<sdk::Landlord>> PluginLibrary::create_landlord(
    const Settings& settings) const {
  auto made = create(Kind::landlord, settings);
  if (!made.ok()) return made.error();
  return own<sdk::Landlord>(made.value(), destroy_, handle_);
}

Result<std::shared_ptr<sdk::CompanyPolicy>> PluginLibrary::create_company(
    const Settings& settings) const {
  auto made = create(Kind::company, settings);
  if (!made.ok()) return made.error();
  return own<sdk::CompanyPolicy>(made.value(), destroy_, handle_);
}

}  // namespace alin::plugins
