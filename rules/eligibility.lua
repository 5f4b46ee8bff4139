-- The eligibility decision for one household × one offer, and its bulk forms. It composes the
-- rules below; each explains itself with reasons. Out of target does not block eligibility.
--
-- The bulk loops (offers_for, applicants_for) repeat the three checks on prepared numbers, for
-- speed: income <= ceiling, typology within range (folded into the ceiling columns), resources
-- >= required. If you change a check, change it here too: a reload runs every eligibility case
-- through both paths and refuses the rule set if they disagree.
local M = { decision = "eligibility" }
local category = rule("household_category")
local income = rule("income")
local zone = rule("zone")
local typology = rule("typology")
local effort = rule("rent_effort")
local public = rule("public_eligibility")

-- What a household brings to every offer: computed once per household.
function M.prepare_household(h, ctx)
  local cat, facts = category.category(h, ctx)
  local inc, year = income.reference_income(h, ctx)
  local lo, hi = typology.range(facts.persons)
  return { category = cat, facts = facts, persons = facts.persons, income = inc, income_year = year,
           typ_lo = lo, typ_hi = hi, resources = effort.resources(h) }
end

-- What an offer brings to every household: computed once per offer.
function M.prepare_offer(o, ctx)
  local hlm_zone = zone.of(o.commune)
  local row, ceiling_zone = income.offer_row(o, ctx, hlm_zone)
  return { zone = hlm_zone, row = row, ceiling_zone = ceiling_zone,
           typology = o.typology, need = effort.required(o, ctx) }
end

-- One explained decision.
function M.evaluate(h, o, ctx)
  local hp, op = M.prepare_household(h, ctx), M.prepare_offer(o, ctx)
  -- Room for the reasons to come (the nils only size the list: #reasons is 1 here), so that
  -- appending them does not grow it three times.
  local reasons = { category.explain(hp.facts, ctx), nil, nil, nil, nil, nil }
  local income_ok, ceiling = income.explain(h, hp, o, op, ctx, reasons)
  local typology_ok = typology.explain(hp, o, ctx, reasons)
  local effort_ok = effort.explain(h, hp, o, op, ctx, reasons)
  local target = public.explain(h, hp, ctx, reasons)
  return { eligible = income_ok and typology_ok and effort_ok, category = hp.category,
           zone = op.zone, ceiling = ceiling, target = target, reasons = reasons }
end

-- Columns of a set of offers, for offers_for.
function M.offer_columns(offers, ctx)
  local ceil, typ, need = {}, {}, {}
  for i, o in ipairs(offers) do
    local op = M.prepare_offer(o, ctx)
    ceil[i], typ[i], need[i] = op.row, op.typology, op.need
  end
  return { n = #offers, ceil = ceil, typ = typ, need = need }
end

-- Columns of a set of households, for applicants_for.
function M.applicant_columns(households, ctx)
  local cat, inc, lo, hi, res = {}, {}, {}, {}, {}
  for i, h in ipairs(households) do
    local hp = M.prepare_household(h, ctx)
    cat[i], inc[i], lo[i], hi[i], res[i] = hp.category, hp.income, hp.typ_lo, hp.typ_hi, hp.resources
  end
  return { n = #households, cat = cat, inc = inc, lo = lo, hi = hi, res = res }
end

-- One household × every offer of a set: the positions of the eligible offers, in out[1..n].
-- The typology check is folded into the income check: `fit` holds, for this household's
-- category and typology range, each offer's ceiling, or -math.huge where the typology does not
-- fit (built once per set and range, then reused). Same checks, one comparison fewer per offer.
-- `out` is the engine's table for the answer, reused between calls: only out[1..n] is read.
function M.offers_for(h, set, ctx, out)
  local hp = M.prepare_household(h, ctx)
  local inc, res = hp.income, hp.resources
  local fit, need = M.fitting_ceilings(set, hp.category, hp.typ_lo, hp.typ_hi), set.need
  local n = 0
  out = out or {}
  for i = 1, set.n do
    if inc <= fit[i] and res >= need[i] then
      n = n + 1
      out[n] = i
    end
  end
  return out, n
end

-- Each offer's ceiling for category c, -math.huge where its typology is outside lo..hi.
function M.fitting_ceilings(set, c, lo, hi)
  local cache = set.fit
  if not cache then cache = {} set.fit = cache end
  local key = (c * 100 + lo) * 100 + math.min(hi, 99)  -- a number: no string built per call
  local col = cache[key]
  if col then return col end
  col = {}
  local ceil, typ = set.ceil, set.typ
  for i = 1, set.n do
    local t = typ[i]
    col[i] = t >= lo and t <= hi and ceil[i][c] or -math.huge
  end
  cache[key] = col
  return col
end

-- One offer × every household of a set: the positions of the eligible households, in out[1..n].
-- The typology check is folded into the income check: `cat` holds each household's category,
-- or 0 where the offer's typology does not fit it (built once per set and typology), and
-- `ceiling[0]` is -math.huge. Same checks, two comparisons fewer per household.
function M.applicants_for(o, set, ctx, out)
  local op = M.prepare_offer(o, ctx)
  local cat, top = M.fitting_categories(set, op.typology)
  local row, ceiling = op.row, { [0] = -math.huge }
  for c = 1, top do ceiling[c] = row[c] end
  local need, inc, res = op.need, set.inc, set.res
  local n = 0
  out = out or {}
  for i = 1, set.n do
    if inc[i] <= ceiling[cat[i]] and res[i] >= need then
      n = n + 1
      out[n] = i
    end
  end
  return out, n
end

-- Each household's category, 0 where typology t is outside its range; and the largest category.
function M.fitting_categories(set, t)
  local cache = set.fit
  if not cache then cache = {} set.fit = cache end
  local col = cache[t]
  if col then return col, set.top end
  col = {}
  local cat, lo, hi, top = set.cat, set.lo, set.hi, 0
  for i = 1, set.n do
    local c = cat[i]
    if c > top then top = c end
    col[i] = t >= lo[i] and t <= hi[i] and c or 0
  end
  cache[t], set.top = col, top
  return col, top
end

return M
