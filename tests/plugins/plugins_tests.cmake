# Plugin tests (issue 5): small plugins built as MODULE libraries for the loader tests, the
# simulators' test support, the plugins/ test folder, the import API test's wiring, and the
# out-of-tree build of a plugin against the installed SDK.
set(ALIN_TEST_PLUGIN_DIR ${CMAKE_CURRENT_BINARY_DIR}/plugins/modules)
set(ALIN_TEST_PLUGINS good_site wrong_abi wrong_toolchain missing_symbol failing_create)
foreach(p ${ALIN_TEST_PLUGINS})
  alin_add_plugin(test_${p} SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/plugins/modules/${p}.cpp
                  OUTPUT_DIRECTORY ${ALIN_TEST_PLUGIN_DIR})
endforeach()

set(ALIN_SHIPPED_PLUGINS gouv_fr finistere generic inli example)
add_library(alin_simulator_test_support STATIC support/simulator_process.cpp)
target_link_libraries(alin_simulator_test_support PUBLIC alin_test_support Poco::Net Poco::Foundation)
target_compile_definitions(alin_simulator_test_support PUBLIC
  ALIN_BUILT_PLUGIN_DIR="${CMAKE_BINARY_DIR}/plugins"
  ALIN_TEST_PLUGIN_DIR="${ALIN_TEST_PLUGIN_DIR}"
  ALIN_SITE_GOUV_FR_BINARY="$<TARGET_FILE:alin-site-gouv_fr>"
  ALIN_SITE_FINISTERE_BINARY="$<TARGET_FILE:alin-site-finistere>")
add_dependencies(alin_simulator_test_support alin-site-gouv_fr alin-site-finistere
                 ${ALIN_SHIPPED_PLUGINS})
foreach(p ${ALIN_TEST_PLUGINS})
  add_dependencies(alin_simulator_test_support test_${p})
endforeach()

alin_test_folder(plugins alin_simulator_test_support)
foreach(test api_import_api_test api_journey_api_test api_request_lifecycle_api_test
             api_applicant_offers_api_test)
  if(TARGET ${test})
    target_link_libraries(${test} PRIVATE alin_simulator_test_support)
  endif()
endforeach()

# A plugin built outside this tree against the installed SDK (find_package(alin CONFIG)).
add_test(NAME plugins.out_of_tree_build
         COMMAND ${CMAKE_COMMAND} -DALIN_BUILD_DIR=${CMAKE_BINARY_DIR} -DALIN_CLI=$<TARGET_FILE:alin>
                 -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/plugins/out_of_tree
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/plugins/out_of_tree
                 -DGENERATOR=${CMAKE_GENERATOR} -DCXX=${CMAKE_CXX_COMPILER}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/plugins/out_of_tree/build_and_check.cmake)
set_tests_properties(plugins.out_of_tree_build PROPERTIES LABELS plugins TIMEOUT 240)
# The Lua company policies are the kernel's own (kernel/src/plugins): their test reads the header.
if(TARGET plugins_landlords_and_policies_test)
  target_include_directories(plugins_landlords_and_policies_test PRIVATE ${PROJECT_SOURCE_DIR}/kernel/src)
endif()

# The applications' integration test runs the shipped landlord plugins.
if(TARGET integration_applications_test)
  target_link_libraries(integration_applications_test PRIVATE alin_simulator_test_support)
endif()
