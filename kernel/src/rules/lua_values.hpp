#pragma once
// JSON values to and from Lua, for the inputs and outputs of the rules. Called only inside a
// protected call (pushing can raise a Lua memory error).
#include <lua.hpp>
#include <nlohmann/json.hpp>

namespace alin::rules {

// Objects become tables with string keys, arrays 1-based sequences, null nil.
void push_json(lua_State* L, const nlohmann::json& value);

// A Lua value back as JSON: a table whose keys are exactly 1..n is an array, an empty table an
// empty object; functions and userdata become null. Deeper than 32 levels is cut to null.
nlohmann::json to_json(lua_State* L, int index, int depth = 0);

}  // namespace alin::rules
