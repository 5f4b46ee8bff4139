#pragma once
// JSON values to and from Lua, for the inputs and outputs of the rules. Called only inside a
// protected call (pushing can raise a Lua memory error).
#include <lua.hpp>
#include <nlohmann/json.hpp>

namespace alin::rules {

// The field names the engine itself writes and reads on Lua tables (inputs, reasons, results),
// interned once per state in a table of the registry: lua_setfield and lua_getfield look a C
// string up in Lua's small string cache on every call (a hash, a strcmp, on a miss a full
// interning), sixty-odd times per explained decision.
// clang-format off
#define ALIN_RULES_KEYS(X)                                                                        \
  X(members) X(role) X(birthDate) X(disabled) X(coupleStatus) X(taxIncomeN2) X(taxIncomeN1)      \
  X(monthlyResources) X(housingBenefit) X(priorityFlags) X(employment) X(employees) X(sector)    \
  X(pseecRightsLeft) X(preRetired) X(contribution) X(recognition) X(kind) X(validUntil) X(id)    \
  X(programme) X(financing) X(typology) X(rent) X(charges) X(commune) X(pliZone) X(code)         \
  X(outcome) X(message) X(figures) X(eligible) X(category) X(zone) X(ceiling) X(target)          \
  X(reasons)
// clang-format on

enum class Key : int {
#define ALIN_RULES_KEY_ENUM(name) name,
  ALIN_RULES_KEYS(ALIN_RULES_KEY_ENUM)
#undef ALIN_RULES_KEY_ENUM
};

// Creates the state's key table (once, while setting the state up).
void create_keys(lua_State* L);
// Pushes the key table and returns its (absolute) index.
int push_keys(lua_State* L);
// Pushes one key; `keys` is the index push_keys returned. Setting t[key] = v on a table the
// engine builds (no metatable) is lua_setfield without its string lookup; the key goes first,
// then the value, so that lua_rawset needs no reordering of the stack:
//   push_key(L, keys, Key::rent); lua_pushinteger(L, rent); lua_rawset(L, t);
inline void push_key(lua_State* L, int keys, Key key) {
  lua_rawgeti(L, keys, static_cast<lua_Integer>(key) + 1);
}
// Pushes t[key] and returns its type: as lua_getfield (metamethods included).
inline int get_key(lua_State* L, int table, int keys, Key key) {
  push_key(L, keys, key);
  return lua_gettable(L, table);
}

// Objects become tables with string keys, arrays 1-based sequences, null nil.
void push_json(lua_State* L, const nlohmann::json& value);

// A Lua value back as JSON: a table whose keys are exactly 1..n is an array, an empty table an
// empty object; functions and userdata become null. Deeper than 32 levels is cut to null.
nlohmann::json to_json(lua_State* L, int index, int depth = 0);

}  // namespace alin::rules
