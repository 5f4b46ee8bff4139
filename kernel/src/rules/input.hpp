#pragma once
// Checks and normalises the inputs of the rules before any Lua runs: a bad field is a FieldError
// with its JSON path, a code and a French message, never a crash nor a rule error. The normal form
// has every optional field filled with its default, so the rules need not test for absence.
//
// Households and offers are read into plain structs (no JSON built on the way), which are pushed
// straight into Lua as tables for a decision or a bulk call, and kept in that form by the candidate
// sets; their JSON form is for the test tables, and pushes into Lua as the same tables.
#include <lua.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "alin/rules/inputs.hpp"
#include "alin/util/error.hpp"

namespace alin::rules {

// Each appends its problems to `errors` (paths prefixed with `path`) and fills the normal form;
// false when the input is not even an object.
bool read_household(const nlohmann::json& in, const std::string& path,
                    std::vector<FieldError>& errors, HouseholdInput& out);
bool read_offer(const nlohmann::json& in, const std::string& path, std::vector<FieldError>& errors,
                OfferInput& out);

// Both inputs of one decision, as the two above, their objects' fields gathered in one walk of
// both: read cold (held in memory among many, as the rules' bench does), they cost the cache
// misses of the longer walk rather than of both in turn.
void read_inputs(const nlohmann::json& household, const std::string& household_path,
                 const nlohmann::json& offer, const std::string& offer_path,
                 std::vector<FieldError>& errors, HouseholdInput& h, OfferInput& o);

// The normal forms as JSON.
nlohmann::json to_json(const HouseholdInput& household);
nlohmann::json to_json(const OfferInput& offer);

// The normal forms as Lua tables, the same tables push_json makes of their JSON.
void push_input(lua_State* L, const HouseholdInput& household);
void push_input(lua_State* L, const OfferInput& offer);

// Each appends its problems to `errors` (paths prefixed with `path`) and returns the normal form.
nlohmann::json normalise_household(const nlohmann::json& in, const std::string& path,
                                   std::vector<FieldError>& errors);
nlohmann::json normalise_offer(const nlohmann::json& in, const std::string& path,
                               std::vector<FieldError>& errors);
nlohmann::json normalise_limits(const nlohmann::json& in, std::vector<FieldError>& errors);
nlohmann::json normalise_ranking(const nlohmann::json& in, std::vector<FieldError>& errors);

Error invalid_input(std::vector<FieldError> errors);

}  // namespace alin::rules
