#pragma once
// JSON values appended as text, byte for byte as the host serialises a nlohmann::json holding
// them (dump(-1, ' ', false, error_handler_t::replace): compact, UTF-8 kept, invalid bytes
// replaced). For answers made of values that are not in a JSON tree (a decision's reasons, read
// from Lua), where building the tree only to dump it would be most of the work.
#include <cstdint>
#include <string>
#include <string_view>

namespace alin::util {

// "text", escaped as nlohmann escapes it (\" \\ \b \f \n \r \t, other controls as \u00xx).
void append_json_string(std::string& out, std::string_view text);
void append_json_integer(std::string& out, std::int64_t value);
// Through nlohmann (its shortest round-trip form, null for NaN and infinities): rare in answers.
void append_json_number(std::string& out, double value);

}  // namespace alin::util
