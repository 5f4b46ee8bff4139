# alin_add_plugin(<target> SOURCES <files…> [LINK <libraries…>] [OUTPUT_DIRECTORY <dir>])
# A plugin library for alin-host: a MODULE library named "alin-<target>.so" (no "lib" prefix),
# hidden symbols except the entry points the SDK's macros export, linked to alin::sdk. Used in the
# source tree and installed with the SDK, so an out-of-tree plugin builds the same way.
function(alin_add_plugin target)
  cmake_parse_arguments(PLUGIN "" "OUTPUT_DIRECTORY" "SOURCES;LINK" ${ARGN})
  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE alin::sdk ${PLUGIN_LINK})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "alin-${target}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PLUGIN_OUTPUT_DIRECTORY})
  endif()
endfunction()
