-- Application limits (T 11.23, T 11.24): up to max_classic_applications classic applications in
-- parallel, never more than max_same_typology_per_programme of one typology in one programme,
-- max_short_term_identified short-term "identified" offers at a time, max_short_term_type "type"
-- offers (-1: no limit). max_active_applications caps all kinds together (-1: no limit; 1 is the
-- older "one active application at a time" of G, P, U, C).
--
-- Input: { offer = {id, kind, typology, programme}, applications = [{offerId, kind, typology,
-- programme}] } — the applicant's active applications (not cancelled, not closed).
local M = { decision = "limits" }

local KIND_LABELS = {
  classic = "classiques", shortTermIdentified = "meublées de courte durée identifiées",
  shortTermType = "meublées de courte durée « logement type »",
}

local function limited(max, count) return max >= 0 and count >= max end

function M.evaluate(input, ctx)
  local offer, apps = input.offer, input.applications
  local by_kind, same = { classic = 0, shortTermIdentified = 0, shortTermType = 0 }, 0
  for _, a in ipairs(apps) do
    if a.offerId == offer.id then
      return { allowed = false, reasons = { alin.reason("already_applied", "fail",
        "Vous avez déjà une candidature en cours sur cette offre.", { offerId = offer.id }) } }
    end
    by_kind[a.kind] = by_kind[a.kind] + 1
    if a.kind == "classic" and offer.kind == "classic" and a.programme == offer.programme and
        a.typology == offer.typology then
      same = same + 1
    end
  end
  local function refuse(code, message, figures)
    return { allowed = false, reasons = { alin.reason(code, "fail", message, figures) } }
  end
  local all = parameter("max_active_applications", ctx)
  if limited(all, #apps) then
    return refuse("limit_reached", "Vous avez déjà " .. #apps .. " candidature(s) en cours : " ..
      all .. " au plus à la fois.", { active = #apps, max = all })
  end
  local count = by_kind[offer.kind]
  local max
  if offer.kind == "classic" then
    max = parameter("max_classic_applications", ctx)
    if limited(max, count) then
      return refuse("limit_reached", "Vous avez déjà " .. count .. " candidatures classiques en cours, " ..
        "le maximum est " .. max .. ".", { kind = offer.kind, active = count, max = max })
    end
    local max_same = parameter("max_same_typology_per_programme", ctx)
    if limited(max_same, same) then
      return refuse("same_programme", "Vous avez déjà postulé sur un T" .. offer.typology ..
        " du programme « " .. offer.programme .. " » : une seule candidature par typologie et par programme.",
        { programme = offer.programme, typology = offer.typology, active = same, max = max_same })
    end
  else
    max = parameter(offer.kind == "shortTermIdentified" and "max_short_term_identified" or "max_short_term_type", ctx)
    if limited(max, count) then
      return refuse("short_term_limit_reached", "Vous avez déjà " .. count .. " candidature(s) sur des offres " ..
        KIND_LABELS[offer.kind] .. " en cours, le maximum est " .. max .. ".",
        { kind = offer.kind, active = count, max = max })
    end
  end
  local room = max >= 0 and (" sur " .. max .. " possibles") or ""
  return { allowed = true, reasons = { alin.reason("within_limits", "pass",
    "Vous pouvez postuler : " .. count .. " candidature(s) " .. KIND_LABELS[offer.kind] ..
    " en cours" .. room .. ".", { kind = offer.kind, active = count, max = max }) } }
end

return M
