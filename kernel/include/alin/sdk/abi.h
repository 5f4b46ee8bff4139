#ifndef ALIN_SDK_ABI_H
#define ALIN_SDK_ABI_H
/* The plugin boundary: the C-linkage, noexcept entry points every alin plugin library exports.
 * The host reads the info record first and refuses the library when its struct size, ABI version
 * or toolchain differ from its own, naming what differs. Nothing else crosses before that check,
 * and no exception ever crosses: create reports failure through its error buffer. */
#include <stddef.h>
#include <stdint.h>

/* Bumped whenever an interface of the SDK changes shape: a plugin built against another ABI
 * version is refused. */
#define ALIN_SDK_ABI_VERSION 1u

#define ALIN_SDK_STRINGIFY2(x) #x
#define ALIN_SDK_STRINGIFY(x) ALIN_SDK_STRINGIFY2(x)

/* The C++ virtual interfaces pass std::string and std::vector across the boundary, so the host
 * and the plugin must share a standard library ABI. The id names it. */
#if defined(_GLIBCXX_USE_CXX11_ABI)
#define ALIN_SDK_STDLIB "libstdc++-cxx11abi" ALIN_SDK_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#elif defined(_LIBCPP_VERSION)
#define ALIN_SDK_STDLIB "libc++-abi" ALIN_SDK_STRINGIFY(_LIBCPP_ABI_VERSION)
#else
#define ALIN_SDK_STDLIB "unknown-stdlib"
#endif
#if defined(__x86_64__)
#define ALIN_SDK_ARCH "x86_64"
#elif defined(__aarch64__)
#define ALIN_SDK_ARCH "aarch64"
#else
#define ALIN_SDK_ARCH "other-arch"
#endif
#define ALIN_SDK_TOOLCHAIN_ID ALIN_SDK_ARCH "/" ALIN_SDK_STDLIB

/* What a plugin is. */
#define ALIN_PLUGIN_KIND_DEPARTMENT "department"
#define ALIN_PLUGIN_KIND_LANDLORD "landlord"
#define ALIN_PLUGIN_KIND_COMPANY "company"

#ifdef __cplusplus
#define ALIN_SDK_NOEXCEPT noexcept
extern "C" {
#else
#define ALIN_SDK_NOEXCEPT
#endif

/* One setting the plugin accepts, declared (Kong style) so the host can check its configuration
 * before create: unknown keys and missing required ones are refused at start. */
typedef struct alin_plugin_setting {
  const char* key;           /* "url" */
  int required;              /* 1: the host refuses to create the plugin without it */
  const char* default_value; /* NULL when none */
  const char* help;          /* one line, for docs and GET /admin/plugins */
} alin_plugin_setting;

/* The info record: read before anything else. Fields are only ever appended; struct_size says
 * how many the plugin knows. */
typedef struct alin_plugin_info_record {
  uint32_t struct_size;  /* sizeof(alin_plugin_info_record) as the plugin saw it */
  uint32_t abi_version;  /* ALIN_SDK_ABI_VERSION as the plugin saw it */
  const char* name;      /* "gouv_fr": how configuration names it */
  const char* version;   /* the plugin's own version, "1.2.0" */
  const char* kind;      /* ALIN_PLUGIN_KIND_… */
  const char* toolchain; /* ALIN_SDK_TOOLCHAIN_ID as the plugin saw it */
  const char* description;
  const alin_plugin_setting* settings;
  uint32_t settings_count;
} alin_plugin_info_record;

/* Symbol names, for the loader. */
#define ALIN_PLUGIN_INFO_SYMBOL "alin_plugin_info"
#define ALIN_PLUGIN_CREATE_SYMBOL "alin_plugin_create"
#define ALIN_PLUGIN_DESTROY_SYMBOL "alin_plugin_destroy"

/* const alin_plugin_info_record* alin_plugin_info(void);
 *   The record, static, valid while the library is loaded.
 * void* alin_plugin_create(const char* settings, char* error, size_t error_size);
 *   A new instance, configured by `settings` ("key=value" lines, checked against the declared
 *   settings). The instance is an alin::sdk::DepartmentSite*, Landlord* or CompanyPolicy*
 *   (by kind), passed as void*. On failure: NULL, and a French or English sentence in `error`.
 * void alin_plugin_destroy(void* instance);
 *   Frees an instance made by create. */
typedef const alin_plugin_info_record* (*alin_plugin_info_fn)(void);
typedef void* (*alin_plugin_create_fn)(const char* settings, char* error, size_t error_size);
typedef void (*alin_plugin_destroy_fn)(void* instance);

#ifdef __cplusplus
}
#endif

#endif /* ALIN_SDK_ABI_H */
