#pragma once
#include <lua.hpp>

namespace alin::rules {

// The engine's own Lua code, run once in every state before the rules: it builds one sandboxed
// environment per rule file, the helpers rules see (rule, data, parameter, alin) and the entry
// points the C++ side calls. See prelude.cpp.
extern const char* const kPrelude;

// Pushes the table of helpers the prelude takes as its fourth argument: euros(n) and
// reason(code, outcome, message, figures), in C++ for speed (same results as in Lua).
void push_native_helpers(lua_State* L);

}  // namespace alin::rules
