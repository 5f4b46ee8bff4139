-- Target public (T 7.2, T 7.3, U #0, P): employees of private non-agricultural companies of 10+
-- (PEEC), of agricultural companies of 50+ (PEAEC), of companies paying the PSEEC while they have
-- rights left; holders of a valid DALO/DAHO recognition. Anyone else is out of target: still
-- eligible, but served only after every target applicant (T 7.3, T 13.7).
local M = { decision = "eligibility" }

local function french_date(text)
  return string.sub(text, 9, 10) .. "/" .. string.sub(text, 6, 7) .. "/" .. string.sub(text, 1, 4)
end

-- Returns target (boolean), code, message, figures.
function M.assess(h, ctx)
  local rec = h.recognition
  if rec and rec.validUntil >= ctx.as_of.text then
    return true, "target_" .. string.lower(rec.kind),
      "Votre reconnaissance " .. rec.kind .. " est valide jusqu'au " .. french_date(rec.validUntil) ..
      " : vous faites partie du public prioritaire.", { recognition = rec.kind, validUntil = rec.validUntil }
  end
  local e = h.employment
  local why
  if rec then
    why = "votre reconnaissance " .. rec.kind .. " a expiré le " .. french_date(rec.validUntil)
  end
  if e and e.contribution then
    local figures = { contribution = e.contribution, employees = e.employees, sector = e.sector }
    if e.contribution == "PEEC" then
      local min = parameter("peec_min_employees", ctx)
      if e.sector == "agricultural" then
        why = "votre employeur, agricole, ne relève pas de la PEEC"
      elseif e.employees < min then
        why = "votre employeur compte " .. e.employees .. " salariés, moins des " .. min .. " requis pour la PEEC"
      else
        return true, "target_peec", "Votre employeur, entreprise privée non agricole de " .. e.employees ..
          " salariés, cotise à la PEEC : vous faites partie du public cible.", figures
      end
    elseif e.contribution == "PEAEC" then
      local min = parameter("peaec_min_employees", ctx)
      if e.sector ~= "agricultural" then
        why = "votre employeur n'est pas une entreprise agricole, condition de la PEAEC"
      elseif e.employees < min then
        why = "votre employeur agricole compte " .. e.employees .. " salariés, moins des " .. min .. " requis pour la PEAEC"
      else
        return true, "target_peaec", "Votre employeur, entreprise agricole de " .. e.employees ..
          " salariés, cotise à la PEAEC : vous faites partie du public cible.", figures
      end
    elseif e.contribution == "PSEEC" then
      if e.pseecRightsLeft then
        return true, "target_pseec",
          "Votre employeur cotise à la PSEEC et dispose encore de droits : vous faites partie du public cible.", figures
      end
      why = "votre employeur cotise à la PSEEC mais n'a plus de droits disponibles"
    end
  end
  why = why or "votre employeur ne cotise pas à Action Logement"
  return false, "out_of_target",
    "Vous ne faites pas partie du public cible (" .. why .. ") : votre candidature ne pourra être " ..
    "proposée qu'après celles des demandeurs du public cible.", { reason = why }
end

function M.explain(h, hp, ctx, reasons)
  local target, code, message, figures = M.assess(h, ctx)
  reasons[#reasons + 1] = alin.reason(code, "info", message, figures)
  return target
end

return M
