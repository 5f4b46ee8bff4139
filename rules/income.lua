-- Income: the reference tax income (N−2, or N−1 when at least 10 % lower) may not exceed the
-- ceiling of the offer's financing, zone and year for the household's category.
-- Ceilings: data/income_ceilings.csv (PLAI, PLUS, PLS by HLM zone) and data/pli_ceilings.csv (PLI
-- by A bis / A / B1 / B2-C zone, which the offer must give as pliZone).
local M = { decision = "eligibility" }
local zone = rule("zone")

local FINANCING_ZONES = {
  A_bis = "zone A bis", A = "zone A", B1 = "zone B1", B2_C = "zones B2 et C",
}

-- ceilings[financing][zone] = rows sorted by year: { year, [1..6] = amounts, extra }
local ceilings = {}
local function add(rows)
  for _, r in ipairs(rows) do
    ceilings[r.financing] = ceilings[r.financing] or {}
    local list = ceilings[r.financing][r.zone] or {}
    ceilings[r.financing][r.zone] = list
    local row = { year = tonumber(r.year), status = r.status, extra = tonumber(r.per_additional_person) }
    for k = 1, 6 do row[k] = tonumber(r["cat" .. k]) end
    list[#list + 1] = row
  end
end
add(data("income_ceilings"))
add(data("pli_ceilings"))
for _, zones in pairs(ceilings) do
  for _, list in pairs(zones) do table.sort(list, function(a, b) return a.year < b.year end) end
end

-- Categories above 6 add per_additional_person to the cat 6 amount for each one.
local extended = { __index = function(row, k) return row[6] + (k - 6) * row.extra end }
for _, zones in pairs(ceilings) do
  for _, list in pairs(zones) do
    for _, row in ipairs(list) do setmetatable(row, extended) end
  end
end

-- Rows that stand for "no ceiling applies" and "no ceiling known" in bulk loops.
M.NOT_APPLICABLE = setmetatable({}, { __index = function() return math.huge end })
M.UNKNOWN = setmetatable({}, { __index = function() return -1 end })

-- The ceilings row in force on the decision date: the latest year not after it (1 January).
-- Found once per financing, zone and year, then kept (false when there is none).
local in_force = {}
function M.row(financing, z, ctx)
  local year = ctx.as_of.year
  local by_year = in_force[financing] and in_force[financing][z]
  local found = by_year and by_year[year]
  if found ~= nil then return found or nil end
  local list = ceilings[financing] and ceilings[financing][z]
  if list then
    for _, row in ipairs(list) do
      if row.year <= year then found = row end
    end
  end
  if financing ~= nil and z ~= nil and year ~= nil then
    in_force[financing] = in_force[financing] or {}
    in_force[financing][z] = in_force[financing][z] or {}
    in_force[financing][z][year] = found or false
  end
  return found
end

-- For an offer: its ceilings row, the zone that chose it and whether ceilings apply at all.
-- `hlm_zone` is the zone of the offer's commune when the caller has it already.
function M.offer_row(o, ctx, hlm_zone)
  if o.kind ~= "classic" and parameter("short_term_income_ceilings", ctx) == 0 then
    return M.NOT_APPLICABLE, nil
  end
  local z = o.financing == "PLI" and o.pliZone or hlm_zone or zone.of(o.commune)
  return M.row(o.financing, z, ctx) or M.UNKNOWN, z
end

-- The income compared: N−2, or N−1 when it is lower by the parameter's percentage or more.
function M.reference_income(h, ctx)
  local n2, n1 = h.taxIncomeN2, h.taxIncomeN1
  if n1 ~= nil and n1 * 100 <= n2 * (100 - parameter("income_n1_drop_percent", ctx)) then
    return n1, ctx.as_of.year - 1
  end
  return n2, ctx.as_of.year - 2
end

local function zone_label(z) return zone.labels[z] or FINANCING_ZONES[z] or z end

local function for_whom(hp)
  if hp.category == hp.persons then
    return hp.persons == 1 and "1 personne" or hp.persons .. " personnes"
  end
  return "un ménage de catégorie " .. hp.category
end

-- The verdict and its reasons for one household × offer (explained decisions only).
function M.explain(h, hp, o, op, ctx, reasons)
  local euros = alin.euros
  if hp.income_year == ctx.as_of.year - 1 then
    reasons[#reasons + 1] = alin.reason("income_n1_used", "info",
      "Votre revenu fiscal de référence " .. hp.income_year .. " (" .. euros(h.taxIncomeN1) ..
      ") est inférieur d'au moins " .. parameter("income_n1_drop_percent", ctx) .. " % à celui de " ..
      (hp.income_year - 1) .. " (" .. euros(h.taxIncomeN2) .. ") : c'est lui qui est retenu.",
      { taxIncomeN1 = h.taxIncomeN1, taxIncomeN2 = h.taxIncomeN2,
        thresholdPercent = parameter("income_n1_drop_percent", ctx) })
  end
  local row = op.row
  if row == M.NOT_APPLICABLE then
    reasons[#reasons + 1] = alin.reason("income_ceiling_not_applicable", "pass",
      "Les plafonds de ressources ne s'appliquent pas aux offres meublées de courte durée.",
      { kind = o.kind })
    return true, nil
  end
  if row == M.UNKNOWN then
    reasons[#reasons + 1] = alin.reason("ceiling_unknown", "fail",
      "Aucun plafond " .. o.financing .. " n'est connu en " .. zone_label(op.ceiling_zone) ..
      " pour l'année " .. ctx.as_of.year .. " : l'éligibilité ne peut pas être établie.",
      { financing = o.financing, zone = op.ceiling_zone, year = ctx.as_of.year })
    return false, nil
  end
  local ceiling = row[hp.category]
  local figures = {
    income = hp.income, incomeYear = hp.income_year, ceiling = ceiling, ceilingYear = row.year,
    financing = o.financing, zone = op.ceiling_zone, category = hp.category,
  }
  -- Each message in one concatenation: one string built, no intermediate ones.
  local label, whom, income_year = zone_label(op.ceiling_zone), for_whom(hp), hp.income_year
  if hp.income <= ceiling then
    reasons[#reasons + 1] = alin.reason("income_within_ceiling", "pass",
      "Votre revenu fiscal de référence " .. income_year .. " (" .. euros(hp.income) ..
      ") ne dépasse pas le plafond " .. o.financing .. " " .. row.year .. " pour " .. whom ..
      " en " .. label .. " (" .. euros(ceiling) .. ").", figures)
    return true, ceiling
  end
  reasons[#reasons + 1] = alin.reason("income_above_ceiling", "fail",
    "Votre revenu fiscal de référence " .. income_year .. " (" .. euros(hp.income) ..
    ") dépasse le plafond " .. o.financing .. " " .. row.year .. " pour " .. whom .. " en " ..
    label .. " (" .. euros(ceiling) .. ").", figures)
  return false, ceiling
end

return M
