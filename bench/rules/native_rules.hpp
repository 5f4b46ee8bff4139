#pragma once
// The eligibility rules of rules/*.lua written again by hand in C++, from the same data files, to
// measure what the Lua layer costs. Verdicts only.
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bench {

struct NativeHousehold {
  int category, persons, typ_lo, typ_hi;
  long long income, resources;
};

struct NativeOffers {                                    // columns, like the Lua sets
  std::vector<const std::array<long long, 8>*> ceiling;  // [k] for k = 1..6, [7] per extra
  std::vector<int> typology;
  std::vector<double> need;
};

class NativeRules {
 public:
  NativeRules(const std::string& rules_dir, const std::string& as_of);
  NativeHousehold prepare(const nlohmann::json& h) const;
  NativeOffers prepare(const std::vector<nlohmann::json>& offers) const;
  // Positions of the eligible offers.
  void offers_for(const NativeHousehold& h, const NativeOffers& o,
                  std::vector<std::uint32_t>& out) const;
  void households_for(const nlohmann::json& offer, const std::vector<NativeHousehold>& hs,
                      std::vector<std::uint32_t>& out) const;

 private:
  const std::array<long long, 8>* row(const std::string& financing, const std::string& zone) const;
  std::string zone(const std::string& insee) const;
  static long long ceiling_of(const std::array<long long, 8>& row, int category) {
    return category <= 6 ? row[category] : row[6] + (category - 6) * row[7];
  }

  std::string as_of_;
  int year_, month_, day_;
  double factor_;
  long long drop_percent_, age_sum_max_;
  bool short_term_ceilings_;
  std::map<std::pair<std::string, std::string>, std::map<int, std::array<long long, 8>>> ceilings_;
  std::map<std::string, std::string> commune_zone_, department_zone_;
  std::map<int, std::pair<int, int>> typology_;
  std::array<long long, 8> not_applicable_, unknown_;
};

}  // namespace bench
