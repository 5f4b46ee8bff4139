-- Typology against household size (U #0, P, T 11.16): data/typology.csv gives, for each size, the
-- smallest and largest typology; the last row holds for every larger household.
local M = { decision = "eligibility" }

local ranges, largest = {}, 0
for _, r in ipairs(data("typology")) do
  local size = tonumber(r.household_size)
  ranges[size] = { tonumber(r.min_typology), tonumber(r.max_typology) or math.maxinteger }
  if size > largest then largest = size end
end

-- Smallest and largest typology for `persons` (the largest is math.maxinteger when unbounded).
function M.range(persons)
  local r = ranges[persons] or ranges[largest]
  return r[1], r[2]
end

function M.explain(hp, o, ctx, reasons)
  local lo, hi = hp.typ_lo, hp.typ_hi
  local unbounded = hi == math.maxinteger
  local figures = { typology = o.typology, persons = hp.persons, minTypology = lo,
                    maxTypology = not unbounded and hi or nil }
  -- "T2 à T4)." (or "T4 et plus)."), then the message in one concatenation.
  local span = unbounded and ("T" .. lo .. " et plus).") or ("T" .. lo .. " à T" .. hi .. ").")
  local who = hp.persons == 1 and "1 personne (" or hp.persons .. " personnes ("
  if o.typology >= lo and o.typology <= hi then
    reasons[#reasons + 1] = alin.reason("typology_matches", "pass",
      "Un T" .. o.typology .. " convient à un foyer de " .. who .. span, figures)
    return true
  end
  reasons[#reasons + 1] = alin.reason("typology_mismatch", "fail",
    "Un T" .. o.typology .. " ne convient pas à un foyer de " .. who .. span, figures)
  return false
end

return M
