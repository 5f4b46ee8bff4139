#include "alin/plugins/plugin_registry.hpp"

#include <algorithm>
#include <filesystem>

#include "plugins/lua_company_policy.hpp"

namespace alin::plugins {

std::vector<std::string> split_directories(const std::string& text) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : text) {
    if (c == ':') {
      if (!current.empty()) parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) parts.push_back(current);
  return parts;
}

std::unique_ptr<PluginRegistry> PluginRegistry::load(const RegistryOptions& options) {
  auto registry = std::make_unique<PluginRegistry>();
  namespace fs = std::filesystem;
  for (const std::string& directory : options.directories) {
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
      registry->problems_.push_back({directory, "no_directory", "plugin folder not found"});
      continue;
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".so") {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());  // the same order on every start
    for (const std::string& file : files) {
      auto library = PluginLibrary::load(file);
      if (!library.ok()) {
        registry->problems_.push_back({file, library.error().code, library.error().title});
        continue;
      }
      const auto it = options.settings.find(library.value()->info().name);
      registry->add_library(library.value(),
                            it == options.settings.end() ? Settings{} : it->second);
    }
  }
  if (!options.company_policies_directory.empty() &&
      fs::is_directory(options.company_policies_directory)) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(options.company_policies_directory)) {
      if (entry.is_regular_file() && entry.path().extension() == ".lua") {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      auto policy = LuaCompanyPolicy::load(file);
      if (!policy.ok()) {
        registry->problems_.push_back({file, policy.error().code, policy.error().title});
        continue;
      }
      PluginInfo info = policy.value()->info();
      registry->add(std::move(info),
                    std::shared_ptr<sdk::CompanyPolicy>(std::move(policy.value())));
    }
  }
  return registry;
}

bool PluginRegistry::claim_name(const PluginInfo& info) {
  for (const auto& other : loaded_) {
    if (other.name == info.name) {
      problems_.push_back({info.path, "duplicate_name",
                           "plugin name '" + info.name + "' is already served by " + other.path});
      return false;
    }
  }
  loaded_.push_back(info);
  return true;
}

void PluginRegistry::add_library(const std::shared_ptr<PluginLibrary>& library,
                                 const Settings& settings) {
  const PluginInfo& info = library->info();
  auto report = [&](const Error& error) {
    std::string message = error.title;
    for (const auto& e : error.errors) message += "; " + e.message;
    problems_.push_back({info.path, error.code, message});
  };
  switch (info.kind) {
    case Kind::department: {
      auto made = library->create_department(settings);
      if (!made.ok()) return report(made.error());
      add(info, made.value());
      break;
    }
    case Kind::landlord: {
      auto made = library->create_landlord(settings);
      if (!made.ok()) return report(made.error());
      add(info, made.value());
      break;
    }
    case Kind::company: {
      auto made = library->create_company(settings);
      if (!made.ok()) return report(made.error());
      add(info, made.value());
      break;
    }
  }
}

void PluginRegistry::add(PluginInfo info, std::shared_ptr<sdk::DepartmentSite> site) {
  if (claim_name(info)) departments_[info.name] = std::move(site);
}
void PluginRegistry::add(PluginInfo info, std::shared_ptr<sdk::Landlord> landlord) {
  if (claim_name(info)) landlords_[info.name] = std::move(landlord);
}
void PluginRegistry::add(PluginInfo info, std::shared_ptr<sdk::CompanyPolicy> policy) {
  if (claim_name(info)) companies_[info.name] = std::move(policy);
}

namespace {
template <typename T>
std::shared_ptr<T> find(const std::map<std::string, std::shared_ptr<T>>& map,
                        const std::string& name) {
  const auto it = map.find(name);
  return it == map.end() ? nullptr : it->second;
}
}  // namespace

std::shared_ptr<sdk::DepartmentSite> PluginRegistry::department(const std::string& name) const {
  return find(departments_, name);
}
std::shared_ptr<sdk::Landlord> PluginRegistry::landlord(const std::string& name) const {
  return find(landlords_, name);
}
std::shared_ptr<sdk::CompanyPolicy> PluginRegistry::company(const std::string& name) const {
  return find(companies_, name);
}

}  // namespace alin::plugins
