#pragma once
// One Lua state holding a compiled rule set, sandboxed: every rule file in its own environment,
// text chunks only, a memory cap (a counting allocator) and an instruction budget per call (a
// count hook). A state is used by one thread at a time; RuleSet keeps a pool of them.
#include <cstdint>
#include <functional>
#include <list>
#include <lua.hpp>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "alin/rules/rule_engine.hpp"
#include "alin/util/error.hpp"
#include "rules/block_pool.hpp"
#include "rules/rule_source.hpp"

namespace alin::rules {

struct RuleInfo {
  std::string name;      // "income"
  std::string decision;  // "eligibility", "limits", "ranking" or "" (a helper)
};

class Sandbox {
 public:
  // Pushes the arguments of an entry point (inside the protected call) and returns how many.
  using Push = std::function<int(lua_State*)>;
  // Reads the results (inside the protected call), which sit at stack indices 1..nresults.
  using Read = std::function<void(lua_State*)>;

  // A new state with the rule set compiled and every rule file run once.
  static Result<std::unique_ptr<Sandbox>> create(const RuleSource& source,
                                                 const SandboxLimits& limits);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Calls the prelude's entry point `entry` within `instructions`. Running over the budget or the
  // memory cap, or any Lua error, is an Error naming the rule file and line; the state is then
  // marked broken and must not be reused.
  Status call(const char* entry, const Push& push, int nresults, const Read& read,
              std::uint64_t instructions);

  bool broken() const { return broken_; }
  const std::vector<RuleInfo>& rules() const { return rules_; }
  std::size_t memory_used() const { return bytes_; }
  // A full garbage collection: what dropped sets held is given back before the cap is reached.
  void collect();
  // Sizes the young generation of the collector to the heap (call after loading a set).
  void tune_collector();

  // Candidate sets loaded in this state, most recently used first (RuleSet evicts the oldest),
  // and where each key sits in that list (a lookup per bulk call, without scanning the list).
  std::list<std::string>& loaded_sets() { return loaded_sets_; }
  std::unordered_map<std::string, std::list<std::string>::iterator>& loaded_index() {
    return loaded_index_;
  }

 private:
  explicit Sandbox(const SandboxLimits& limits) : limits_(limits) {}
  static void* allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size);
  // allocate's general case (`old` is 0 for a new block), out of line.
  [[gnu::noinline]] void* reallocate(void* ptr, std::size_t old, std::size_t new_size);
  static void count_hook(lua_State* L, lua_Debug* ar);
  void locate_refusal();
  static int trampoline(lua_State* L);
  static int setup(lua_State* L);
  Status run(lua_CFunction body, void* context, std::uint64_t instructions);

  SandboxLimits limits_;
  lua_State* L_ = nullptr;
  int api_ref_ = LUA_NOREF;
  std::vector<RuleInfo> rules_;
  std::list<std::string> loaded_sets_;
  std::unordered_map<std::string, std::list<std::string>::iterator> loaded_index_;
  bool broken_ = false;

  // Memory accounting (the blocks Lua asked for) and the small blocks themselves.
  std::size_t bytes_ = 0;
  BlockPool pool_;
  bool memory_refused_ = false;
  // Instruction accounting for the current call.
  std::uint64_t budget_ = 0;
  std::uint64_t counted_ = 0;
  bool budget_exceeded_ = false;
  char where_[160] = "";  // "income.lua:42", the last place the hook saw
};

}  // namespace alin::rules
