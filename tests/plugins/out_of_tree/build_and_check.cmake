# ctest plugins.out_of_tree_build: installs the SDK component of the alin build into a prefix,
# configures and builds out_of_tree/ against it, and loads the plugin with `alin plugins check`.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${ALIN_BUILD_DIR} --component sdk --prefix ${WORK}/prefix
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installing the SDK failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build -G ${GENERATOR}
                        -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${WORK}/prefix
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the out-of-tree plugin failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the out-of-tree plugin failed")
endif()
if(NOT EXISTS ${WORK}/build/alin-acme_policy.so)
  message(FATAL_ERROR "no alin-acme_policy.so in ${WORK}/build")
endif()
# The headers it was built from are the installed ones, not the source tree's.
if(NOT EXISTS ${WORK}/prefix/include/alin/sdk/plugin.hpp OR EXISTS ${WORK}/prefix/include/alin/store)
  message(FATAL_ERROR "the SDK install must hold alin/sdk and nothing else of the kernel")
endif()
# Loaded by the host's own loader, its info record and entry points checked.
execute_process(COMMAND ${ALIN_CLI} plugins check ${WORK}/build
                OUTPUT_VARIABLE loaded RESULT_VARIABLE rc)
message(STATUS "${loaded}")
if(NOT rc EQUAL 0 OR NOT loaded MATCHES "loaded  company acme_policy")
  message(FATAL_ERROR "the out-of-tree plugin does not load: ${loaded}")
endif()
message(STATUS "out-of-tree plugin built and loaded: ${WORK}/build/alin-acme_policy.so")
