#pragma once
// A department's registration site (RULES.md §3): asked to email an access code to the address it
// knows for a request, then to hand the request over for its unique number and that code, and
// later to refresh it. The site, not the platform, owns the code and its 24-hour validity.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alin/sdk/result.hpp"

namespace alin::sdk {

struct SitePerson {
  std::string role;   // "applicant" | "coApplicant" | "dependant" | "other"
  std::string title;  // "M." | "Mme" | "" (civilité)
  std::string last_name;
  std::string first_name;
  std::string birth_date;  // "1985-03-12"
  bool disabled = false;
};

// A housing request as the registration site knows it, in the platform's vocabulary: each plugin
// translates its site's wire format into this.
struct SiteRequest {
  std::string unique_number;
  std::string department;           // "29", "75", "2A"
  std::string email;                // where the site sends its codes
  std::string couple_status;        // "none" | "married" | "pacs" | "cohabiting"
  std::vector<SitePerson> members;  // the applicant first
  long long tax_income_n2 = 0;      // € per year, whole household
  std::optional<long long> tax_income_n1;
  long long monthly_resources = 0;           // € per month
  long long housing_benefit = 0;             // € per month
  std::vector<std::string> wanted_communes;  // INSEE codes
  std::string employer_siret;
  std::string employer_name;
  bool several_employers = false;
  std::string workplace_postcode;
  std::string workplace_town;
  std::string current_town;
  std::string registered_on;  // "2024-03-18": first filing
  std::string renewal_due;    // "2026-03-18": "" when unknown
};

struct CodeSent {
  std::string masked_email;     // "l***@e***.fr"
  std::int64_t expires_at = 0;  // Unix seconds, as the site says
};

// What the site hands over once the code is right: the request, and the token the platform keeps
// to refresh it later without a new code (RULES.md §3: "Update" is one click).
struct Imported {
  SiteRequest request;
  std::string refresh_token;
};

class DepartmentSite {
 public:
  virtual ~DepartmentSite() = default;

  // The public address applicants are sent to for `department` ("" when the plugin does not say).
  virtual std::string site_url(const std::string& department) const noexcept = 0;
  // Asks the site to email a fresh access code to the address it knows for `unique_number`.
  // Errors: not_found (unknown number), rate_limited, unavailable.
  virtual Result<CodeSent> send_access_code(const std::string& unique_number) noexcept = 0;
  // The request for its number and the emailed code. Errors: denied "wrong_code",
  // expired "code_expired", not_found, unavailable.
  virtual Result<Imported> fetch(const std::string& unique_number,
                                 const std::string& code) noexcept = 0;
  // Re-reads the request with the token fetch gave. Errors: denied "refresh_refused" (the token
  // is no longer valid: import again), not_found, unavailable.
  virtual Result<SiteRequest> refresh(const std::string& unique_number,
                                      const std::string& refresh_token) noexcept = 0;
};

}  // namespace alin::sdk
