-- The eligibility decision for one household × one offer, and its bulk forms. It composes the
-- rules below; each explains itself with reasons. Out of target does not block eligibility.
--
-- The bulk loops (offers_for, applicants_for) repeat the three checks on prepared numbers, for
-- speed: income <= ceiling, typology within range, resources >= required. If you change a check,
-- change it here too: a reload runs every eligibility case through both paths and refuses the
-- rule set if they disagree.
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
  local row, ceiling_zone = income.offer_row(o, ctx)
  return { zone = zone.of(o.commune), row = row, ceiling_zone = ceiling_zone,
           typology = o.typology, need = effort.required(o, ctx) }
end

-- One explained decision.
function M.evaluate(h, o, ctx)
  local hp, op = M.prepare_household(h, ctx), M.prepare_offer(o, ctx)
  local reasons = { category.explain(hp.facts, ctx) }
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

-- One household × every offer of a set: the positions of the eligible offers.
function M.offers_for(h, set, ctx)
  local hp = M.prepare_household(h, ctx)
  local c, inc, lo, hi, res = hp.category, hp.income, hp.typ_lo, hp.typ_hi, hp.resources
  local ceil, typ, need = set.ceil, set.typ, set.need
  local out, n = {}, 0
  for i = 1, set.n do
    local t = typ[i]
    if inc <= ceil[i][c] and t >= lo and t <= hi and res >= need[i] then
      n = n + 1
      out[n] = i
    end
  end
  return out, n
end

-- One offer × every household of a set: the positions of the eligible households.
function M.applicants_for(o, set, ctx)
  local op = M.prepare_offer(o, ctx)
  local row, t, need = op.row, op.typology, op.need
  local cat, inc, lo, hi, res = set.cat, set.inc, set.lo, set.hi, set.res
  local out, n = {}, 0
  for i = 1, set.n do
    if inc[i] <= row[cat[i]] and t >= lo[i] and t <= hi[i] and res[i] >= need then
      n = n + 1
      out[n] = i
    end
  end
  return out, n
end

return M
