#pragma once
// The applicant's housing request (RULES.md §3; API.md "The applicant's request"): imported from
// its registration site by unique number and emailed code, refreshed, deleted; completed on the
// platform with the employment and the consent level the company's policy offers; seen by the
// company field by field according to that consent. One use case per function; the registration
// site and the company policy are plugins (alin/sdk/).
//
// The imported request enters the state "imported"; the request workflow takes it from there
// (wired by the host, not here).
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "alin/plugins/plugin_registry.hpp"
#include "alin/requests/registration_sites.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/sdk/company_policy.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"

namespace alin::requests {

struct RequestsConfig {
  int max_codes_per_number = 5;     // codes asked for one unique number per window
  int max_failures_per_number = 5;  // wrong codes (and identity mismatches) per window
  UnixSeconds attempt_window = 24 * 3600;
  UnixSeconds code_validity = 24 * 3600;  // when the site does not say
  // The served rules, whose parameters (rehousing_delay_months, T 11.3) the import reads in
  // force on the day; null in tools and tests without rules (the terms' 12 months then).
  const rules::RuleEngine* rules = nullptr;
};

struct Member {
  std::string role, title, last_name, first_name, birth_date;
  bool disabled = false;
};

struct Employment {
  std::string employer_name, employer_siret;
  std::string company_id, company_name;  // "" when the employer is not a partner company
  std::string company_code, employee_number, hire_date;
  bool cdii = false;
  std::string attach_to = "applicant";
  bool several_employers = false;
  std::string workplace_postcode, workplace_town;
};

// The partner company an employment points at, as the platform records it (organisations): what
// its policy sees of it (sdk::Company), its sector, and the name of its policy ("" or "default":
// the platform's own).
struct CompanyRecord {
  sdk::Company company;
  bool agricultural = false;
  std::string policy;
};

struct Document {
  std::string kind, category;
  bool socle = false;
  std::optional<UnixSeconds> confirmed_at;
  std::string valid_until;
};

struct HousingRequest {
  std::string id, account_id, unique_number, department, state, plugin;
  std::string site_email, couple_status, current_town, registered_on, renewal_due;
  std::vector<Member> members;
  long long tax_income_n2 = 0;
  std::optional<long long> tax_income_n1;
  long long monthly_resources = 0, housing_benefit = 0;
  std::vector<std::string> wanted_communes;
  std::optional<Employment> employment;
  std::optional<int> consent_level;
  std::vector<Document> documents;
  UnixSeconds imported_at = 0;
  std::optional<UnixSeconds> refreshed_at;
  std::vector<std::string> priority_flags;  // the priority situations (CGU 13.6) on record
  // The employment's partner company, read with the request where it is read for the rules
  // (load_request); empty elsewhere, and when the employer is not a partner.
  std::optional<CompanyRecord> employer;
  std::vector<std::string>
      missing;  // what the applicant still has to give: "consent", "documents.identity"…
};

struct ImportStarted {
  std::string masked_email;
  UnixSeconds expires_at = 0;
  std::string department, plugin;
};

struct EmploymentInput {
  std::string employer_name;
  std::string employer_siret;  // only with attach_to "coApplicant": the co-applicant's employer
  std::string company_code, employee_number, hire_date;
  bool cdii = false;
  std::string attach_to = "applicant";
};

struct ConsentOption {
  int level = 1;
  std::string label, description;  // French
};
struct ConsentOptions {
  std::vector<ConsentOption> levels;  // those the company's policy offers
  std::optional<int> current;
  std::string company_name;  // "" when the employer is not a partner company
  bool access_code_required = false, employee_number_required = false, hire_date_required = false;
};

// Called inside the transaction of every change to a request (import, refresh, employment,
// consent): how the request workflow follows it (kernel/src/requests/request_lifecycle.cpp).
using RequestObserver = std::function<Status(soci::session& sql, const HousingRequest& request)>;

class RequestService {
 public:
  // Set once by the host before serving.
  void set_observer(RequestObserver observer) { observer_ = std::move(observer); }

  RequestService(store::Database& database, const Clock& clock,
                 const plugins::PluginRegistry& plugins,
                 std::shared_ptr<const RegistrationSites> sites, RequestsConfig config = {});

  // POST /me/request/import: checks the number's shape, finds the department's site and asks it
  // to email an access code to the address it knows; rate-limited per number.
  Result<ImportStarted> start_import(const std::string& account_id,
                                     const std::string& unique_number,
                                     const std::string& birth_date);
  // POST /me/request/import/confirm: fetches the request with the code, checks the identity
  // (last name, first name, birth date) and stores the household; state "imported".
  Result<HousingRequest> confirm_import(const std::string& account_id,
                                        const std::string& unique_number, const std::string& code);
  // POST /me/request/refresh: re-reads the site (changes are made there, never here).
  Result<HousingRequest> refresh(const std::string& account_id);
  // GET /me/request.
  Result<HousingRequest> get(const std::string& account_id);
  // DELETE /me/request: the request and everything hanging from it, to import again.
  Status remove(const std::string& account_id);
  // PUT /me/request/employment: checked against the company's policy (access code…).
  Result<HousingRequest> set_employment(const std::string& account_id,
                                        const EmploymentInput& input);
  // GET /me/request/consent-options.
  Result<ConsentOptions> consent_options(const std::string& account_id);
  // PUT /me/request/consent: one of the levels offered.
  Result<HousingRequest> set_consent(const std::string& account_id, int level);
  // In the caller's transaction: why the employer may not validate this request now under its
  // policy of today, or nullopt — unprocessable employment_incomplete when the policy asks for
  // the employee number or hire date the request lacks (each a field error), conflict
  // above_company_ceiling or company_quota_reached for its local income ceiling and yearly quota.
  std::optional<Error> company_validation_refusal(soci::session& sql, const HousingRequest& request,
                                                  UnixSeconds now);
  // GET /company/employees: the company's applicants, each filtered by its consent level.
  Result<nlohmann::json> company_employees(const std::string& organisation_id);

 private:
  struct Policy;
  Result<Policy> policy_for_company(soci::session& sql, const std::string& company_id);
  Result<std::shared_ptr<sdk::DepartmentSite>> site_for(const std::string& plugin);
  void record_attempt(const std::string& unique_number, const std::string& kind,
                      const std::string& account_id);
  std::optional<Error> check_attempts(const std::string& unique_number, const std::string& kind,
                                      int max);
  // T 11.3: housed less than rehousing_delay_months ago with the same household → recently_housed.
  std::optional<Error> recently_housed(soci::session& sql, const std::string& account_id,
                                       const sdk::SiteRequest& site, UnixSeconds now);

  store::Database& database_;
  const Clock& clock_;
  const plugins::PluginRegistry& plugins_;
  std::shared_ptr<const RegistrationSites> sites_;
  RequestsConfig config_;
  RequestObserver observer_;
  // The request as stored after a change, once the observer has followed it.
  Result<HousingRequest> observed(soci::session& sql, const std::string& account_id);
};

// The request in the API's shape (camelCase; the household as in API.md).
nlohmann::json to_json(const HousingRequest& request);
// Exactly the fields a company sees at consent level 2 (RULES.md §3).
nlohmann::json level2_json(const HousingRequest& request, const std::string& account_email);
// An SDK error as a kernel error (the plugin's French message kept).
Error from_plugin(const sdk::Error& error);

}  // namespace alin::requests
