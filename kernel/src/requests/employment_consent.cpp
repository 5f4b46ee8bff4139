// What the platform adds to an imported request (RULES.md §3, user guide #3): the employment form,
// checked against the company's policy (access code, employee number, hire date), and the consent
// level among those the policy offers; and what the company then sees of it.
#include <algorithm>
#include <chrono>

#include "alin/accounts/validation.hpp"
#include "alin/requests/active_request.hpp"
#include "alin/requests/request_service.hpp"
#include "requests/request_store.hpp"

namespace alin::requests {

struct RequestService::Policy {
  std::string company_id, company_name;
  sdk::Company company;
  sdk::CompanyRules rules;
  std::shared_ptr<sdk::CompanyPolicy> plugin;  // null for the default policy
};

namespace {

const std::vector<ConsentOption>& all_levels() {
  static const std::vector<ConsentOption> levels = {
      {1, "Anonyme",
       "Votre entreprise ne voit rien de votre demande ; pas d'accompagnement ni de points "
       "entreprise."},
      {2, "Partiel",
       "Votre entreprise voit votre civilité, nom, prénom, date de naissance, e-mail, employeur, "
       "lieu de travail, commune actuelle et communes souhaitées."},
      {3, "Complet",
       "Votre entreprise voit toute votre demande et l'historique de vos candidatures, et peut "
       "vous aider à candidater."}};
  return levels;
}

Error no_request() {
  return Error::of(ErrorKind::not_found, "no_request", "Vous n'avez pas encore de demande.");
}

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

Result<RequestService::Policy> RequestService::policy_for_company(soci::session& sql,
                                                                  const std::string& company_id) {
  Policy policy;
  if (company_id.empty()) return policy;  // not a partner company: every level, no code
  std::string policy_name;
  if (auto row = load_company(sql, company_id)) {
    policy.company_id = company_id;
    policy.company = std::move(row->company);
    policy.company_name = policy.company.name;
    policy_name = row->policy;
  }
  if (policy_name.empty() || policy_name == "default") return policy;
  policy.plugin = plugins_.company(policy_name);
  if (!policy.plugin) {
    return Error::of(ErrorKind::unprocessable, "site_unavailable",
                     "La politique de votre entreprise (" + policy_name +
                         ") n'est pas disponible pour le moment.");
  }
  auto rules = policy.plugin->rules(policy.company);
  if (!rules.ok()) return from_plugin(rules.error());
  policy.rules = rules.value();
  return policy;
}

Result<HousingRequest> RequestService::set_employment(const std::string& account_id,
                                                      const EmploymentInput& input) {
  std::vector<FieldError> errors;
  if (input.attach_to != "applicant" && input.attach_to != "coApplicant") {
    errors.push_back({"attachTo", "invalid_choice", "Choisissez applicant ou coApplicant."});
  }
  if (input.employer_name.empty()) {
    errors.push_back({"employerName", "required", "Le nom de l'employeur est obligatoire."});
  }
  if (!input.hire_date.empty() && !is_iso_date(input.hire_date)) {
    errors.push_back({"hireDate", "invalid_date", "La date d'embauche s'écrit AAAA-MM-JJ."});
  }
  if (input.attach_to == "coApplicant" && !accounts::is_valid_siret(input.employer_siret)) {
    errors.push_back({"employerSiret", "invalid_siret",
                      "Le SIRET de l'employeur du co-demandeur est obligatoire (14 chiffres)."});
  }
  if (!errors.empty()) {
    return Error::invalid("invalid_employment", "Les informations d'emploi sont incomplètes.",
                          std::move(errors));
  }
  return database_.write([&](soci::session& sql) -> Result<HousingRequest> {
    auto request = load_request(sql, account_id);
    if (!request) return no_request();
    if (input.attach_to == "coApplicant" &&
        std::none_of(request->members.begin(), request->members.end(),
                     [](const Member& m) { return m.role == "coApplicant"; })) {
      return Error::invalid(
          "invalid_employment", "Votre demande n'a pas de co-demandeur.",
          {{"attachTo", "no_co_applicant", "Votre demande n'a pas de co-demandeur."}});
    }
    // The SIRET comes from the registration site for the applicant (RULES.md §3).
    std::string siret = request->employment ? request->employment->employer_siret : "";
    if (input.attach_to == "coApplicant") siret = input.employer_siret;
    const std::string company_id = company_by_siret(sql, siret);
    auto policy = policy_for_company(sql, company_id);
    if (!policy.ok()) return policy.error();
    if (policy->plugin) {
      auto verdict = policy->plugin->check_employment(
          policy->company, {input.company_code, input.employee_number, input.hire_date});
      if (!verdict.ok()) return from_plugin(verdict.error());
      if (!verdict->accepted) {
        return Error::invalid(verdict->code, verdict->message,
                              {{verdict->field, verdict->code, verdict->message}});
      }
    }
    std::string code = input.company_code, number = input.employee_number, hired = input.hire_date;
    soci::indicator code_ind = code.empty() ? soci::i_null : soci::i_ok;
    soci::indicator number_ind = number.empty() ? soci::i_null : soci::i_ok;
    soci::indicator hired_ind = hired.empty() ? soci::i_null : soci::i_ok;
    std::string company = company_id;
    soci::indicator company_ind = company.empty() ? soci::i_null : soci::i_ok;
    const int cdii = input.cdii ? 1 : 0;
    sql << "UPDATE employments SET employer_name = :name, employer_siret = :siret, company_id = "
           ":company,"
           " company_code = :code, employee_number = :number, hire_date = :hired, cdii = :cdii,"
           " attach_to = :attach WHERE request_id = :id",
        soci::use(input.employer_name), soci::use(siret), soci::use(company, company_ind),
        soci::use(code, code_ind), soci::use(number, number_ind), soci::use(hired, hired_ind),
        soci::use(cdii), soci::use(input.attach_to), soci::use(request->id);
    // A consent level the new company does not offer is dropped: the applicant chooses again.
    if (request->consent_level &&
        std::find(policy->rules.consent_levels.begin(), policy->rules.consent_levels.end(),
                  *request->consent_level) == policy->rules.consent_levels.end()) {
      sql << "DELETE FROM consents WHERE request_id = :id", soci::use(request->id);
    }
    const long long now = clock_.now();
    sql << "UPDATE housing_requests SET last_activity_at = :t WHERE id = :id", soci::use(now),
        soci::use(request->id);
    return observed(sql, account_id);
  });
}

Result<ConsentOptions> RequestService::consent_options(const std::string& account_id) {
  return database_.read([&](soci::session& sql) -> Result<ConsentOptions> {
    auto request = load_request(sql, account_id);
    if (!request) return no_request();
    auto policy =
        policy_for_company(sql, request->employment ? request->employment->company_id : "");
    if (!policy.ok()) return policy.error();
    ConsentOptions options;
    for (const auto& level : all_levels()) {
      const auto& offered = policy->rules.consent_levels;
      if (std::find(offered.begin(), offered.end(), level.level) != offered.end()) {
        options.levels.push_back(level);
      }
    }
    options.current = request->consent_level;
    options.company_name = policy->company_name;
    options.access_code_required = policy->rules.access_code_required;
    options.employee_number_required = policy->rules.employee_number_required;
    options.hire_date_required = policy->rules.hire_date_required;
    return options;
  });
}

Result<HousingRequest> RequestService::set_consent(const std::string& account_id, int level) {
  auto options = consent_options(account_id);
  if (!options.ok()) return options.error();
  const auto& levels = options->levels;
  if (std::none_of(levels.begin(), levels.end(),
                   [&](const ConsentOption& o) { return o.level == level; })) {
    return Error::invalid(
        "consent_level_not_offered",
        "La politique de votre entreprise ne propose pas ce niveau de consentement.",
        {{"level", "not_offered", "Niveau non proposé par votre entreprise."}});
  }
  return database_.write([&](soci::session& sql) -> Result<HousingRequest> {
    auto request = load_request(sql, account_id);
    if (!request) return no_request();
    const long long now = clock_.now();
    sql << "DELETE FROM consents WHERE request_id = :id", soci::use(request->id);
    sql << "INSERT INTO consents (request_id, level, given_at) VALUES (:id, :l, :t)",
        soci::use(request->id), soci::use(level), soci::use(now);
    sql << "UPDATE housing_requests SET last_activity_at = :t WHERE id = :id", soci::use(now),
        soci::use(request->id);
    return observed(sql, account_id);
  });
}

std::optional<Error> RequestService::company_validation_refusal(soci::session& sql,
                                                                const HousingRequest& request,
                                                                UnixSeconds now) {
  const auto incomplete = [](std::vector<FieldError> missing) {
    Error error = Error::of(ErrorKind::unprocessable, "employment_incomplete",
                            "La politique de l'entreprise demande des informations que la "
                            "demande n'a pas : le salarié doit les renseigner.");
    error.errors = std::move(missing);
    return error;
  };
  if (!request.employment) {
    return incomplete({{"employment", "required", "La demande n'indique pas d'emploi."}});
  }
  // The policy of today, not the one the applicant met: a company may have tightened it since.
  auto policy = policy_for_company(sql, request.employment->company_id);
  if (!policy.ok()) return policy.error();
  const sdk::CompanyRules& rules = policy->rules;

  std::vector<FieldError> missing;
  if (rules.employee_number_required && request.employment->employee_number.empty()) {
    missing.push_back({"employment.employeeNumber", "required",
                       "Votre entreprise demande le matricule du salarié pour valider."});
  }
  if (rules.hire_date_required && request.employment->hire_date.empty()) {
    missing.push_back({"employment.hireDate", "required",
                       "Votre entreprise demande la date d'embauche du salarié pour valider."});
  }
  if (!missing.empty()) return incomplete(std::move(missing));

  if (rules.local_income_ceiling) {
    const long long income = reference_tax_income(request.tax_income_n2, request.tax_income_n1,
                                                  n1_drop_percent(config_.rules, now));
    if (income > *rules.local_income_ceiling) {
      Error error =
          Error::of(ErrorKind::conflict, "above_company_ceiling",
                    "Le revenu fiscal de référence du foyer (" + std::to_string(income) +
                        " €) dépasse le plafond que l'entreprise s'est fixé pour son soutien (" +
                        std::to_string(*rules.local_income_ceiling) + " €).");
      const bool n1 = request.tax_income_n1 && income == *request.tax_income_n1 &&
                      income != request.tax_income_n2;
      error.errors.push_back({n1 ? "household.taxIncomeN1" : "household.taxIncomeN2",
                              "above_company_ceiling", error.title});
      return error;
    }
  }
  if (rules.yearly_quota) {
    // People this company validated since 1 January, this applicant aside (validated again
    // after a rejection or a re-import, a person counts once; a deleted request still counts):
    // the quota is of people supported, not of clicks.
    using namespace std::chrono;
    const year_month_day today{floor<days>(sys_seconds{seconds{now}})};
    const UnixSeconds since =
        sys_seconds{sys_days{today.year() / January / 1}}.time_since_epoch().count();
    int supported = 0;
    sql << "SELECT COUNT(*) FROM company_supports WHERE company_id = :c"
           " AND validated_at >= :since AND account_id <> :a",
        soci::use(request.employment->company_id), soci::use(since), soci::use(request.account_id),
        soci::into(supported);
    if (supported >= *rules.yearly_quota) {
      return Error::of(ErrorKind::conflict, "company_quota_reached",
                       "L'entreprise a déjà soutenu " + std::to_string(supported) +
                           " demandes cette année, son quota annuel (" +
                           std::to_string(*rules.yearly_quota) + ").");
    }
  }
  return std::nullopt;
}

Result<nlohmann::json> RequestService::company_employees(const std::string& organisation_id) {
  return database_.read([&](soci::session& sql) -> Result<nlohmann::json> {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& [request, email] : load_company_requests(sql, organisation_id)) {
      // Level 1, or no consent given yet: the applicant does not exist for the company.
      if (!request.consent_level || *request.consent_level < 2) continue;
      if (*request.consent_level == 2) {
        items.push_back(level2_json(request, email));
        continue;
      }
      nlohmann::json whole = to_json(request);
      whole["requestId"] = request.id;
      whole["consentLevel"] = 3;
      whole["email"] = email;
      nlohmann::json history = nlohmann::json::array();
      soci::rowset<soci::row> rows =
          (sql.prepare
               << "SELECT id, offer_id, state, step, applied_at, updated_at FROM applications"
                  " WHERE request_id = :id ORDER BY applied_at",
           soci::use(request.id));
      for (const auto& r : rows) {
        history.push_back({{"id", r.get<std::string>(0)},
                           {"offerId", r.get<std::string>(1)},
                           {"state", r.get<std::string>(2)},
                           {"step", r.get<int>(3)},
                           {"appliedAt", format_utc(r.get<long long>(4))},
                           {"updatedAt", format_utc(r.get<long long>(5))}});
      }
      whole["applications"] = std::move(history);
      items.push_back(std::move(whole));
    }
    return nlohmann::json{{"items", items}};
  });
}

}  // namespace alin::requests
