#include "rules/lua_values.hpp"

#include <string>

namespace alin::rules {

namespace {

const char* const kKeyNames[] = {
#define ALIN_RULES_KEY_NAME(name) #name,
    ALIN_RULES_KEYS(ALIN_RULES_KEY_NAME)
#undef ALIN_RULES_KEY_NAME
};

const char kKeysTag = 0;  // its address is the key table's key in the registry

}  // namespace

void create_keys(lua_State* L) {
  const int count = static_cast<int>(sizeof kKeyNames / sizeof kKeyNames[0]);
  lua_createtable(L, count, 0);
  for (int i = 0; i < count; ++i) {
    lua_pushstring(L, kKeyNames[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kKeysTag);
}

int push_keys(lua_State* L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kKeysTag);
  return lua_gettop(L);
}

void push_json(lua_State* L, const nlohmann::json& value) {
  using T = nlohmann::json::value_t;
  luaL_checkstack(L, 4, "input too deep");
  switch (value.type()) {
    case T::null:
    case T::discarded:
      lua_pushnil(L);
      break;
    case T::boolean:
      lua_pushboolean(L, value.get<bool>());
      break;
    case T::number_integer:
      lua_pushinteger(L, value.get<std::int64_t>());
      break;
    case T::number_unsigned:
      lua_pushinteger(L, static_cast<lua_Integer>(value.get<std::uint64_t>()));
      break;
    case T::number_float:
      lua_pushnumber(L, value.get<double>());
      break;
    case T::string: {
      const auto& s = value.get_ref<const std::string&>();
      lua_pushlstring(L, s.data(), s.size());
      break;
    }
    case T::array: {
      lua_createtable(L, static_cast<int>(value.size()), 0);
      lua_Integer i = 0;
      for (const auto& item : value) {
        push_json(L, item);
        lua_rawseti(L, -2, ++i);
      }
      break;
    }
    case T::object: {
      lua_createtable(L, 0, static_cast<int>(value.size()));
      for (const auto& [key, item] : value.items()) {
        lua_pushlstring(L, key.data(), key.size());
        push_json(L, item);
        lua_rawset(L, -3);
      }
      break;
    }
    case T::binary:
      lua_pushnil(L);
      break;
  }
}

nlohmann::json to_json(lua_State* L, int index, int depth) {
  index = lua_absindex(L, index);
  switch (lua_type(L, index)) {
    case LUA_TBOOLEAN:
      return lua_toboolean(L, index) != 0;
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) return static_cast<std::int64_t>(lua_tointeger(L, index));
      return lua_tonumber(L, index);
    case LUA_TSTRING: {
      std::size_t size = 0;
      const char* s = lua_tolstring(L, index, &size);
      return std::string(s, size);
    }
    case LUA_TTABLE: {
      if (depth > 32) return nullptr;
      luaL_checkstack(L, 4, "output too deep");
      const lua_Unsigned length = lua_rawlen(L, index);
      std::size_t keys = 0;
      bool sequence = true;
      lua_pushnil(L);
      while (lua_next(L, index) != 0) {
        ++keys;
        if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 ||
            static_cast<lua_Unsigned>(lua_tointeger(L, -2)) > length) {
          sequence = false;
        }
        lua_pop(L, 1);
      }
      if (keys == 0) return nlohmann::json::object();
      if (sequence && keys == length) {
        auto array = nlohmann::json::array();
        for (lua_Unsigned i = 1; i <= length; ++i) {
          lua_rawgeti(L, index, static_cast<lua_Integer>(i));
          array.push_back(to_json(L, -1, depth + 1));
          lua_pop(L, 1);
        }
        return array;
      }
      auto object = nlohmann::json::object();
      lua_pushnil(L);
      while (lua_next(L, index) != 0) {
        // Keys are read without converting them in place, which would confuse lua_next.
        std::string key;
        if (lua_type(L, -2) == LUA_TSTRING) {
          std::size_t size = 0;
          const char* s = lua_tolstring(L, -2, &size);
          key.assign(s, size);
        } else if (lua_isinteger(L, -2)) {
          key = std::to_string(lua_tointeger(L, -2));
        } else {
          lua_pop(L, 1);
          continue;
        }
        object[key] = to_json(L, -1, depth + 1);
        lua_pop(L, 1);
      }
      return object;
    }
    default:
      return nullptr;
  }
}

}  // namespace alin::rules
