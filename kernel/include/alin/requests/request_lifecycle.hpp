#pragma once
// A request from its import to "active" (RULES.md §3; workflows/request.json): the supporting
// documents confirmed one by one with their validity, the submission that says precisely what is
// missing, the company's and the adviser's validations (either order), the yearly renewal. The
// request workflow follows every change: an instance starts at import, `complete` fires once the
// employment and the consent are given, `confirm_documents` once every document is, and any change
// to an active request is `activity` (the inactivity clock starts again).
#include <nlohmann/json.hpp>
#include <string>

#include "alin/requests/request_service.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"
#include "alin/workflow/engine.hpp"

namespace alin::requests {

// How long a confirmed document stays valid, by kind (T 2.1: payslips and rent receipts a month,
// the tax notice a year); 0 when it does not expire.
int validity_months(const std::string& kind);
// "2026-11-22" + n months, the day clamped to the month's last ("2026-01-31" + 1 → "2026-02-28").
std::string add_months(const std::string& date, int months);

class RequestLifecycle {
 public:
  RequestLifecycle(store::Database& database, const Clock& clock, workflow::Engine& workflows);

  // Mirrors the request workflow into housing_requests and makes `requests` report its changes.
  void wire(RequestService& requests);

  // In the caller's transaction: starts the request's instance if it has none, then moves it as
  // far as the request allows, as `actor`.
  Status follow(soci::session& sql, const HousingRequest& request, const workflow::Actor& actor);

  // A login: an active request's inactivity clock starts again; nothing for any other.
  Status touch(const std::string& account_id);

  // GET /me/request/documents: by category, with required, socle, confirmed, validUntil.
  Result<nlohmann::json> documents(const std::string& account_id);
  // PUT /me/request/documents/{kind} {confirmed}: unknown kind → not_found.
  Result<HousingRequest> confirm_document(const std::string& account_id, const std::string& kind,
                                          bool confirmed);
  // POST /me/request/submit: everything required, or the list of what is missing.
  Result<HousingRequest> submit(const std::string& account_id);
  // POST /me/request/renew: the yearly renewal of an active request.
  Result<HousingRequest> renew(const std::string& account_id);

  // POST /company/requests/{id}/validate|reject: one of the company's applicants who gave at
  // least consent level 2 (at level 1 the applicant does not exist for the company).
  Result<nlohmann::json> company_decide(const std::string& company_id, const std::string& user_id,
                                        const std::string& request_id, bool valid,
                                        const std::string& reason);
  // POST /adviser/requests/{id}/validate|reject.
  Result<nlohmann::json> adviser_decide(const std::string& adviser_id,
                                        const std::string& request_id, bool valid,
                                        const std::string& reason);
  // GET /adviser/requests?state=: the adviser's queue, oldest submission first.
  nlohmann::json queue(const std::string& state, int page, int page_size);

 private:
  Result<nlohmann::json> decide(const std::string& request_id, const workflow::Actor& actor,
                                bool valid, const std::string& reason,
                                const std::string& company_id);

  store::Database& database_;
  const Clock& clock_;
  workflow::Engine& workflows_;
  RequestService* requests_ = nullptr;  // set by wire(): the company policies live there
};

}  // namespace alin::requests
