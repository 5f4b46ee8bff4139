#pragma once
// The rules' inputs in their normal form, as plain structs: every optional field filled with its
// default and every literal one of the allowed ones (kernel/src/rules/input.hpp reads and checks
// them from JSON). Candidate sets hold them in this form rather than as JSON: the five largest
// departments' households took 431 MB instead of 1.23 GB (docs/PERFORMANCE.md, session 11).
#include <optional>
#include <string>
#include <vector>

namespace alin::rules {

struct HouseholdInput {
  struct Member {
    const char* role = "";  // one of the allowed literals ("" when invalid)
    std::string birth_date;
    bool disabled = false;
  };
  struct Employment {
    long long employees = 0;
    const char* sector = "nonAgricultural";
    bool pseec_rights_left = false;
    bool pre_retired = false;
    const char* contribution = nullptr;  // absent when nullptr
  };
  struct Recognition {
    const char* kind = "";
    std::string valid_until;
  };
  std::vector<Member> members;
  const char* couple_status = "none";
  long long tax_income_n2 = 0;
  std::optional<long long> tax_income_n1;
  long long monthly_resources = 0;
  long long housing_benefit = 0;
  std::vector<std::string> priority_flags;
  std::optional<Employment> employment;
  std::optional<Recognition> recognition;
};

struct OfferInput {
  std::string id;
  std::string programme;
  const char* kind = "classic";
  const char* financing = "";
  long long typology = 1;
  long long rent = 0;
  long long charges = 0;
  std::string commune;
  const char* pli_zone = nullptr;  // PLI offers only
};

}  // namespace alin::rules
