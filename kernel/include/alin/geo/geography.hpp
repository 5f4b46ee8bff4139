#pragma once
// The French communes (COG 2026, metropolitan), their centres and their borders, held in memory:
// 35,000 communes and 200,000 adjacency pairs load in a fraction of a second and every offer
// search reads them, so they are not worth a database round trip.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace alin::geo {

struct Commune {
  std::string insee;  // INSEE code, a string: "01001", "2A004", "75056"
  std::string name;
  std::string department;  // "29", "2A"
  std::string region;      // INSEE region code, "11" for Île-de-France
  long population = 0;
  double lat = 0, lon = 0;
  bool arrondissement = false;  // one of Paris' 20 arrondissements (75101–75120)
};

class Geography {
 public:
  // Reads communes.csv, neighbours.csv, departments.csv and regions.csv from `directory`.
  // Throws std::runtime_error naming the file and line of any malformed row.
  static std::shared_ptr<const Geography> load(const std::string& directory);

  const Commune* find(std::string_view insee) const;
  // Communes sharing a border with `insee` (empty for an unknown code).
  const std::vector<const Commune*>& neighbours(std::string_view insee) const;
  const std::vector<const Commune*>& in_department(std::string_view department) const;
  // Communes whose centre lies within `km` of `centre`'s, `centre` included.
  std::vector<const Commune*> within(const Commune& centre, double km) const;
  std::optional<std::string> department_name(std::string_view code) const;
  std::optional<std::string> region_name(std::string_view code) const;
  // The department codes of a region ("11" → 75, 77, 78, 91, 92, 93, 94, 95), sorted.
  const std::vector<std::string>& departments_of_region(std::string_view region) const;
  std::size_t size() const { return communes_.size(); }
  // A dense index of one of this geography's communes, from 0 to size() − 1: for tables by town.
  std::uint32_t index_of(const Commune& commune) const {
    return static_cast<std::uint32_t>(&commune - communes_.data());
  }

  // Great-circle distance between two points, in kilometres.
  static double distance_km(double lat1, double lon1, double lat2, double lon2);

 private:
  std::vector<Commune> communes_;
  std::unordered_map<std::string_view, std::size_t> by_insee_;
  std::unordered_map<std::string_view, std::vector<const Commune*>> neighbours_;
  std::unordered_map<std::string, std::vector<const Commune*>> by_department_;
  std::unordered_map<std::string, std::string> department_names_;
  std::unordered_map<std::string, std::string> region_names_;
  std::unordered_map<std::string, std::vector<std::string>> region_departments_;
};

}  // namespace alin::geo
