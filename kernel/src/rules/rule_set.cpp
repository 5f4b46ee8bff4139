#include "rules/rule_set.hpp"

#include <algorithm>
#include <string_view>
#include <tuple>

#include "alin/util/json_text.hpp"
#include "rules/input.hpp"
#include "rules/lua_values.hpp"

namespace alin::rules {

using nlohmann::json;

// A state checked out of the pool; back into it when done, unless an error broke it.
class RuleSet::Lease {
 public:
  Lease(const RuleSet* owner, std::unique_ptr<Sandbox> sandbox)
      : owner_(owner), sandbox_(std::move(sandbox)) {}
  Lease(Lease&&) = default;
  ~Lease() {
    if (sandbox_ && !sandbox_->broken()) owner_->give_back(std::move(sandbox_));
  }
  Sandbox& operator*() { return *sandbox_; }
  Sandbox* operator->() { return sandbox_.get(); }

 private:
  const RuleSet* owner_;
  std::unique_ptr<Sandbox> sandbox_;
};

Result<std::shared_ptr<RuleSet>> RuleSet::load(RuleSource source, const SandboxLimits& limits) {
  std::shared_ptr<RuleSet> set(new RuleSet(std::move(source), limits));
  auto sandbox = Sandbox::create(set->source_, limits);
  if (!sandbox) return sandbox.error();
  set->rules_ = sandbox.value()->rules();
  set->idle_.push_back(std::move(sandbox.value()));
  return set;
}

Result<RuleSet::Lease> RuleSet::checkout() const {
  {
    std::lock_guard lock(pool_mutex_);
    if (!idle_.empty()) {
      auto sandbox = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(sandbox));
    }
  }
  auto sandbox = Sandbox::create(source_, limits_);
  if (!sandbox) return sandbox.error();
  return Lease(this, std::move(sandbox.value()));
}

void RuleSet::give_back(std::unique_ptr<Sandbox> sandbox) const {
  std::lock_guard lock(pool_mutex_);
  idle_.push_back(std::move(sandbox));
}

namespace {

Error malformed(const std::string& file, const std::string& what) {
  return Error{ErrorKind::unprocessable,
               "rule_failed",
               "Une règle a renvoyé une réponse mal formée : " + what,
               {FieldError{file, "malformed_result", what}}};
}

bool reasons_from_json(const json& in, std::vector<Reason>& out) {
  if (in.is_object() && in.empty()) return true;  // an empty Lua table
  if (!in.is_array()) return false;
  for (const auto& r : in) {
    if (!r.is_object() || !r.contains("code") || !r["code"].is_string() || !r.contains("message") ||
        !r["message"].is_string()) {
      return false;
    }
    Reason reason{
        r["code"], r.value("outcome", std::string("info")), r["message"],
        r.contains("figures") && r["figures"].is_object() ? r["figures"] : json::object()};
    out.push_back(std::move(reason));
  }
  return true;
}

// Direct readers of Lua results (no intermediate JSON, which is most of the cost of a decision).
// `keys` is the state's key table (lua_values.hpp), pushed once per result read.
bool read_string(lua_State* L, int table, int keys, Key key, std::string& out) {
  bool ok = get_key(L, table, keys, key) == LUA_TSTRING;
  if (ok) {
    std::size_t size = 0;
    const char* s = lua_tolstring(L, -1, &size);
    out.assign(s, size);
  }
  lua_pop(L, 1);
  return ok;
}

// Any figures table, through the general conversion (nested tables, keys that are not names).
void read_figures_generally(lua_State* L, int table, json& out) {
  out = to_json(L, table);
  if (!out.is_object()) out = json::object();
}

// Pushes t[key] and, when it is a string, points `out` at it: valid while it stays on the stack.
bool read_text(lua_State* L, int table, int keys, Key key, std::string_view& out) {
  if (get_key(L, table, keys, key) != LUA_TSTRING) return false;
  std::size_t size = 0;
  const char* s = lua_tolstring(L, -1, &size);
  out = std::string_view(s, size);
  return true;
}

// Figures are a flat table of names → numbers, texts and booleans: read in one pass and sorted
// here (a handful of names), then each written in order, to the end of a JSON object or of the
// answer's text, so that each name is compared once instead of searched for. The names and texts
// stay owned by the table, which is on the stack and unchanged meanwhile.
struct Figure {
  std::string_view name;
  int type;  // LUA_TNUMBER for an integer, LUA_TNONE for a float
  union {
    lua_Integer integer;
    lua_Number number;
    bool boolean;
    const char* text;
  };
  std::size_t length;  // of text
};
constexpr int kMaxFigures = 24;

// The figures of the table at `table` into figures[0, count), sorted by name; -1 when it is not
// such a flat table (nested tables, other keys, more names than fit): the general conversion's.
int gather_figures(lua_State* L, int table, Figure (&figures)[kMaxFigures]) {
  int count = 0;
  lua_pushnil(L);
  while (lua_next(L, table) != 0) {
    const int type = lua_type(L, -1);
    if (lua_type(L, -2) != LUA_TSTRING || type == LUA_TTABLE || count == kMaxFigures) {
      lua_pop(L, 2);
      return -1;
    }
    Figure& f = figures[count++];
    std::size_t size = 0;
    const char* name = lua_tolstring(L, -2, &size);
    f.name = std::string_view(name, size);
    f.type = type;
    f.length = 0;
    switch (type) {
      case LUA_TNUMBER:
        if (lua_isinteger(L, -1)) {
          f.integer = lua_tointeger(L, -1);
        } else {
          f.type = LUA_TNONE;  // a float
          f.number = lua_tonumber(L, -1);
        }
        break;
      case LUA_TSTRING:
        f.text = lua_tolstring(L, -1, &f.length);
        break;
      case LUA_TBOOLEAN:
        f.boolean = lua_toboolean(L, -1) != 0;
        break;
      default:
        break;  // functions and userdata: null, as in to_json
    }
    lua_pop(L, 1);
  }
  // Insertion sort: a few names, mostly short, often told apart by their first character.
  const auto before = [](std::string_view a, std::string_view b) {
    if (!a.empty() && !b.empty() && a[0] != b[0]) {
      return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
    }
    return a < b;
  };
  for (int i = 1; i < count; ++i) {
    const Figure f = figures[i];
    int j = i;
    for (; j > 0 && before(f.name, figures[j - 1].name); --j) figures[j] = figures[j - 1];
    figures[j] = f;
  }
  return count;
}

void read_figures(lua_State* L, int table, json& out) {
  Figure figures[kMaxFigures];
  const int count = gather_figures(L, table, figures);
  if (count < 0) {
    read_figures_generally(L, table, out);
    return;
  }
  auto& object = out.get_ref<json::object_t&>();
  const auto place = [&](std::string_view name, auto&& value) {
    object.emplace_hint(object.end(), std::piecewise_construct, std::forward_as_tuple(name),
                        std::forward_as_tuple(std::forward<decltype(value)>(value)));
  };
  for (int i = 0; i < count; ++i) {
    const Figure& f = figures[i];
    switch (f.type) {
      case LUA_TNUMBER:
        place(f.name, static_cast<std::int64_t>(f.integer));
        break;
      case LUA_TNONE:
        place(f.name, f.number);
        break;
      case LUA_TSTRING:
        place(f.name, std::string_view(f.text, f.length));
        break;
      case LUA_TBOOLEAN:
        place(f.name, f.boolean);
        break;
      default:
        place(f.name, nullptr);
        break;
    }
  }
}

// The same figures as the text of that JSON object, appended to `out`.
void write_figures(lua_State* L, int table, std::string& out) {
  Figure figures[kMaxFigures];
  const int count = gather_figures(L, table, figures);
  if (count < 0) {
    json general(json::value_t::object);
    read_figures_generally(L, table, general);
    out += util::dump_json(general);
    return;
  }
  out += '{';
  for (int i = 0; i < count; ++i) {
    const Figure& f = figures[i];
    if (i > 0) out += ',';
    util::append_json_string(out, f.name);
    out += ':';
    switch (f.type) {
      case LUA_TNUMBER:
        util::append_json_integer(out, static_cast<std::int64_t>(f.integer));
        break;
      case LUA_TNONE:
        util::append_json_number(out, f.number);
        break;
      case LUA_TSTRING:
        util::append_json_string(out, std::string_view(f.text, f.length));
        break;
      case LUA_TBOOLEAN:
        out += f.boolean ? "true" : "false";
        break;
      default:
        out += "null";
        break;
    }
  }
  out += '}';
}

// Walks the result's `reasons` list: begin(n) is told its length, then read_one(item) reads the
// reason table at stack index `item` (whatever it pushes is popped after it). False when the list
// is missing or empty, holds something else than a table, or read_one refuses a reason; the stack
// is left as it was.
template <typename Begin, typename ReadOne>
bool read_reason_list(lua_State* L, int table, int keys, Begin begin, ReadOne read_one) {
  if (get_key(L, table, keys, Key::reasons) != LUA_TTABLE) {
    lua_pop(L, 1);
    return false;
  }
  const int list = lua_gettop(L);
  const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, list));
  begin(static_cast<std::size_t>(n));
  for (lua_Integer i = 1; i <= n; ++i) {
    if (lua_rawgeti(L, list, i) != LUA_TTABLE || !read_one(lua_gettop(L))) {
      lua_settop(L, list - 1);
      return false;
    }
    lua_settop(L, list);
  }
  lua_pop(L, 1);
  return n > 0;
}

bool read_reasons(lua_State* L, int table, int keys, std::vector<Reason>& out) {
  const auto begin = [&](std::size_t n) { out.reserve(n); };
  return read_reason_list(L, table, keys, begin, [&](int item) {
    Reason reason;
    if (!read_string(L, item, keys, Key::code, reason.code) ||
        !read_string(L, item, keys, Key::message, reason.message)) {
      return false;
    }
    if (!read_string(L, item, keys, Key::outcome, reason.outcome)) reason.outcome = "info";
    if (get_key(L, item, keys, Key::figures) == LUA_TTABLE)
      read_figures(L, lua_gettop(L), reason.figures);
    out.push_back(std::move(reason));
    return true;
  });
}

// The same reasons, straight into the answer's text (to_json(Reason)'s shape, dumped): each
// reason's texts and figures are copied once, from Lua into the body that is sent.
bool write_reasons(lua_State* L, int table, int keys, std::string& out) {
  return read_reason_list(
      L, table, keys, [](std::size_t) {},
      [&](int item) {
        // The texts stay on the stack (so alive, whatever a metamethod returned) until this reason
        // is done.
        std::string_view code, message, outcome = "info";
        if (!read_text(L, item, keys, Key::code, code) ||
            !read_text(L, item, keys, Key::message, message)) {
          return false;
        }
        read_text(L, item, keys, Key::outcome, outcome);
        if (out.back() != '[') out += ',';
        out += "{\"code\":";
        util::append_json_string(out, code);
        out += ",\"figures\":";
        if (get_key(L, item, keys, Key::figures) == LUA_TTABLE) {
          write_figures(L, lua_gettop(L), out);
        } else {
          out += "{}";
        }
        out += ",\"message\":";
        util::append_json_string(out, message);
        out += ",\"outcome\":";
        util::append_json_string(out, outcome);
        out += '}';
        return true;
      });
}

const char* const kEvaluateShape =
    "evaluate must return {eligible = boolean, reasons = {…}, …} with at least one reason";

}  // namespace

Result<Decision> RuleSet::evaluate(const json& household, const json& offer,
                                   const std::string& as_of) const {
  return evaluate_pushed(
      [&](lua_State* L) {
        push_json(L, household);
        push_json(L, offer);
        lua_pushlstring(L, as_of.data(), as_of.size());
        return 3;
      },
      as_of);
}

Result<Decision> RuleSet::evaluate(const HouseholdInput& household, const OfferInput& offer,
                                   const std::string& as_of) const {
  return evaluate_pushed(
      [&](lua_State* L) {
        push_input(L, household);
        push_input(L, offer);
        lua_pushlstring(L, as_of.data(), as_of.size());
        return 3;
      },
      as_of);
}

Result<Decision> RuleSet::evaluate_pushed(const Sandbox::Push& push,
                                          const std::string& as_of) const {
  auto lease = checkout();
  if (!lease) return lease.error();
  Decision d;
  bool well_formed = false;
  auto status = (*lease.value())
                    .call(
                        "evaluate", push, 1,
                        [&](lua_State* L) {
                          if (!lua_istable(L, 1)) return;
                          const int keys = push_keys(L);  // 2
                          if (get_key(L, 1, keys, Key::eligible) != LUA_TBOOLEAN) return;
                          d.eligible = lua_toboolean(L, -1);
                          get_key(L, 1, keys, Key::category);
                          if (lua_isinteger(L, -1))
                            d.category = static_cast<int>(lua_tointeger(L, -1));
                          read_string(L, 1, keys, Key::zone, d.zone);
                          if (get_key(L, 1, keys, Key::ceiling) == LUA_TNUMBER) {
                            d.ceiling = static_cast<long long>(lua_tonumber(L, -1));
                          }
                          get_key(L, 1, keys, Key::target);
                          d.target = lua_toboolean(L, -1);
                          lua_settop(L, keys);
                          well_formed = read_reasons(L, 1, keys, d.reasons) && !d.reasons.empty();
                        },
                        limits_.instructions);
  if (!status) return status.error();
  if (!well_formed) return malformed("eligibility.lua", kEvaluateShape);
  d.as_of = as_of;
  d.rule_set_version = version();
  return d;
}

Result<std::string> RuleSet::evaluate_json(const HouseholdInput& household, const OfferInput& offer,
                                           const std::string& as_of) const {
  auto lease = checkout();
  if (!lease) return lease.error();
  // Written in key order, as to_json(Decision) is dumped.
  std::string out;
  out.reserve(4096);  // a decision's answer is 2–3 KB: one allocation
  bool well_formed = false;
  auto status =
      (*lease.value())
          .call(
              "evaluate",
              [&](lua_State* L) {
                push_input(L, household);
                push_input(L, offer);
                lua_pushlstring(L, as_of.data(), as_of.size());
                return 3;
              },
              1,
              [&](lua_State* L) {
                if (!lua_istable(L, 1)) return;
                const int keys = push_keys(L);  // 2
                if (get_key(L, 1, keys, Key::eligible) != LUA_TBOOLEAN) return;
                const bool eligible = lua_toboolean(L, -1);
                out += "{\"asOf\":";
                util::append_json_string(out, as_of);
                out += ",\"category\":";
                get_key(L, 1, keys, Key::category);
                util::append_json_integer(
                    out, lua_isinteger(L, -1) ? static_cast<int>(lua_tointeger(L, -1)) : 0);
                out += ",\"ceiling\":";
                if (get_key(L, 1, keys, Key::ceiling) == LUA_TNUMBER) {
                  util::append_json_integer(out, static_cast<long long>(lua_tonumber(L, -1)));
                } else {
                  out += "null";  // none applies
                }
                out += eligible ? ",\"eligible\":true" : ",\"eligible\":false";
                get_key(L, 1, keys, Key::target);
                const bool target = lua_toboolean(L, -1);
                std::string zone;
                read_string(L, 1, keys, Key::zone, zone);
                lua_settop(L, keys);
                out += ",\"reasons\":[";
                well_formed = write_reasons(L, 1, keys, out);
                out += "],\"ruleSetVersion\":";
                util::append_json_string(out, version());
                out += target ? ",\"target\":true" : ",\"target\":false";
                out += ",\"zone\":";
                util::append_json_string(out, zone);
                out += '}';
              },
              limits_.instructions);
  if (!status) return status.error();
  if (!well_formed) return malformed("eligibility.lua", kEvaluateShape);
  return out;
}

Result<LimitsDecision> RuleSet::limits(const json& input, const std::string& as_of) const {
  auto lease = checkout();
  if (!lease) return lease.error();
  LimitsDecision d;
  bool well_formed = false;
  auto status = (*lease.value())
                    .call(
                        "limits",
                        [&](lua_State* L) {
                          push_json(L, input);
                          lua_pushlstring(L, as_of.data(), as_of.size());
                          return 2;
                        },
                        1,
                        [&](lua_State* L) {
                          if (!lua_istable(L, 1)) return;
                          if (lua_getfield(L, 1, "allowed") != LUA_TBOOLEAN) return;
                          d.allowed = lua_toboolean(L, -1);
                          lua_settop(L, 1);
                          const int keys = push_keys(L);
                          well_formed = read_reasons(L, 1, keys, d.reasons) && !d.reasons.empty();
                        },
                        limits_.instructions);
  if (!status) return status.error();
  if (!well_formed) {
    return malformed(
        "application_limits.lua",
        "evaluate must return {allowed = boolean, reasons = {…}} with at least one reason");
  }
  d.as_of = as_of;
  d.rule_set_version = version();
  return d;
}

Result<RankingDecision> RuleSet::rank(const json& input, const std::string& as_of) const {
  auto lease = checkout();
  if (!lease) return lease.error();
  json result;
  const auto budget =
      limits_.instructions + limits_.instructions_per_item * input["candidates"].size();
  auto status = (*lease.value())
                    .call(
                        "rank",
                        [&](lua_State* L) {
                          push_json(L, input);
                          lua_pushlstring(L, as_of.data(), as_of.size());
                          return 2;
                        },
                        1, [&](lua_State* L) { result = to_json(L, 1); }, budget);
  if (!status) return status.error();
  RankingDecision d;
  const char* shape =
      "evaluate must return {ranked = {{applicationId, rank, kept, reasons}, …}, kept = {…}}";
  if (!result.is_object()) return malformed("ranking.lua", shape);
  json ranked = result.value("ranked", json::array());
  if (ranked.is_object() && ranked.empty()) ranked = json::array();
  if (!ranked.is_array() || ranked.size() != input["candidates"].size()) {
    return malformed("ranking.lua", shape);
  }
  for (const auto& r : ranked) {
    RankedCandidate c;
    if (!r.is_object() || !r.contains("applicationId") || !r["applicationId"].is_string() ||
        !r.contains("rank") || !r["rank"].is_number_integer() ||
        !reasons_from_json(r.contains("reasons") ? r["reasons"] : json::array(), c.reasons)) {
      return malformed("ranking.lua", shape);
    }
    c.application_id = r["applicationId"];
    c.rank = r["rank"];
    c.kept = r.value("kept", false);
    if (c.kept) d.kept.push_back(c.application_id);
    d.ranked.push_back(std::move(c));
  }
  d.as_of = as_of;
  d.rule_set_version = version();
  return d;
}

Status RuleSet::ensure_loaded(Sandbox& sandbox, const CandidateSet& set, const std::string& as_of,
                              std::string& key) const {
  key = std::to_string(set.id()) + "@" + as_of;
  auto& loaded = sandbox.loaded_sets();
  auto& index = sandbox.loaded_index();
  if (auto found = index.find(key); found != index.end()) {
    loaded.splice(loaded.begin(), loaded, found->second);  // most recently used first
    return ok();
  }
  // Sets of national size do not all fit under the memory cap: past half of it, the sets loaded
  // before are dropped (and collected) to make room for this one.
  if (sandbox.memory_used() > limits_.memory_bytes / 2 && !loaded.empty()) {
    while (!loaded.empty()) {
      const std::string oldest = loaded.back();
      loaded.pop_back();
      index.erase(oldest);
      auto dropped = sandbox.call(
          "set_drop",
          [&](lua_State* L) {
            lua_pushlstring(L, oldest.data(), oldest.size());
            return 1;
          },
          0, nullptr, limits_.instructions);
      if (!dropped) return dropped;
    }
    sandbox.collect();
  }
  const char* kind = set.kind() == CandidateSet::Kind::offers ? "offers" : "households";
  auto status = sandbox.call(
      "set_begin",
      [&](lua_State* L) {
        lua_pushlstring(L, key.data(), key.size());
        lua_pushstring(L, kind);
        lua_pushlstring(L, as_of.data(), as_of.size());
        return 3;
      },
      0, nullptr, limits_.instructions);
  if (!status) return status;
  // Appended in chunks, so the tables of only one chunk are in Lua at a time.
  constexpr std::size_t kChunk = 1000;
  const std::size_t size = set.size();
  for (std::size_t start = 0; start < size; start += kChunk) {
    const std::size_t end = std::min(size, start + kChunk);
    status = sandbox.call(
        "set_append",
        [&](lua_State* L) {
          lua_pushlstring(L, key.data(), key.size());
          lua_createtable(L, static_cast<int>(end - start), 0);
          for (std::size_t i = start; i < end; ++i) {
            if (set.kind() == CandidateSet::Kind::offers) {
              push_input(L, set.offer_items()[i]);
            } else {
              push_input(L, set.household_items()[i]);
            }
            lua_rawseti(L, -2, static_cast<lua_Integer>(i - start + 1));
          }
          return 2;
        },
        0, nullptr, limits_.instructions + limits_.instructions_per_item * (end - start));
    if (!status) return status;
  }
  loaded.push_front(key);
  index[key] = loaded.begin();
  sandbox.tune_collector();
  while (loaded.size() > limits_.cached_sets) {
    std::string oldest = loaded.back();
    loaded.pop_back();
    index.erase(oldest);
    status = sandbox.call(
        "set_drop",
        [&](lua_State* L) {
          lua_pushlstring(L, oldest.data(), oldest.size());
          return 1;
        },
        0, nullptr, limits_.instructions);
    if (!status) return status;
  }
  return ok();
}

Result<BulkVerdicts> RuleSet::bulk(const char* entry, const Sandbox::Push& push_one,
                                   const CandidateSet& set, const std::string& as_of) const {
  auto lease = checkout();
  if (!lease) return lease.error();
  Sandbox& sandbox = *lease.value();
  std::string key;
  auto status = ensure_loaded(sandbox, set, as_of, key);
  if (!status) return status.error();
  BulkVerdicts verdicts;
  bool well_formed = true;
  status = sandbox.call(
      entry,
      [&](lua_State* L) {
        push_one(L);
        lua_pushlstring(L, key.data(), key.size());
        return 2;
      },
      2,
      [&](lua_State* L) {
        if (!lua_istable(L, 1) || !lua_isinteger(L, 2)) {
          well_formed = false;
          return;
        }
        const lua_Integer n = lua_tointeger(L, 2);
        if (n < 0 || static_cast<std::size_t>(n) > set.size()) {
          well_formed = false;
          return;
        }
        verdicts.eligible.reserve(static_cast<std::size_t>(n));
        for (lua_Integer i = 1; i <= n; ++i) {
          lua_rawgeti(L, 1, i);
          lua_Integer position = lua_tointeger(L, -1);
          lua_pop(L, 1);
          if (position < 1 || static_cast<std::size_t>(position) > set.size()) {
            well_formed = false;
            return;
          }
          verdicts.eligible.push_back(static_cast<std::uint32_t>(position - 1));
        }
      },
      limits_.instructions + limits_.instructions_per_item * set.size());
  if (!status) return status.error();
  if (!well_formed) {
    return malformed(
        "eligibility.lua",
        std::string(entry) + " must return the list of eligible positions and its length");
  }
  // Ascending, whatever order the analysts' Lua returned them in: readers merge sets in order.
  if (!std::is_sorted(verdicts.eligible.begin(), verdicts.eligible.end())) {
    std::sort(verdicts.eligible.begin(), verdicts.eligible.end());
  }
  verdicts.evaluated = set.size();
  verdicts.as_of = as_of;
  verdicts.rule_set_version = version();
  return verdicts;
}

Result<BulkVerdicts> RuleSet::offers_for(const json& household, const CandidateSet& offers,
                                         const std::string& as_of) const {
  return bulk(
      "offers_for", [&](lua_State* L) { return push_json(L, household), 1; }, offers, as_of);
}

Result<BulkVerdicts> RuleSet::households_for(const json& offer, const CandidateSet& households,
                                             const std::string& as_of) const {
  return bulk(
      "applicants_for", [&](lua_State* L) { return push_json(L, offer), 1; }, households, as_of);
}

Result<BulkVerdicts> RuleSet::offers_for(const HouseholdInput& household,
                                         const CandidateSet& offers,
                                         const std::string& as_of) const {
  return bulk(
      "offers_for", [&](lua_State* L) { return push_input(L, household), 1; }, offers, as_of);
}

Result<BulkVerdicts> RuleSet::households_for(const OfferInput& offer,
                                             const CandidateSet& households,
                                             const std::string& as_of) const {
  return bulk(
      "applicants_for", [&](lua_State* L) { return push_input(L, offer), 1; }, households, as_of);
}

}  // namespace alin::rules
