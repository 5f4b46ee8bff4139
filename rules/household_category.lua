-- Household category (arrêté du 29 juillet 1987, art. 2, as published by ANIL). It picks the
-- column of the income ceiling tables. Ages are taken on the decision date (ctx.as_of).
local M = { decision = "eligibility" }

local function plural(n, word) return n .. " " .. word .. (n > 1 and "s" or "") end

-- Returns the category and the facts behind it: persons, dependants, disabled, jeuneMenage, ageSum.
function M.category(h, ctx)
  local members = h.members
  local persons, dependants, disabled = #members, 0, false
  local applicant, co
  for i = 1, persons do  -- a numeric loop: no iterator call per member
    local m = members[i]
    if m.role == "dependant" then
      dependants = dependants + 1
    elseif m.role == "applicant" then
      applicant = m
    elseif m.role == "coApplicant" then
      co = m
    end
    if m.disabled then disabled = true end
  end
  local base = persons
  -- One person with k dependants ranks one category above its head count.
  if dependants >= 1 and dependants == persons - 1 then base = persons + 1 end
  -- Jeune ménage: a couple, no dependant, ages adding up to the limit or less (the limit counts).
  local jeune, age_sum = false, nil
  if co and h.coupleStatus ~= "none" and dependants == 0 then
    age_sum = alin.age(applicant.birthDate, ctx.as_of) + alin.age(co.birthDate, ctx.as_of)
    if age_sum <= parameter("jeune_menage_max_age_sum", ctx) then
      jeune = true
      if base < 3 then base = 3 end
    end
  end
  -- A disabled member moves the household up one category, however many there are.
  local cat = disabled and base + 1 or base
  -- The facts in one table built whole (ageSum stays nil unless computed): no resize later.
  local f = { persons = persons, dependants = dependants, disabled = disabled, jeuneMenage = jeune,
              ageSum = age_sum, category = cat }
  return cat, f
end

-- The sentence is built by concatenation, not a table of parts and table.concat: an explained
-- decision runs under the instruction hook and every table is an allocation.
function M.explain(f, ctx)
  local details = plural(f.persons, "personne")
  if f.dependants > 0 then details = details .. ", dont " .. plural(f.dependants, "personne") .. " à charge" end
  if f.jeuneMenage then
    details = details .. ", jeune ménage (âges cumulés " .. f.ageSum .. " ans, au plus " ..
        parameter("jeune_menage_max_age_sum", ctx) .. ")"
  end
  if f.disabled then details = details .. ", une catégorie de plus pour le handicap" end
  -- The figures are the facts themselves (category, persons, dependants, disabled, jeuneMenage,
  -- ageSum): no copy of them is made.
  return alin.reason("household_category", "info",
    "Votre foyer relève de la catégorie " .. f.category .. " : " .. details .. ".", f)
end

return M
