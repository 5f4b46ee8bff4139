#pragma once
// A set of offers or of households, validated once and shared between threads, for bulk
// evaluation (one applicant × every offer of a department, one offer × every applicant of a
// department). Each Lua state turns it into compact columns the first time it meets it and keeps
// them, so no Lua table is built per pair.
#include <atomic>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "alin/rules/inputs.hpp"
#include "alin/util/error.hpp"

namespace alin::rules {

class CandidateSet {
 public:
  enum class Kind { offers, households };

  // Validates every item (field paths like "offers[12].rent" in the errors).
  static Result<std::shared_ptr<const CandidateSet>> offers(
      const std::vector<nlohmann::json>& offers);
  static Result<std::shared_ptr<const CandidateSet>> households(
      const std::vector<nlohmann::json>& households);

  Kind kind() const { return kind_; }
  std::size_t size() const { return kind_ == Kind::offers ? offers_.size() : households_.size(); }
  std::uint64_t id() const { return id_; }  // unique in the process
  // The items in their normal form, held as structs rather than JSON (a third of the memory), and
  // pushed into Lua without walking a JSON tree.
  const std::vector<OfferInput>& offer_items() const { return offers_; }
  const std::vector<HouseholdInput>& household_items() const { return households_; }

  explicit CandidateSet(std::vector<OfferInput> offers);
  explicit CandidateSet(std::vector<HouseholdInput> households);

 private:
  Kind kind_;
  std::vector<OfferInput> offers_;
  std::vector<HouseholdInput> households_;
  std::uint64_t id_;
};

}  // namespace alin::rules
