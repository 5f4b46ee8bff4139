-- Rent effort (U #0, P, T 11.16): monthly resources, housing benefit included, must reach
-- rent_effort_factor × (rent + charges).
local M = { decision = "eligibility" }

function M.resources(h) return h.monthlyResources + h.housingBenefit end

function M.required(o, ctx) return parameter("rent_effort_factor", ctx) * (o.rent + o.charges) end

-- The factor as written in the sentence ("3", "2,5"): formatted once per value, then kept.
local factor_texts = {}
local function factor_text(f)
  local text = factor_texts[f]
  if text then return text end
  if f == math.floor(f) then
    text = string.format("%d", f)
  else
    text = (string.gsub(string.format("%.2f", f), "0+$", ""):gsub("%.", ","))
  end
  factor_texts[f] = text
  return text
end

function M.explain(h, hp, o, op, ctx, reasons)
  local euros = alin.euros
  local factor = parameter("rent_effort_factor", ctx)
  local figures = { resources = hp.resources, monthlyResources = h.monthlyResources,
                    housingBenefit = h.housingBenefit, rent = o.rent, charges = o.charges,
                    factor = factor, required = op.need }
  local resources = euros(hp.resources)
  local times = factor_text(factor)
  -- Each message in one concatenation: one string built, no intermediate ones.
  if hp.resources >= op.need then
    reasons[#reasons + 1] = alin.reason("rent_effort_ok", "pass",
      "Vos ressources mensuelles (" .. resources .. ", aides au logement comprises) atteignent " ..
      times .. " fois le loyer charges comprises (" .. times .. " × " .. euros(o.rent + o.charges) ..
      " = " .. euros(op.need) .. ").", figures)
    return true
  end
  reasons[#reasons + 1] = alin.reason("rent_effort_too_high", "fail",
    "Vos ressources mensuelles (" .. resources .. ", aides au logement comprises) sont inférieures à " ..
    times .. " fois le loyer charges comprises (" .. times .. " × " .. euros(o.rent + o.charges) ..
    " = " .. euros(op.need) .. ").", figures)
  return false
end

return M
