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
  std::size_t size() const { return items_.size(); }
  std::uint64_t id() const { return id_; }                             // unique in the process
  const std::vector<nlohmann::json>& items() const { return items_; }  // normalised inputs

  CandidateSet(Kind kind, std::vector<nlohmann::json> items);

 private:
  Kind kind_;
  std::vector<nlohmann::json> items_;
  std::uint64_t id_;
};

}  // namespace alin::rules
