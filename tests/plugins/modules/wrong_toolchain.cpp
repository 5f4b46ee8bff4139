// A plugin whose record names another toolchain (another standard library ABI).
#include "alin/sdk/plugin.hpp"

ALIN_PLUGIN_EXPORT const alin_plugin_info_record* alin_plugin_info() noexcept {
  static const alin_plugin_info_record info = {sizeof(alin_plugin_info_record),
                                               ALIN_SDK_ABI_VERSION,
                                               "test_wrong_toolchain",
                                               "1.0.0",
                                               ALIN_PLUGIN_KIND_LANDLORD,
                                               "sparc/libfoo-abi7",
                                               "",
                                               nullptr,
                                               0};
  return &info;
}
ALIN_PLUGIN_EXPORT void* alin_plugin_create(const char*, char*, size_t) noexcept {
  return nullptr;
}
ALIN_PLUGIN_EXPORT void alin_plugin_destroy(void*) noexcept {}
