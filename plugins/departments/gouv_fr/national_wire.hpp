#pragma once
// The national site's wire format (JSON, French field names): what the plugin reads from it and
// what the simulator serves. Plain std + nlohmann: the fuzz build compiles it alone.
#include <cstdint>
#include <string>

#include "alin/sdk/department_site.hpp"

namespace alin::gouv_fr {

// Reads a "demande" object (the body's "demande" member) into the platform's shape.
sdk::Result<sdk::SiteRequest> parse_request(const std::string& json_text);
// Reads the reply to a code request: {"destinataire", "expiration"}.
sdk::Result<sdk::CodeSent> parse_code_sent(const std::string& json_text);
// Reads an error body {"erreur":{"code","libelle"}} into an SDK error, given the HTTP status.
sdk::Error parse_error(int status, const std::string& json_text);
// "2026-11-22T10:15:00Z" → Unix seconds; -1 when malformed.
std::int64_t parse_iso_utc(const std::string& text);

}  // namespace alin::gouv_fr
