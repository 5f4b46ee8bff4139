-- Rent effort (U #0, P, T 11.16): monthly resources, housing benefit included, must reach
-- rent_effort_factor × (rent + charges).
local M = { decision = "eligibility" }

function M.resources(h) return h.monthlyResources + h.housingBenefit end

function M.required(o, ctx) return parameter("rent_effort_factor", ctx) * (o.rent + o.charges) end

local function factor_text(f)
  if f == math.floor(f) then return string.format("%d", f) end
  return (string.gsub(string.format("%.2f", f), "0+$", ""):gsub("%.", ","))
end

function M.explain(h, hp, o, op, ctx, reasons)
  local euros = alin.euros
  local factor = parameter("rent_effort_factor", ctx)
  local figures = { resources = hp.resources, monthlyResources = h.monthlyResources,
                    housingBenefit = h.housingBenefit, rent = o.rent, charges = o.charges,
                    factor = factor, required = op.need }
  local resources = "Vos ressources mensuelles (" .. euros(hp.resources) ..
      ", aides au logement comprises)"
  local times = factor_text(factor)
  local need = times .. " fois le loyer charges comprises (" .. times ..
      " × " .. euros(o.rent + o.charges) .. " = " .. euros(op.need) .. ")"
  if hp.resources >= op.need then
    reasons[#reasons + 1] = alin.reason("rent_effort_ok", "pass", resources .. " atteignent " .. need .. ".", figures)
    return true
  end
  reasons[#reasons + 1] = alin.reason("rent_effort_too_high", "fail",
    resources .. " sont inférieures à " .. need .. ".", figures)
  return false
end

return M
