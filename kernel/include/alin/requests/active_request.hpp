#pragma once
// What an applicant's request gives the offers and the applications: the household as the rules
// read it, and whether the request may see offers and apply now (RULES.md §3: validated by the
// company and by an adviser, supporting documents in date).
#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alin/plugins/plugin_registry.hpp"
#include "alin/requests/request_details_cache.hpp"
#include "alin/requests/request_service.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"

namespace alin::requests {

struct ActiveRequest {
  HousingRequest request;
  // API.md's household: members, coupleStatus, taxIncomeN2/N1, monthlyResources, housingBenefit,
  // wantedCommunes, priorityFlags, and employment {contribution, employees, sector} when the
  // employer is a partner company — what RuleEngine::evaluate reads.
  nlohmann::json household;
  bool documents_complete = false;  // every required document confirmed and in date
  bool socle_complete = false;      // the socle documents (identity, resources, tax notice)
};

// The account's request whatever its state, or nullopt. `cache`: see load_request's below.
std::optional<HousingRequest> load_request_of(soci::session& sql, const std::string& account_id,
                                              RequestDetailsCache* cache = nullptr);

// The household in the rules' shape, for any request (an adviser's "why" too). `plugins` answers
// for the company policies (PSEEC rights left: alin/requests/employer_facts.hpp); null in tools.
nlohmann::json household_for_rules(soci::session& sql, const HousingRequest& request,
                                   const plugins::PluginRegistry* plugins);

// The priority situations (CGU 13.6) as housing_requests.priority_flags stores them, one
// comma-separated text: "dalo,handicap" → {"dalo", "handicap"}; empty items are skipped.
std::vector<std::string> priority_flags_of(std::string_view stored);

// The reference tax income the rules retain (RULES.md §1; rules/income.lua): N−1 when it is at
// least `drop_percent` % lower than N−2, else N−2 — for the kernel's own uses (a company's local
// ceiling, what a landlord is sent), which must agree with the rules.
long long reference_tax_income(long long n2, std::optional<long long> n1, double drop_percent);

// That share as the rules read it: income_n1_drop_percent of rules/data/parameters.csv in force
// on the day of `now`; the arrêté's 10 % when `rules` is null or has no such row that day.
double n1_drop_percent(const rules::RuleEngine* rules, UnixSeconds now);

// The applicant's request when it is active. Otherwise: not_found "no_request" when there is none,
// conflict "request_not_active" whose field errors say precisely what is missing
// ("state": waiting for the company's validation…, "documents.payslips": expired on …).
// With a cache, the rows hanging from the request are read only when they changed; only inside a
// Database::read (alin/requests/request_details_cache.hpp says why).
Result<ActiveRequest> active_request(soci::session& sql, const std::string& account_id,
                                     UnixSeconds now, const plugins::PluginRegistry* plugins,
                                     RequestDetailsCache* cache = nullptr);

}  // namespace alin::requests
