-- Politique d'entreprise d'Acme Industrie (SIRET 41234567800004) : un code d'accès, les niveaux
-- de consentement 2 et 3, le matricule exigé pour la validation. Choisie par l'administrateur
-- avec policy = "acme_industrie" sur l'organisation (docs/integrators.md, « Politique en Lua »).
policy = {
  version = "2026.1",
  description = "Acme Industrie : code d'accès, consentement partiel ou complet, matricule",
  access_code = { required = true, codes = { "ACME2026" } },
  consent_levels = { 2, 3 },
  employee_number_required = true,
  hire_date_required = false,
  local_income_ceiling = nil,
  yearly_quota = 40,
}
