#include "alin/requests/request_service.hpp"

namespace alin::requests {

nlohmann::json to_json(const HousingRequest& q) {
  using nlohmann::json;
  json members = json::array();
  for (const auto& m : q.members) {
    members.push_back({{"role", m.role},
                       {"title", m.title},
                       {"lastName", m.last_name},
                       {"firstName", m.first_name},
                       {"birthDate", m.birth_date},
                       {"disabled", m.disabled}});
  }
  json household = {{"members", members},
                    {"coupleStatus", q.couple_status},
                    {"taxIncomeN2", q.tax_income_n2},
                    {"monthlyResources", q.monthly_resources},
                    {"housingBenefit", q.housing_benefit},
                    {"wantedCommunes", q.wanted_communes},
                    {"priorityFlags", json::array()}};
  if (q.tax_income_n1) household["taxIncomeN1"] = *q.tax_income_n1;
  json out = {{"id", q.id},
              {"uniqueNumber", q.unique_number},
              {"department", q.department},
              {"registrationSite", q.plugin},
              {"state", q.state},
              {"email", q.site_email},
              {"household", household},
              {"currentTown", q.current_town},
              {"registeredOn", q.registered_on},
              {"renewalDue", q.renewal_due},
              {"importedAt", format_utc(q.imported_at)},
              {"refreshedAt", q.refreshed_at ? json(format_utc(*q.refreshed_at)) : json(nullptr)},
              {"consent", q.consent_level ? json({{"level", *q.consent_level}}) : json(nullptr)}};
  if (q.employment) {
    const Employment& e = *q.employment;
    out["employment"] = {
        {"employerName", e.employer_name},
        {"employerSiret", e.employer_siret},
        {"companyId", e.company_id.empty() ? json(nullptr) : json(e.company_id)},
        {"companyName", e.company_name},
        {"companyCode", e.company_code.empty() ? json(nullptr) : json(e.company_code)},
        {"employeeNumber", e.employee_number.empty() ? json(nullptr) : json(e.employee_number)},
        {"hireDate", e.hire_date.empty() ? json(nullptr) : json(e.hire_date)},
        {"cdii", e.cdii},
        {"attachTo", e.attach_to},
        {"severalEmployers", e.several_employers},
        {"workplacePostcode", e.workplace_postcode},
        {"workplaceTown", e.workplace_town}};
  } else {
    out["employment"] = nullptr;
  }
  json documents = json::array();
  json missing = json::array();
  for (const auto& d : q.documents) {
    documents.push_back(
        {{"kind", d.kind},
         {"category", d.category},
         {"socle", d.socle},
         {"required", true},
         {"confirmed", d.confirmed_at.has_value()},
         {"validUntil", d.valid_until.empty() ? json(nullptr) : json(d.valid_until)}});
    if (!d.confirmed_at) missing.push_back("documents." + d.kind);
  }
  if (!q.employment || q.employment->employer_name.empty())
    missing.push_back("employment.employerName");
  if (!q.consent_level) missing.push_back("consent");
  out["documents"] = documents;
  out["missing"] = missing;
  return out;
}

nlohmann::json level2_json(const HousingRequest& q, const std::string& account_email) {
  // RULES.md §3, level 2: title, name, first name, birth date, email, employer name, employer
  // SIRET, several employers yes/no, workplace postcode and town, current town, wanted locations.
  const Member* applicant = q.members.empty() ? nullptr : &q.members.front();
  const Employment empty;
  const Employment& e = q.employment ? *q.employment : empty;
  return {{"requestId", q.id},
          {"consentLevel", 2},
          {"title", applicant ? applicant->title : ""},
          {"lastName", applicant ? applicant->last_name : ""},
          {"firstName", applicant ? applicant->first_name : ""},
          {"birthDate", applicant ? applicant->birth_date : ""},
          {"email", account_email},
          {"employerName", e.employer_name},
          {"employerSiret", e.employer_siret},
          {"severalEmployers", e.several_employers},
          {"workplacePostcode", e.workplace_postcode},
          {"workplaceTown", e.workplace_town},
          {"currentTown", q.current_town},
          {"wantedCommunes", q.wanted_communes}};
}

}  // namespace alin::requests
