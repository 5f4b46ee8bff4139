# Writes OUTPUT, a C++ file holding every migration of INPUTS (sorted NNNN_name.sql files,
# separated by "|").
string(REPLACE "|" ";" INPUTS "${INPUTS}")
set(body "// Generated from kernel/migrations by embed_migrations.cmake. Do not edit.\n#include \"store/migrations.hpp\"\n\nnamespace alin::store {\nconst std::vector<Migration>& all_migrations() {\n  static const std::vector<Migration> migrations = {\n")
foreach(input ${INPUTS})
  get_filename_component(name ${input} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version ${name})
  math(EXPR version "${version}")
  file(READ ${input} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"alinsql(${sql})alinsql\"},\n")
endforeach()
string(APPEND body "  };\n  return migrations;\n}\n}  // namespace alin::store\n")
file(WRITE ${OUTPUT} "${body}")
