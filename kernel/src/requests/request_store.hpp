#pragma once
// Reading and writing a housing request's rows (housing_requests and the tables hanging from it)
// inside the caller's transaction.
#include <soci/soci.h>

#include <optional>
#include <string>

#include "alin/requests/request_details_cache.hpp"
#include "alin/requests/request_service.hpp"
#include "alin/sdk/company_policy.hpp"
#include "alin/sdk/department_site.hpp"

namespace alin::requests {

// The account's request. With a cache (from Database::read only: see request_details_cache.hpp),
// the rows hanging from it are read only when its details_revision has moved.
std::optional<HousingRequest> load_request(soci::session& sql, const std::string& account_id,
                                           RequestDetailsCache* cache = nullptr);
// Every request attached to a company (employments.company_id), with their account's email.
std::vector<std::pair<HousingRequest, std::string>> load_company_requests(
    soci::session& sql, const std::string& company_id);

// Inserts a new request from the site's data; returns its id.
std::string insert_request(soci::session& sql, const std::string& account_id,
                           const sdk::Imported& imported, const std::string& department,
                           const std::string& plugin, UnixSeconds now);
// Replaces what the site owns (household, incomes, towns, employer) with a fresh reading; keeps
// what the platform owns (employment form, consent, documents, state).
void update_from_site(soci::session& sql, const std::string& request_id,
                      const sdk::SiteRequest& site, UnixSeconds now);

// The partner company with this SIRET, or "".
std::string company_by_siret(soci::session& sql, const std::string& siret);

// A company's record; nullopt when there is no such organisation.
std::optional<CompanyRecord> load_company(soci::session& sql, const std::string& company_id);

}  // namespace alin::requests
