#pragma once

namespace alin::rules {

// The engine's own Lua code, run once in every state before the rules: it builds one sandboxed
// environment per rule file, the helpers rules see (rule, data, parameter, alin) and the entry
// points the C++ side calls. See prelude.cpp.
extern const char* const kPrelude;

}  // namespace alin::rules
