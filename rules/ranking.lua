-- Ranking of the applications on one offer.
-- Classic offers (T 13.2): complete files by application time (oldest first), then files with
-- the socle documents, then the rest. Short-term offers (T 13.6): applicants followed by the
-- service for employees in difficulty, then the other priority situations
-- (data/priority_situations.csv), then the rest, each by the same file order. Out-of-target
-- applicants come after every target applicant (T 7.3, T 13.7). The first kept_files are kept for
-- the landlord (G p9).
--
-- Input: { offer = {id?, kind}, candidates = [{applicationId, appliedAt, documents =
-- "complete"|"socle"|"incomplete", target, priorityFlags = [...]}] }, the candidates in their
-- order of arrival (which breaks ties within one second).
local M = { decision = "ranking" }

local DOCUMENTS = { complete = 1, socle = 2, incomplete = 3 }
local DOCUMENT_LABELS = {
  "dossier complet", "dossier avec les pièces du socle", "dossier incomplet",
}
local tiers, tier_labels = {}, {}
for _, r in ipairs(data("priority_situations")) do
  tiers[r.flag] = tonumber(r.tier)
  tier_labels[r.flag] = r.label
end
local NO_PRIORITY = 99

local function priority(c)
  local best, flag = NO_PRIORITY, nil
  for _, f in ipairs(c.priorityFlags) do
    local t = tiers[f]
    if t and t < best then best, flag = t, f end
  end
  return best, flag
end

local function french_time(iso)
  return string.sub(iso, 9, 10) .. "/" .. string.sub(iso, 6, 7) .. "/" .. string.sub(iso, 1, 4) ..
      " à " .. string.sub(iso, 12, 16)
end

function M.evaluate(input, ctx)
  local short_term = input.offer.kind ~= "classic"
  local entries = {}
  for i, c in ipairs(input.candidates) do
    local tier, flag = NO_PRIORITY, nil
    if short_term then tier, flag = priority(c) end
    entries[i] = { c = c, target = c.target and 0 or 1, tier = tier, flag = flag,
                   docs = DOCUMENTS[c.documents], arrival = i }
  end
  table.sort(entries, function(a, b)
    if a.target ~= b.target then return a.target < b.target end
    if a.tier ~= b.tier then return a.tier < b.tier end
    if a.docs ~= b.docs then return a.docs < b.docs end
    if a.c.appliedAt ~= b.c.appliedAt then return a.c.appliedAt < b.c.appliedAt end
    -- Applied in the same second: the order of arrival, as the platform lists the candidates.
    return a.arrival < b.arrival
  end)
  local keep = parameter("kept_files", ctx)
  local ranked, kept = {}, {}
  for rank, e in ipairs(entries) do
    local c = e.c
    local reasons = {}
    local figures = { documents = c.documents, appliedAt = c.appliedAt, target = c.target }
    local order = DOCUMENT_LABELS[e.docs] .. ", candidature du " .. french_time(c.appliedAt)
    if e.flag then
      figures.priority = e.flag
      order = "situation prioritaire (" .. tier_labels[e.flag] .. "), " .. order
    end
    reasons[1] = alin.reason("rank_order", "info", "Rang " .. rank .. " : " .. order .. ".", figures)
    if not c.target then
      reasons[#reasons + 1] = alin.reason("out_of_target_after_target", "info",
        "Hors public cible : classé après tous les demandeurs du public cible.", {})
    end
    local is_kept = rank <= keep
    if is_kept then
      kept[#kept + 1] = c.applicationId
      reasons[#reasons + 1] = alin.reason("kept_for_landlord", "pass",
        "Parmi les " .. keep .. " premiers dossiers : transmis au bailleur.", { rank = rank, kept = keep })
    else
      reasons[#reasons + 1] = alin.reason("not_kept", "fail",
        "Au-delà des " .. keep .. " premiers dossiers : non transmis au bailleur.", { rank = rank, kept = keep })
    end
    ranked[rank] = { applicationId = c.applicationId, rank = rank, kept = is_kept, reasons = reasons }
  end
  return { ranked = ranked, kept = kept }
end

return M
