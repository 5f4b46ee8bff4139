#include "plugins/lua_company_policy.hpp"

#include <cstdlib>
#include <fstream>
#include <lua.hpp>
#include <sstream>

namespace alin::plugins {
namespace {

constexpr std::size_t kMemoryCap = 4u << 20;
constexpr int kInstructionBudget = 1'000'000;

struct Allocator {
  std::size_t used = 0;
};

void* allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto* a = static_cast<Allocator*>(ud);
  const std::size_t old_bytes = ptr ? old_size : 0;
  if (new_size == 0) {
    a->used -= old_bytes;
    std::free(ptr);
    return nullptr;
  }
  if (a->used - old_bytes + new_size > kMemoryCap) return nullptr;
  void* fresh = std::realloc(ptr, new_size);
  if (fresh) a->used = a->used - old_bytes + new_size;
  return fresh;
}

void budget_hook(lua_State* L, lua_Debug*) {
  luaL_error(L, "instruction budget exceeded");
}

Error refused(const std::string& file, const std::string& code, const std::string& message) {
  return Error::invalid(code, "company policy '" + file + "' refused: " + message);
}

std::optional<long long> integer_field(lua_State* L, int table, const char* key) {
  lua_getfield(L, table, key);
  std::optional<long long> value;
  if (lua_isinteger(L, -1)) value = lua_tointeger(L, -1);
  lua_pop(L, 1);
  return value;
}

bool bool_field(lua_State* L, int table, const char* key) {
  lua_getfield(L, table, key);
  const bool value = lua_toboolean(L, -1) != 0;
  lua_pop(L, 1);
  return value;
}

std::string string_field(lua_State* L, int table, const char* key) {
  lua_getfield(L, table, key);
  std::string value = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
  lua_pop(L, 1);
  return value;
}

}  // namespace

Result<std::unique_ptr<LuaCompanyPolicy>> LuaCompanyPolicy::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return refused(path, "unreadable", "cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  std::string stem = path.substr(path.find_last_of('/') + 1);
  stem = stem.substr(0, stem.rfind('.'));
  auto policy = from_source(stem, text.str());
  if (policy.ok()) policy.value()->info_.path = path;
  return policy;
}

Result<std::unique_ptr<LuaCompanyPolicy>> LuaCompanyPolicy::from_source(const std::string& name,
                                                                        const std::string& source) {
  Allocator allocator;
  lua_State* L = lua_newstate(allocate, &allocator);
  if (L == nullptr) return refused(name, "lua_failed", "no Lua state");
  struct Closer {
    lua_State* L;
    ~Closer() { lua_close(L); }
  } closer{L};
  // Only the safe libraries; no io, os, package, debug; no loading of files or binary chunks.
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  lua_settop(L, 0);
  for (const char* unsafe : {"dofile", "loadfile", "load", "require", "collectgarbage"}) {
    lua_pushnil(L);
    lua_setglobal(L, unsafe);
  }
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, kInstructionBudget);
  const std::string chunk = "@companies/" + name + ".lua";
  try {
    if (luaL_loadbufferx(L, source.data(), source.size(), chunk.c_str(), "t") != LUA_OK ||
        lua_pcall(L, 0, 0, 0) != LUA_OK) {
      const char* message = lua_tostring(L, -1);
      return refused(name, "lua_error", message ? message : "error");
    }
  } catch (const std::exception& e) {  // Lua compiled as C++ raises its errors as exceptions
    return refused(name, "lua_error", e.what());
  }
  lua_getglobal(L, "policy");
  if (!lua_istable(L, -1)) return refused(name, "no_policy", "the file must set a table `policy`");
  const int t = lua_gettop(L);

  auto policy = std::unique_ptr<LuaCompanyPolicy>(new LuaCompanyPolicy());
  PluginInfo& info = policy->info_;
  info.name = name;
  info.kind = Kind::company;
  info.version = string_field(L, t, "version");
  info.description = string_field(L, t, "description");
  info.toolchain = "lua";
  info.path = "companies/" + name + ".lua";
  if (info.version.empty()) return refused(name, "no_version", "policy.version is required");

  sdk::CompanyRules& rules = policy->rules_;
  lua_getfield(L, t, "access_code");
  if (lua_istable(L, -1)) {
    const int code = lua_gettop(L);
    rules.access_code_required = bool_field(L, code, "required");
    lua_getfield(L, code, "codes");
    if (lua_istable(L, -1)) {
      const lua_Integer n = luaL_len(L, -1);
      for (lua_Integer i = 1; i <= n; ++i) {
        lua_geti(L, -1, i);
        if (lua_type(L, -1) == LUA_TSTRING) policy->codes_.push_back(lua_tostring(L, -1));
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (rules.access_code_required && policy->codes_.empty()) {
    return refused(name, "no_codes", "access_code.required needs access_code.codes");
  }
  lua_getfield(L, t, "consent_levels");
  if (lua_istable(L, -1)) {
    rules.consent_levels.clear();
    const lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_geti(L, -1, i);
      const lua_Integer level = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
      lua_pop(L, 1);
      if (level < 1 || level > 3) {
        return refused(name, "bad_consent_level", "consent_levels holds only 1, 2 or 3");
      }
      rules.consent_levels.push_back(static_cast<int>(level));
    }
    if (rules.consent_levels.empty()) {
      return refused(name, "bad_consent_level", "consent_levels offers no level");
    }
  }
  lua_pop(L, 1);
  rules.employee_number_required = bool_field(L, t, "employee_number_required");
  rules.hire_date_required = bool_field(L, t, "hire_date_required");
  rules.local_income_ceiling = integer_field(L, t, "local_income_ceiling");
  rules.yearly_quota = integer_field(L, t, "yearly_quota");
  policy->pseec_rights_left_ = integer_field(L, t, "pseec_rights_left");
  return policy;
}

sdk::Result<sdk::CompanyRules> LuaCompanyPolicy::rules(const sdk::Company&) noexcept {
  return rules_;
}

sdk::Result<sdk::Verdict> LuaCompanyPolicy::check_employment(
    const sdk::Company&, const sdk::EmploymentFacts& facts) noexcept {
  return sdk::guarded([&]() -> sdk::Result<sdk::Verdict> {
    return check_employment_against(rules_, codes_, facts);
  });
}

sdk::Result<std::optional<long long>> LuaCompanyPolicy::pseec_rights_left(
    const sdk::Company& company) noexcept {
  return pseec_rights_left_ ? pseec_rights_left_ : company.pseec_rights_left;
}

sdk::Verdict check_employment_against(const sdk::CompanyRules& rules,
                                      const std::vector<std::string>& codes,
                                      const sdk::EmploymentFacts& facts) {
  if (rules.access_code_required) {
    if (facts.company_code.empty()) {
      return {false, "access_code_required", "Votre entreprise demande un code d'accès.",
              "companyCode"};
    }
    bool known = false;
    for (const auto& code : codes) known = known || code == facts.company_code;
    if (!known) {
      return {false, "wrong_access_code", "Le code d'accès de votre entreprise est incorrect.",
              "companyCode"};
    }
  }
  if (rules.employee_number_required && facts.employee_number.empty()) {
    return {false, "employee_number_required", "Votre entreprise demande votre matricule.",
            "employeeNumber"};
  }
  if (rules.hire_date_required && facts.hire_date.empty()) {
    return {false, "hire_date_required", "Votre entreprise demande votre date d'embauche.",
            "hireDate"};
  }
  return {true, "", "", ""};
}

}  // namespace alin::plugins
