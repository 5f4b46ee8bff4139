// A plugin that forgot alin_plugin_destroy.
#include "alin/sdk/plugin.hpp"

ALIN_PLUGIN_EXPORT const alin_plugin_info_record* alin_plugin_info() noexcept {
  static const alin_plugin_info_record info = {sizeof(alin_plugin_info_record),
                                               ALIN_SDK_ABI_VERSION,
                                               "test_missing_symbol",
                                               "1.0.0",
                                               ALIN_PLUGIN_KIND_DEPARTMENT,
                                               ALIN_SDK_TOOLCHAIN_ID,
                                               "",
                                               nullptr,
                                               0};
  return &info;
}
ALIN_PLUGIN_EXPORT void* alin_plugin_create(const char*, char*, size_t) noexcept {
  return nullptr;
}
