# The plugin SDK as a CMake target (alin::sdk: the headers of kernel/include/alin/sdk, C++20), and
# its installation with a package config: `cmake --install build/debug --component sdk --prefix P`
# then, in a plugin's own project, find_package(alin CONFIG) with CMAKE_PREFIX_PATH=P.
include(CMakePackageConfigHelpers)
include(${CMAKE_CURRENT_LIST_DIR}/alin_plugin.cmake)

add_library(alin_sdk INTERFACE)
add_library(alin::sdk ALIAS alin_sdk)
set_target_properties(alin_sdk PROPERTIES EXPORT_NAME sdk)
target_include_directories(alin_sdk INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/kernel/include>
  $<INSTALL_INTERFACE:include>)
target_compile_features(alin_sdk INTERFACE cxx_std_20)

# Plugins built in this tree land where the host looks by default (paths.plugins = build/plugins
# for the build/<preset> folders run from the source root: set it to <build>/plugins).
set(ALIN_PLUGIN_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/plugins)

set(ALIN_SDK_CMAKE_DIR lib/cmake/alin)
install(TARGETS alin_sdk EXPORT alinTargets COMPONENT sdk)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/kernel/include/alin/sdk DESTINATION include/alin
        COMPONENT sdk)
install(EXPORT alinTargets NAMESPACE alin:: DESTINATION ${ALIN_SDK_CMAKE_DIR} COMPONENT sdk)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/alinConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/alinConfig.cmake INSTALL_DESTINATION ${ALIN_SDK_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/alinConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/alinConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/alinConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/alin_plugin.cmake
        DESTINATION ${ALIN_SDK_CMAKE_DIR} COMPONENT sdk)
