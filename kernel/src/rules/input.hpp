#pragma once
// Checks and normalises the inputs of the rules before any Lua runs: a bad field is a FieldError
// with its JSON path, a code and a French message, never a crash nor a rule error. The normalised
// JSON has every optional field filled with its default, so the rules need not test for absence.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "alin/util/error.hpp"

namespace alin::rules {

// Each appends its problems to `errors` (paths prefixed with `path`) and returns the normal form.
nlohmann::json normalise_household(const nlohmann::json& in, const std::string& path,
                                   std::vector<FieldError>& errors);
nlohmann::json normalise_offer(const nlohmann::json& in, const std::string& path,
                               std::vector<FieldError>& errors);
nlohmann::json normalise_limits(const nlohmann::json& in, std::vector<FieldError>& errors);
nlohmann::json normalise_ranking(const nlohmann::json& in, std::vector<FieldError>& errors);

Error invalid_input(std::vector<FieldError> errors);

}  // namespace alin::rules
