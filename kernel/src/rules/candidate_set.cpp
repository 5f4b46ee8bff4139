#include "alin/rules/candidate_set.hpp"

#include "rules/input.hpp"

namespace alin::rules {
namespace {
std::atomic<std::uint64_t> next_id{1};
}

CandidateSet::CandidateSet(std::vector<OfferInput> offers)
    : kind_(Kind::offers), offers_(std::move(offers)), id_(next_id.fetch_add(1)) {}

CandidateSet::CandidateSet(std::vector<HouseholdInput> households)
    : kind_(Kind::households), households_(std::move(households)), id_(next_id.fetch_add(1)) {}

Result<std::shared_ptr<const CandidateSet>> CandidateSet::offers(
    const std::vector<nlohmann::json>& offers) {
  std::vector<FieldError> errors;
  std::vector<OfferInput> items(offers.size());
  for (std::size_t i = 0; i < offers.size(); ++i) {
    read_offer(offers[i], "offers[" + std::to_string(i) + "]", errors, items[i]);
    if (errors.size() > 50) break;
  }
  if (!errors.empty()) return invalid_input(std::move(errors));
  return std::make_shared<const CandidateSet>(std::move(items));
}

Result<std::shared_ptr<const CandidateSet>> CandidateSet::households(
    const std::vector<nlohmann::json>& households) {
  std::vector<FieldError> errors;
  std::vector<HouseholdInput> items(households.size());
  for (std::size_t i = 0; i < households.size(); ++i) {
    read_household(households[i], "households[" + std::to_string(i) + "]", errors, items[i]);
    if (errors.size() > 50) break;
  }
  if (!errors.empty()) return invalid_input(std::move(errors));
  return std::make_shared<const CandidateSet>(std::move(items));
}

}  // namespace alin::rules
