#pragma once
// JSON as text, the way every answer is sent (the HTTP layer, built without the kernel, dumps the
// same way: a unit test holds the two together): dump_json, and writers of single values that give
// the same bytes for answers made of values that are not in a JSON tree (a decision's reasons,
// read from Lua), where building the tree only to dump it would be most of the work.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace alin::util {

// Compact, UTF-8 kept as it is, invalid bytes replaced by U+FFFD (never an exception: a text
// echoed from the input may be invalid).
std::string dump_json(const nlohmann::json& value);

// "text", escaped as nlohmann escapes it (\" \\ \b \f \n \r \t, other controls as \u00xx).
void append_json_string(std::string& out, std::string_view text);
void append_json_integer(std::string& out, std::int64_t value);
// Through nlohmann (its shortest round-trip form, null for NaN and infinities): rare in answers.
void append_json_number(std::string& out, double value);

}  // namespace alin::util
