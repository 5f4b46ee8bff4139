#include "rules/prelude.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "rules/lua_values.hpp"

namespace alin::rules {

namespace {

// alin.euros(n): French money, rounded to the euro, "41\u202F200\u00A0€"; "sans plafond" for
// math.huge; anything but a number as tostring() writes it.
int euros(lua_State* L) {
  if (lua_type(L, 1) != LUA_TNUMBER) {
    luaL_tolstring(L, 1, nullptr);
    return 1;
  }
  lua_Unsigned magnitude = 0;
  bool negative = false;
  constexpr lua_Integer kExact = lua_Integer{1} << 52;  // where v + 0.5 is exact in a double
  if (lua_isinteger(L, 1) && lua_tointeger(L, 1) > -kExact && lua_tointeger(L, 1) < kExact) {
    const lua_Integer v = lua_tointeger(L, 1);  // floor(v + 0.5) is v itself
    negative = v < 0;
    magnitude = static_cast<lua_Unsigned>(negative ? -v : v);
  } else {
    const lua_Number n = lua_tonumber(L, 1);
    if (n == HUGE_VAL) {
      lua_pushliteral(L, "sans plafond");
      return 1;
    }
    const lua_Number x = std::floor(n + 0.5);
    if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) {
      return luaL_error(L, "bad argument #1 to 'euros' (number has no integer representation)");
    }
    const auto v = static_cast<lua_Integer>(x);
    negative = v < 0;
    magnitude = negative ? 0 - static_cast<lua_Unsigned>(v) : static_cast<lua_Unsigned>(v);
  }
  // to_chars writes the digits snprintf("%llu") would, without parsing a format (several
  // amounts per decision).
  char digits[24];
  const int count =
      static_cast<int>(std::to_chars(digits, digits + sizeof digits, magnitude).ptr - digits);
  char out[96];
  std::size_t size = 0;
  if (negative) out[size++] = '-';
  const int head = count % 3;
  for (int i = 0; i < count; ++i) {
    if (i > 0 && (i - head) % 3 == 0) {  // U+202F NARROW NO-BREAK SPACE
      out[size++] = '\xE2';
      out[size++] = '\x80';
      out[size++] = '\xAF';
    }
    out[size++] = digits[i];
  }
  static const char sign[] = "\xC2\xA0\xE2\x82\xAC";  // U+00A0 NO-BREAK SPACE, then €
  std::memcpy(out + size, sign, sizeof sign - 1);
  size += sizeof sign - 1;
  lua_pushlstring(L, out, size);
  return 1;
}

// alin.reason(code, outcome, message, figures): {code, outcome, message, figures = figures or {}}.
// Its upvalue is the state's key table (lua_values.hpp).
int reason(lua_State* L) {
  const int keys = lua_upvalueindex(1);
  lua_settop(L, 4);
  lua_createtable(L, 0, 4);
  const int t = lua_gettop(L);
  push_key(L, keys, Key::code);
  lua_pushvalue(L, 1);
  lua_rawset(L, t);
  push_key(L, keys, Key::outcome);
  lua_pushvalue(L, 2);
  lua_rawset(L, t);
  push_key(L, keys, Key::message);
  lua_pushvalue(L, 3);
  lua_rawset(L, t);
  push_key(L, keys, Key::figures);
  if (lua_toboolean(L, 4)) {
    lua_pushvalue(L, 4);
  } else {
    lua_newtable(L);
  }
  lua_rawset(L, t);
  return 1;
}

}  // namespace

void push_native_helpers(lua_State* L) {
  lua_createtable(L, 0, 2);
  lua_pushcfunction(L, euros);
  lua_setfield(L, -2, "euros");
  push_keys(L);
  lua_pushcclosure(L, reason, 1);
  lua_setfield(L, -2, "reason");
}

// Called with (chunks, datasets, set_env, native): chunks maps a rule name to its compiled main
// chunk, datasets maps a data file name to its rows (every value a string), set_env(chunk, env)
// sets a chunk's _ENV, native holds the helpers written in C++ (euros, reason: see
// native_helpers below). Returns the table of entry points.
const char* const kPrelude = R"LUA(
local chunks, datasets, set_env, native = ...
local pairs, ipairs, type, error, tostring, tonumber, next = pairs, ipairs, type, error, tostring, tonumber, next
local raw_setmetatable, rawget, raw_load = setmetatable, rawget, load
local string, table, math, utf8 = string, table, math, utf8
local sort, concat, floor, sub = table.sort, table.concat, math.floor, string.sub

-- What every rule sees of the base library: no dofile, loadfile, require, collectgarbage, print.
local SAFE = { "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen",
  "rawset", "select", "getmetatable", "tonumber", "tostring", "type", "xpcall", "_VERSION" }
local base = {}
for _, name in ipairs(SAFE) do base[name] = _G[name] end

-- Finalizers would run at any time, outside any budget: refused.
base.setmetatable = function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then error("__gc is not allowed in rules", 2) end
  return raw_setmetatable(t, mt)
end

local function copy(t, skip)
  local c = {}
  for k, v in pairs(t) do if not (skip and skip[k]) then c[k] = v end end
  return c
end

local function deep_copy(t)
  if type(t) ~= "table" then return t end
  local c = {}
  for k, v in pairs(t) do c[k] = deep_copy(v) end
  return c
end

local function read_only(t, what)
  return raw_setmetatable({}, {
    __index = t,
    __newindex = function(_, k) error(what .. " is read-only: cannot set '" .. tostring(k) .. "'", 2) end,
    __len = function() return #t end,
    __pairs = function() return next, t, nil end,
    __metatable = false,
  })
end

-- Dates are ISO text: YYYY-MM-DD, compared as text.
local function date(text)
  return { text = text, year = tonumber(sub(text, 1, 4)), month = tonumber(sub(text, 6, 7)),
           day = tonumber(sub(text, 9, 10)) }
end

-- The decision context. Its date is parsed once per date text; each decision gets its own tables.
local parsed_dates, parsed_count = {}, 0
local in_force  -- below: the parameter values in force, by date text then name
-- The context of the latest decision and the parameter values in force on its date (known is nil
-- until parameter() first looks that date up): a decision asks for several parameters, and this
-- spares each of them the type checks and lookups of the general path. A decision's date is the
-- one its context was made with. Kept in a table, not in upvalues: storing each decision's young
-- context in an old upvalue would promote it to the old generation, a table only gets revisited.
local last = { ctx = nil, known = nil }
local function context(as_of)
  local d = parsed_dates[as_of]
  if not d then
    if parsed_count >= 4096 then parsed_dates, parsed_count = {}, 0 end
    d = date(as_of)
    parsed_dates[as_of], parsed_count = d, parsed_count + 1
  end
  local ctx = { as_of = { text = d.text, year = d.year, month = d.month, day = d.day } }
  last.ctx, last.known = ctx, in_force[d.text]
  return ctx
end

-- Parameters (data/parameters.csv: name, value, from): the value in force on the decision date.
local params = {}
for _, row in ipairs(datasets.parameters or {}) do
  local list = params[row.name] or {}
  params[row.name] = list
  list[#list + 1] = { from = row.from, value = tonumber(row.value) or row.value }
end
for _, list in pairs(params) do sort(list, function(a, b) return a.from < b.from end) end

-- Values in force, by date text then name: each is looked up once per date, not per decision.
local in_force_count = 0
in_force = {}

local function parameter(name, ctx)
  if ctx == last.ctx then
    local known = last.known
    local value = known and known[name]
    if value ~= nil then return value end
  end
  if type(ctx) == "table" then
    local as_of = ctx.as_of
    local known = type(as_of) == "table" and in_force[as_of.text]
    if known then
      local value = known[name]
      if value ~= nil then return value end
    end
  end
  local list = params[name]
  if not list then error("unknown parameter '" .. tostring(name) .. "' (data/parameters.csv)", 2) end
  if type(ctx) ~= "table" or type(ctx.as_of) ~= "table" then
    error("parameter('" .. name .. "', ctx): the decision context is missing", 2)
  end
  local found
  for _, p in ipairs(list) do
    if p.from <= ctx.as_of.text then found = p.value end
  end
  if found == nil then error("parameter '" .. name .. "' has no value in force on " .. ctx.as_of.text, 2) end
  local text = ctx.as_of.text
  if type(text) == "string" then
    local known = in_force[text]
    if not known then
      if in_force_count >= 4096 then in_force, in_force_count = {}, 0 end
      known = {}
      in_force[text], in_force_count = known, in_force_count + 1
    end
    known[name] = found
    if ctx == last.ctx then last.known = known end
  end
  return found
end

local function data(name)
  local rows = datasets[name]
  if not rows then error("no data file data/" .. tostring(name) .. ".csv", 2) end
  return deep_copy(rows)
end

-- French money (a narrow no-break space between thousands, a no-break space before the sign)
-- and one reason of a decision: written in C++, they are most of the work of an explained decision.
local euros, reason = native.euros, native.reason

-- Age in completed years on the decision date.
-- (The birth date's parts are read in place: no date table per member.)
local function age(birth, as_of)
  local month, day = tonumber(sub(birth, 6, 7)), tonumber(sub(birth, 9, 10))
  local years = as_of.year - tonumber(sub(birth, 1, 4))
  if as_of.month < month or (as_of.month == month and as_of.day < day) then years = years - 1 end
  return years
end

local alin = read_only({ euros = euros, age = age, date = date, reason = reason }, "alin")

-- Rule files: each in its own environment, loaded once, in dependency order through rule(name).
local modules, loading = {}, {}
local import

local function new_env(name)
  local env = copy(base)
  env.string = copy(string, { dump = true })
  env.table = copy(table)
  env.math = copy(math, { random = true, randomseed = true })
  env.utf8 = copy(utf8)
  env.load = function(chunk, chunkname, _, e)
    if type(chunk) ~= "string" then error("load takes source text only", 2) end
    return raw_load(chunk, chunkname, "t", e or env)
  end
  env.rule = function(other) return import(other, name) end
  env.data, env.parameter, env.alin = data, parameter, alin
  env._G = env
  return env
end

import = function(name, from)
  local m = modules[name]
  if m then return m.proxy end
  local chunk = chunks[name]
  if not chunk then
    error("no rule file " .. tostring(name) .. ".lua" .. (from and (" (imported by " .. from .. ".lua)") or ""), 3)
  end
  if loading[name] then error("rule files import each other in a cycle through " .. name .. ".lua", 3) end
  loading[name] = true
  set_env(chunk, new_env(name))
  local exports = chunk()
  if type(exports) ~= "table" then error(name .. ".lua must end with 'return' and a table of its functions", 0) end
  loading[name] = nil
  m = { exports = exports, proxy = read_only(exports, name .. ".lua") }
  modules[name] = m
  return m.proxy
end

local api = {}

-- Loads every rule file and checks the entry points; returns { {name, decision}, … }.
function api.init()
  local names = {}
  for name in pairs(chunks) do names[#names + 1] = name end
  sort(names)
  for _, name in ipairs(names) do import(name) end
  local function need(file, functions)
    if not modules[file] then error("the rule set needs " .. file .. ".lua", 0) end
    for _, f in ipairs(functions) do
      if type(modules[file].exports[f]) ~= "function" then
        error(file .. ".lua must export the function " .. f, 0)
      end
    end
  end
  need("eligibility", { "evaluate", "offer_columns", "applicant_columns", "offers_for", "applicants_for" })
  need("application_limits", { "evaluate" })
  need("ranking", { "evaluate" })
  local list = {}
  for _, name in ipairs(names) do
    local d = modules[name].exports.decision
    list[#list + 1] = { name = name, decision = type(d) == "string" and d or "" }
  end
  return list
end

function api.evaluate(h, o, as_of) return modules.eligibility.exports.evaluate(h, o, context(as_of)) end
function api.limits(input, as_of) return modules.application_limits.exports.evaluate(input, context(as_of)) end
function api.rank(input, as_of) return modules.ranking.exports.evaluate(input, context(as_of)) end

-- Candidate sets for bulk evaluation: loaded once per state (in chunks), then looped over.
local sets = {}
function api.set_begin(key, kind, as_of) sets[key] = { kind = kind, ctx = context(as_of) } end
function api.set_append(key, items)
  local s = sets[key]
  local e = modules.eligibility.exports
  local cols = s.kind == "offers" and e.offer_columns(items, s.ctx) or e.applicant_columns(items, s.ctx)
  if not s.cols then s.cols = cols return end
  s.cols.fit = nil  -- columns derived by the bulk loops are rebuilt for the longer set
  local n = s.cols.n
  for k, col in pairs(cols) do
    if k ~= "n" then
      local into = s.cols[k]
      for i = 1, cols.n do into[n + i] = col[i] end
    end
  end
  s.cols.n = n + cols.n
end
function api.set_drop(key) sets[key] = nil end
-- Each set keeps the table the bulk loops write their positions into: only the first n entries
-- are read back, so it is reused from call to call instead of growing a new one each time.
local function output_of(s)
  local out = s.out
  if not out then out = {} s.out = out end
  return out
end
function api.offers_for(h, key)
  local s = sets[key]
  return modules.eligibility.exports.offers_for(h, s.cols, s.ctx, output_of(s))
end
function api.applicants_for(o, key)
  local s = sets[key]
  return modules.eligibility.exports.applicants_for(o, s.cols, s.ctx, output_of(s))
end

return api
)LUA";

}  // namespace alin::rules
