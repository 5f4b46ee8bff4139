-- The HLM zone of a commune, which picks the income ceiling table: Paris and its 29 neighbours,
-- the rest of Île-de-France, other regions (data/zones.csv, derived from the communes data).
local M = {}

local by_commune, by_department = {}, {}
for _, row in ipairs(data("zones")) do
  if row.match == "commune" then
    by_commune[row.code] = row.zone
  elseif row.match == "department" then
    by_department[row.code] = row.zone
  else
    error("zones.csv: match must be 'commune' or 'department', not '" .. row.match .. "'")
  end
end

M.labels = {
  paris_limitrophes = "Paris et communes limitrophes",
  ile_de_france = "Île-de-France hors Paris et communes limitrophes",
  autres_regions = "autres régions",
}

-- A commune listed by itself wins over its department; anything unlisted is "autres_regions".
function M.of(insee)
  return by_commune[insee] or by_department[string.sub(insee, 1, 2)] or "autres_regions"
end

return M
