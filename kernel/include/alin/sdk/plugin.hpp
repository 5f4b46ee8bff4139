#pragma once
// Everything a plugin includes, and the macros that export its C entry points.
//
//   class MySite final : public alin::sdk::DepartmentSite {
//    public:
//     static std::vector<alin_plugin_setting> settings();   // what it may be configured with
//     static alin::sdk::Result<std::unique_ptr<MySite>> create(const alin::sdk::Settings&);
//     … the interface's methods, each noexcept …
//   };
//   ALIN_DEPARTMENT_PLUGIN(MySite, "my_site", "1.0.0", "Registration site of …")
//
// The macro writes alin_plugin_info, alin_plugin_create and alin_plugin_destroy with C linkage;
// create catches every exception and reports it through the error buffer.
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "alin/sdk/abi.h"
#include "alin/sdk/company_policy.hpp"
#include "alin/sdk/department_site.hpp"
#include "alin/sdk/landlord.hpp"
#include "alin/sdk/result.hpp"
#include "alin/sdk/settings.hpp"

#define ALIN_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

namespace alin::sdk::detail {

inline void copy_error(const std::string& text, char* error, size_t size) noexcept {
  if (error == nullptr || size == 0) return;
  const size_t n = text.size() < size - 1 ? text.size() : size - 1;
  std::memcpy(error, text.data(), n);
  error[n] = '\0';
}

template <typename Interface, typename Class>
void* create(const char* settings, char* error, size_t size) noexcept {
  try {
    auto made = Class::create(Settings::parse(settings ? settings : ""));
    if (!made.ok()) {
      copy_error(made.error().code + ": " + made.error().message, error, size);
      return nullptr;
    }
    Interface* instance = made.value().release();
    return static_cast<void*>(instance);
  } catch (const std::exception& e) {
    copy_error(std::string("exception: ") + e.what(), error, size);
  } catch (...) {
    copy_error("exception: unknown", error, size);
  }
  return nullptr;
}

}  // namespace alin::sdk::detail

#define ALIN_PLUGIN_ENTRY_POINTS(INTERFACE, KIND, CLASS, NAME, VERSION, DESCRIPTION)           \
  ALIN_PLUGIN_EXPORT const alin_plugin_info_record* alin_plugin_info() noexcept {              \
    static const std::vector<alin_plugin_setting> settings = CLASS::settings();                \
    static const alin_plugin_info_record info = {sizeof(alin_plugin_info_record),              \
                                                 ALIN_SDK_ABI_VERSION,                         \
                                                 NAME,                                         \
                                                 VERSION,                                      \
                                                 KIND,                                         \
                                                 ALIN_SDK_TOOLCHAIN_ID,                        \
                                                 DESCRIPTION,                                  \
                                                 settings.empty() ? nullptr : settings.data(), \
                                                 static_cast<uint32_t>(settings.size())};      \
    return &info;                                                                              \
  }                                                                                            \
  ALIN_PLUGIN_EXPORT void* alin_plugin_create(const char* settings, char* error,               \
                                              size_t size) noexcept {                          \
    return ::alin::sdk::detail::create<INTERFACE, CLASS>(settings, error, size);               \
  }                                                                                            \
  ALIN_PLUGIN_EXPORT void alin_plugin_destroy(void* instance) noexcept {                       \
    delete static_cast<INTERFACE*>(instance);                                                  \
  }

#define ALIN_DEPARTMENT_PLUGIN(CLASS, NAME, VERSION, DESCRIPTION)                                 \
  ALIN_PLUGIN_ENTRY_POINTS(::alin::sdk::DepartmentSite, ALIN_PLUGIN_KIND_DEPARTMENT, CLASS, NAME, \
                           VERSION, DESCRIPTION)
#define ALIN_LANDLORD_PLUGIN(CLASS, NAME, VERSION, DESCRIPTION)                                    \
  ALIN_PLUGIN_ENTRY_POINTS(::alin::sdk::Landlord, ALIN_PLUGIN_KIND_LANDLORD, CLASS, NAME, VERSION, \
                           DESCRIPTION)
#define ALIN_COMPANY_PLUGIN(CLASS, NAME, VERSION, DESCRIPTION)                                \
  ALIN_PLUGIN_ENTRY_POINTS(::alin::sdk::CompanyPolicy, ALIN_PLUGIN_KIND_COMPANY, CLASS, NAME, \
                           VERSION, DESCRIPTION)
