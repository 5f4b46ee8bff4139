#include "alin/rules/candidate_set.hpp"

#include "rules/input.hpp"

namespace alin::rules {
namespace {
std::atomic<std::uint64_t> next_id{1};
}

CandidateSet::CandidateSet(Kind kind, std::vector<nlohmann::json> items)
    : kind_(kind), items_(std::move(items)), id_(next_id.fetch_add(1)) {}

Result<std::shared_ptr<const CandidateSet>> CandidateSet::offers(
    const std::vector<nlohmann::json>& offers) {
  std::vector<FieldError> errors;
  std::vector<nlohmann::json> items;
  items.reserve(offers.size());
  for (std::size_t i = 0; i < offers.size(); ++i) {
    items.push_back(normalise_offer(offers[i], "offers[" + std::to_string(i) + "]", errors));
    if (errors.size() > 50) break;
  }
  if (!errors.empty()) return invalid_input(std::move(errors));
  return std::make_shared<const CandidateSet>(Kind::offers, std::move(items));
}

Result<std::shared_ptr<const CandidateSet>> CandidateSet::households(
    const std::vector<nlohmann::json>& households) {
  std::vector<FieldError> errors;
  std::vector<nlohmann::json> items;
  items.reserve(households.size());
  for (std::size_t i = 0; i < households.size(); ++i) {
    items.push_back(
        normalise_household(households[i], "households[" + std::to_string(i) + "]", errors));
    if (errors.size() > 50) break;
  }
  if (!errors.empty()) return invalid_input(std::move(errors));
  return std::make_shared<const CandidateSet>(Kind::households, std::move(items));
}

}  // namespace alin::rules
