#include "alin/organisations/organisation_service.hpp"

#include "alin/accounts/validation.hpp"
#include "alin/util/crypto.hpp"

namespace alin::organisations {
namespace {
Error invalid_input(std::vector<FieldError> errors) {
  return Error::invalid("invalid_input", "Certains champs ne sont pas valides.", std::move(errors));
}
}  // namespace

Result<std::string> OrganisationService::create_company(const NewCompany& raw) {
  std::vector<FieldError> errors;
  NewCompany input = raw;
  input.name = accounts::check_name(raw.name, errors, "name");
  if (!accounts::is_valid_siret(raw.siret)) {
    errors.push_back(
        {"siret", "invalid_siret", "Le SIRET doit compter 14 chiffres et avoir une clé valide."});
  }
  if (raw.employees < 0)
    errors.push_back({"employees", "out_of_range", "L'effectif ne peut être négatif."});
  if (raw.sector != "agricultural" && raw.sector != "non_agricultural") {
    errors.push_back(
        {"sector", "invalid_sector", "Le secteur doit être agricultural ou non_agricultural."});
  }
  if (raw.contribution != "PEEC" && raw.contribution != "PEAEC" && raw.contribution != "PSEEC") {
    errors.push_back({"contribution", "invalid_contribution",
                      "La contribution doit être PEEC, PEAEC ou PSEEC."});
  }
  if (raw.contribution == "PSEEC" && !raw.pseec_rights_left) {
    errors.push_back({"pseecRightsLeft", "required",
                      "Les droits PSEEC restants sont obligatoires pour une entreprise PSEEC."});
  }
  if (input.policy.empty()) input.policy = "default";
  if (!errors.empty()) return invalid_input(std::move(errors));

  return database_.write([&](soci::session& sql) -> Result<std::string> {
    int existing = 0;
    sql << "SELECT COUNT(*) FROM organisations WHERE siret = :s", soci::use(input.siret),
        soci::into(existing);
    if (existing > 0) {
      return Error{ErrorKind::conflict,
                   "siret_taken",
                   "Une entreprise existe déjà avec ce SIRET.",
                   {{"siret", "siret_taken", "Une entreprise existe déjà avec ce SIRET."}}};
    }
    const std::string id = crypto::new_id();
    const long long now = clock_.now();
    long long rights = input.pseec_rights_left.value_or(0);
    soci::indicator rights_ind = input.pseec_rights_left ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO organisations (id, kind, name, siret, employees, sector, contribution,"
           " pseec_rights_left, policy, created_at)"
           " VALUES (:id, 'company', :name, :siret, :employees, :sector, :contribution, :rights, "
           ":policy, :now)",
        soci::use(id), soci::use(input.name), soci::use(input.siret), soci::use(input.employees),
        soci::use(input.sector), soci::use(input.contribution), soci::use(rights, rights_ind),
        soci::use(input.policy), soci::use(now);
    return id;
  });
}

Result<std::string> OrganisationService::create_landlord(const NewLandlord& raw) {
  std::vector<FieldError> errors;
  NewLandlord input = raw;
  input.name = accounts::check_name(raw.name, errors, "name");
  if (input.plugin.empty()) input.plugin = "generic";
  if (!errors.empty()) return invalid_input(std::move(errors));
  return database_.write([&](soci::session& sql) -> Result<std::string> {
    const std::string id = crypto::new_id();
    const long long now = clock_.now();
    sql << "INSERT INTO organisations (id, kind, name, plugin, created_at)"
           " VALUES (:id, 'landlord', :name, :plugin, :now)",
        soci::use(id), soci::use(input.name), soci::use(input.plugin), soci::use(now);
    return id;
  });
}

}  // namespace alin::organisations
