#include "rules/prelude.hpp"

namespace alin::rules {

// Called with (chunks, datasets, set_env): chunks maps a rule name to its compiled main chunk,
// datasets maps a data file name to its rows (every value a string), set_env(chunk, env) sets a
// chunk's _ENV. Returns the table of entry points.
const char* const kPrelude = R"LUA(
local chunks, datasets, set_env = ...
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

local function context(as_of) return { as_of = date(as_of), params = {} } end

-- Parameters (data/parameters.csv: name, value, from): the value in force on the decision date.
local params = {}
for _, row in ipairs(datasets.parameters or {}) do
  local list = params[row.name] or {}
  params[row.name] = list
  list[#list + 1] = { from = row.from, value = tonumber(row.value) or row.value }
end
for _, list in pairs(params) do sort(list, function(a, b) return a.from < b.from end) end

local function parameter(name, ctx)
  local list = params[name]
  if not list then error("unknown parameter '" .. tostring(name) .. "' (data/parameters.csv)", 2) end
  if type(ctx) ~= "table" or type(ctx.as_of) ~= "table" then
    error("parameter('" .. name .. "', ctx): the decision context is missing", 2)
  end
  local cached = ctx.params[name]
  if cached ~= nil then return cached end
  local found
  for _, p in ipairs(list) do
    if p.from <= ctx.as_of.text then found = p.value end
  end
  if found == nil then error("parameter '" .. name .. "' has no value in force on " .. ctx.as_of.text, 2) end
  ctx.params[name] = found
  return found
end

local function data(name)
  local rows = datasets[name]
  if not rows then error("no data file data/" .. tostring(name) .. ".csv", 2) end
  return deep_copy(rows)
end

-- French money: a narrow no-break space between thousands, a no-break space before the sign.
local THOUSANDS, BEFORE_SIGN = "\u{202F}", "\u{A0}"
local function euros(n)
  if type(n) ~= "number" then return tostring(n) end
  if n == math.huge then return "sans plafond" end
  local v = floor(n + 0.5)
  local sign = ""
  if v < 0 then sign, v = "-", -v end
  local s = string.format("%d", v)
  local head = #s % 3
  local parts = {}
  if head > 0 then parts[1] = sub(s, 1, head) end
  for i = head + 1, #s, 3 do parts[#parts + 1] = sub(s, i, i + 2) end
  return sign .. concat(parts, THOUSANDS) .. BEFORE_SIGN .. "€"
end

-- Age in completed years on the decision date.
local function age(birth, as_of)
  local b = date(birth)
  local years = as_of.year - b.year
  if as_of.month < b.month or (as_of.month == b.month and as_of.day < b.day) then years = years - 1 end
  return years
end

local function reason(code, outcome, message, figures)
  return { code = code, outcome = outcome, message = message, figures = figures or {} }
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
function api.offers_for(h, key)
  local s = sets[key]
  return modules.eligibility.exports.offers_for(h, s.cols, s.ctx)
end
function api.applicants_for(o, key)
  local s = sets[key]
  return modules.eligibility.exports.applicants_for(o, s.cols, s.ctx)
end

return api
)LUA";

}  // namespace alin::rules
