#pragma once
// The Imhoweb wire format (the local sites of Brittany, Finistère's demandelogement29.fr among
// them): form-encoded requests; JSON replies always HTTP 200 with {"STATUT":"OK"|"KO","MOTIF"}
// and upper-case fields, French dates (dd/mm/yyyy), amounts as text ("2 350,00"), household
// roles DEM/CJT/ENF/AUT, wanted towns as "29019;29232". Plain std + nlohmann: fuzzable alone.
#include <cstdint>
#include <string>

#include "alin/sdk/department_site.hpp"

namespace alin::finistere {

// A reply to the code request: {"STATUT":"OK","MAIL_MASQUE","VALIDITE":"22/11/2026 10:15"}.
sdk::Result<sdk::CodeSent> parse_code_reply(const std::string& json_text);
// A reply carrying a request: {"STATUT":"OK","JETON"?, "DEMANDE":{…}}; `token` gets JETON.
sdk::Result<sdk::SiteRequest> parse_request_reply(const std::string& json_text, std::string& token);
// "2 350,00" → 2350 (euros, rounded down); "28 400" → 28400; -1 when malformed.
long long parse_amount(const std::string& text);
// "12/03/1985" → "1985-03-12"; "" when malformed.
std::string parse_french_date(const std::string& text);
// "22/11/2026 10:15" (UTC) → Unix seconds; -1 when malformed.
std::int64_t parse_french_time(const std::string& text);

}  // namespace alin::finistere
