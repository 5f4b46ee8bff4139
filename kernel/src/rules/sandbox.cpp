#include "rules/sandbox.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "rules/lua_values.hpp"
#include "rules/prelude.hpp"

namespace alin::rules {
namespace {

// Instructions between two looks at the budget. The hook costs the same whatever the step (Lua
// traps every instruction once a count hook is set); a coarse step only spares the look itself
// (locating the line, formatting it), which at 1,000 was still ~1 µs per bulk call. A rule running
// over its budget is stopped at most this many instructions late.
constexpr int kHookStep = 10000;

Sandbox* owner(lua_State* L) {
  return *static_cast<Sandbox**>(lua_getextraspace(L));
}

// Outside any protected call Lua cannot recover: make it an exception instead of an abort.
int panic(lua_State* L) {
  const char* message = lua_tostring(L, -1);
  throw std::runtime_error(std::string("Lua panic: ") + (message ? message : "?"));
}

struct Setup {
  const RuleSource* source;
  Sandbox* sandbox;
};

struct Invocation {
  const char* entry;
  const Sandbox::Push* push;
  int nresults;
  const Sandbox::Read* read;
  int api_ref;
};

// set_env(chunk, env): the first upvalue of a main chunk is its _ENV.
int set_env(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_pushvalue(L, 2);
  if (lua_setupvalue(L, 1, 1) == nullptr) lua_pop(L, 1);
  return 0;
}

// "income.lua:42: attempt to …" → ("income.lua:42", "attempt to …").
std::pair<std::string, std::string> split_location(const std::string& message) {
  auto lua = message.find(".lua:");
  if (lua != std::string::npos) {
    auto end = message.find(':', lua + 5);
    if (end != std::string::npos && end > lua + 5) {
      std::string rest = message.substr(end + 1);
      if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
      return {message.substr(0, end), rest};
    }
  }
  return {"", message};
}

// Message handler: errors raised in library functions ("bad argument #1 to 'rep'") carry no
// position, so the innermost rule file and line is put in front.
int locate(lua_State* L) {
  const char* message = lua_tostring(L, 1);
  if (!message) {
    lua_pushliteral(L, "error object is not a string");
    message = lua_tostring(L, -1);
  }
  if (std::strstr(message, ".lua:") != nullptr) return 1;
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); ++level) {
    if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
      lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, message);
      return 1;
    }
  }
  return 1;
}

}  // namespace

void* Sandbox::allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto* self = static_cast<Sandbox*>(ud);
  const std::size_t old = ptr ? old_size : 0;
  // The two cases of nearly every call, kept short (a decision makes ~170 calls): a small block
  // given back, a new small block under the cap. Everything else is reallocate().
  if (new_size == 0) {
    if (ptr && BlockPool::pooled(old)) {
      self->pool_.give(ptr, old);
      self->bytes_ -= old;
      return nullptr;
    }
  } else if (!ptr && BlockPool::pooled(new_size) &&
             self->bytes_ + new_size <= self->limits_.memory_bytes) {
    if (void* block = self->pool_.take(new_size)) {
      self->bytes_ += new_size;
      return block;
    }
  }
  return self->reallocate(ptr, old, new_size);
}

void* Sandbox::reallocate(void* ptr, std::size_t old, std::size_t new_size) {
  BlockPool& pool = pool_;
  if (new_size == 0) {
    if (ptr) {
      if (BlockPool::pooled(old)) {
        pool.give(ptr, old);
      } else {
        std::free(ptr);
      }
    }
    bytes_ -= old;
    return nullptr;
  }
  if (new_size > old && bytes_ - old + new_size > limits_.memory_bytes) {
    // Refused: Lua raises a memory error. The flag survives a rule's own pcall.
    if (!memory_refused_) locate_refusal();
    memory_refused_ = true;
    return nullptr;
  }
  void* block = nullptr;
  if (ptr && BlockPool::pooled(old) &&
      (new_size <= old || BlockPool::size_class(new_size) == BlockPool::size_class(old))) {
    block = ptr;  // still fits (a shrunk block serves the smaller class when given back)
  } else if (BlockPool::pooled(new_size)) {
    block = pool.take(new_size);
    if (block && ptr) {
      std::memcpy(block, ptr, old < new_size ? old : new_size);
      if (BlockPool::pooled(old)) {
        pool.give(ptr, old);
      } else {
        std::free(ptr);  // a large block shrunk into a small one
      }
    } else if (!block && ptr && new_size <= old) {
      // Lua requires shrinking to succeed: keep the large block. Given back later as a small
      // one, it then serves that class until the state closes.
      block = ptr;
    }
  } else if (ptr && BlockPool::pooled(old)) {
    block = std::malloc(new_size);
    if (block) {
      std::memcpy(block, ptr, old);
      pool.give(ptr, old);
    }
  } else {
    block = std::realloc(ptr, new_size);
  }
  if (block) bytes_ = bytes_ - old + new_size;
  return block;
}

void Sandbox::locate_refusal() {
#if LUA_VERSION_RELEASE_NUM <= 50404
  // Up to 5.4.4 the call stack stays valid while Lua allocates (a growing stack is copied, not
  // moved in place), so the innermost rule line can be read here. Later releases relocate the
  // stack around the allocation; there the last line the count hook saw is reported instead.
  if (!L_) return;
  lua_Debug ar;
  for (int level = 0; lua_getstack(L_, level, &ar); ++level) {
    if (lua_getinfo(L_, "Sl", &ar) && ar.currentline > 0) {
      std::snprintf(where_, sizeof where_, "%s:%d", ar.short_src, ar.currentline);
      return;
    }
  }
#endif
}

void Sandbox::count_hook(lua_State* L, lua_Debug* ar) {
  Sandbox* self = owner(L);
  self->counted_ += self->budget_exceeded_ ? 1 : kHookStep;
  if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
    std::snprintf(self->where_, sizeof self->where_, "%s:%d", ar->short_src, ar->currentline);
  }
  if (self->counted_ > self->budget_) {
    // From now on every instruction fails, so a rule's pcall cannot swallow the overrun.
    self->budget_exceeded_ = true;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    lua_pushfstring(L, "%s: instruction budget exceeded (%I instructions)", self->where_,
                    static_cast<lua_Integer>(self->budget_));
    lua_error(L);
  }
}

int Sandbox::setup(lua_State* L) {
  auto* setup = static_cast<Setup*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  static const luaL_Reg libraries[] = {{LUA_GNAME, luaopen_base},
                                       {LUA_STRLIBNAME, luaopen_string},
                                       {LUA_TABLIBNAME, luaopen_table},
                                       {LUA_MATHLIBNAME, luaopen_math},
                                       {LUA_UTF8LIBNAME, luaopen_utf8}};
  for (const auto& lib : libraries) {
    luaL_requiref(L, lib.name, lib.func, 1);
    lua_pop(L, 1);
  }
  // Strings share one metatable whose __index is the real string library: hide it.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);

  if (luaL_loadbufferx(L, kPrelude, std::strlen(kPrelude), "=engine", "t") != LUA_OK) lua_error(L);
  lua_newtable(L);  // chunks
  for (const auto& file : setup->source->lua) {
    std::string chunkname = "@" + file.name + ".lua";
    if (luaL_loadbufferx(L, file.source.data(), file.source.size(), chunkname.c_str(), "t") !=
        LUA_OK) {
      lua_error(L);  // the message is "income.lua:12: syntax error near …"
    }
    lua_setfield(L, -2, file.name.c_str());
  }
  lua_newtable(L);  // datasets: name → rows of {column = text}
  for (const auto& file : setup->source->data) {
    const auto& table = file.table;
    lua_createtable(L, static_cast<int>(table.rows.size()), 0);
    lua_Integer i = 0;
    for (const auto& row : table.rows) {
      lua_createtable(L, 0, static_cast<int>(table.header.size()));
      for (std::size_t c = 0; c < table.header.size(); ++c) {
        lua_pushlstring(L, row.fields[c].data(), row.fields[c].size());
        lua_setfield(L, -2, table.header[c].c_str());
      }
      lua_rawseti(L, -2, ++i);
    }
    lua_setfield(L, -2, file.name.c_str());
  }
  create_keys(L);  // before the helpers: alin.reason holds the key table
  lua_pushcfunction(L, set_env);
  push_native_helpers(L);
  lua_call(L, 4, 1);  // the prelude returns the api table
  lua_pushvalue(L, -1);
  setup->sandbox->api_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);

  // Nothing of the real globals is needed any more: leave rules nothing to find there.
  for (const char* name : {"dofile", "loadfile", "load", "require", "collectgarbage", "print"}) {
    lua_pushnil(L);
    lua_setglobal(L, name);
  }

  lua_getfield(L, -1, "init");
  lua_call(L, 0, 1);
  auto& rules = setup->sandbox->rules_;
  const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, -1));
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, -1, i);
    lua_getfield(L, -1, "name");
    lua_getfield(L, -2, "decision");
    rules.push_back({lua_tostring(L, -2), lua_tostring(L, -1)});
    lua_pop(L, 3);
  }
  return 0;
}

int Sandbox::trampoline(lua_State* L) {
  auto* call = static_cast<Invocation*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, call->api_ref);
  lua_getfield(L, -1, call->entry);
  lua_remove(L, 1);
  int nargs = (*call->push)(L);
  lua_call(L, nargs, call->nresults);
  if (call->read) (*call->read)(L);
  return 0;
}

Result<std::unique_ptr<Sandbox>> Sandbox::create(const RuleSource& source,
                                                 const SandboxLimits& limits) {
  std::unique_ptr<Sandbox> sandbox(new Sandbox(limits));
  sandbox->L_ = lua_newstate(&Sandbox::allocate, sandbox.get());
  if (!sandbox->L_) {
    return Error::invalid("rule_failed", "Mémoire insuffisante pour charger les règles.");
  }
  *static_cast<Sandbox**>(lua_getextraspace(sandbox->L_)) = sandbox.get();
  lua_atpanic(sandbox->L_, panic);
  Setup setup{&source, sandbox.get()};
  auto status = sandbox->run(&Sandbox::setup, &setup, limits.load_instructions);
  if (!status) return status.error();
  lua_gc(sandbox->L_, LUA_GCCOLLECT);
  // Decisions leave short-lived garbage beside long-lived rules and sets: the generational
  // collector suits that better than the incremental one.
  lua_gc(sandbox->L_, LUA_GCGEN, 0, 0);
  sandbox->tune_collector();
  return sandbox;
}

Sandbox::~Sandbox() {
  if (L_) {
    // Finalizers are refused, but a closing state must not trip over a spent budget either.
    lua_sethook(L_, nullptr, 0, 0);
    lua_close(L_);
  }
}

Status Sandbox::call(const char* entry, const Push& push, int nresults, const Read& read,
                     std::uint64_t instructions) {
  if (broken_) return Error::invalid("rule_failed", "État Lua inutilisable après une erreur.");
  Invocation invocation{entry, &push, nresults, read ? &read : nullptr, api_ref_};
  return run(&Sandbox::trampoline, &invocation, instructions);
}

Status Sandbox::run(lua_CFunction body, void* context, std::uint64_t instructions) {
  lua_State* L = L_;
  budget_ = instructions;
  counted_ = 0;
  budget_exceeded_ = false;
  memory_refused_ = false;
  std::memcpy(where_, "?", 2);  // until the hook sees a line
  lua_settop(L, 0);
  lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookStep);
  lua_pushcfunction(L, locate);
  lua_pushcfunction(L, body);
  lua_pushlightuserdata(L, context);
  int status = lua_pcall(L, 1, 0, 1);
  lua_sethook(L, nullptr, 0, 0);

  std::string message;
  if (budget_exceeded_) {
    message = std::string(where_) + ": instruction budget exceeded (" +
              std::to_string(instructions) + " instructions)";
  } else if (memory_refused_) {
    message = std::string(where_) + ": memory cap exceeded (" +
              std::to_string(limits_.memory_bytes) + " bytes)";
  } else if (status != LUA_OK) {
    const char* text = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : nullptr;
    message = text ? text : "error object is not a string";
  } else {
    lua_settop(L, 0);
    return ok();
  }
  lua_settop(L, 0);
  broken_ = true;
  auto [where, what] = split_location(message);
  return Error{ErrorKind::unprocessable,
               "rule_failed",
               "Une règle a échoué : " + message,
               {FieldError{where,
                           budget_exceeded_  ? "instruction_budget"
                           : memory_refused_ ? "memory_cap"
                                             : "lua_error",
                           what}}};
}

void Sandbox::tune_collector() {
  if (L_ == nullptr || broken_) return;
  // A minor collection comes after the heap grew by this percentage: about kYoungBytes, at most
  // Lua's default 20 %. With candidate sets loaded the heap holds tens to hundreds of megabytes,
  // and 20 % of it let the garbage of thousands of decisions pile up between collections, each
  // new block landing on memory no cache held any more (an explained decision 20–30 % slower).
  constexpr std::size_t kYoungBytes = 512u << 10;  // a core's L2 cache
  const std::size_t percent = std::clamp<std::size_t>(kYoungBytes * 100 / (bytes_ + 1), 1, 20);
  lua_gc(L_, LUA_GCGEN, static_cast<int>(percent), 0);
}

void Sandbox::collect() {
  if (L_ != nullptr && !broken_) lua_gc(L_, LUA_GCCOLLECT);
}

}  // namespace alin::rules
