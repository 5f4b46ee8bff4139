// A plugin built against another SDK ABI version: its record says 999.
#include "alin/sdk/plugin.hpp"

ALIN_PLUGIN_EXPORT const alin_plugin_info_record* alin_plugin_info() noexcept {
  static const alin_plugin_info_record info = {
      sizeof(alin_plugin_info_record), 999, "test_wrong_abi", "1.0.0", ALIN_PLUGIN_KIND_DEPARTMENT,
      ALIN_SDK_TOOLCHAIN_ID,           "",  nullptr,          0};
  return &info;
}
ALIN_PLUGIN_EXPORT void* alin_plugin_create(const char*, char*, size_t) noexcept {
  return nullptr;
}
ALIN_PLUGIN_EXPORT void alin_plugin_destroy(void*) noexcept {}
