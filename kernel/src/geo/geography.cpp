#include "alin/geo/geography.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace alin::geo {
namespace {

// The reference CSVs are quoted nowhere (their README says so, and a quote is refused here).
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::string current;
  for (char c : line) {
    if (c == ',') {
      fields.push_back(std::move(current));
      current.clear();
    } else if (c != '\r') {
      current.push_back(c);
    }
  }
  fields.push_back(std::move(current));
  return fields;
}

template <typename Row>
void read_csv(const std::string& path, std::size_t columns, Row on_row) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);  // header
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    auto fields = split(line);
    if (fields.size() != columns || line.find('"') != std::string::npos) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected " +
                               std::to_string(columns) + " unquoted fields");
    }
    try {
      on_row(fields);
    } catch (const std::invalid_argument&) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": not a number");
    }
  }
}

const std::vector<const Commune*> kNone;

}  // namespace

std::shared_ptr<const Geography> Geography::load(const std::string& directory) {
  auto geography = std::make_shared<Geography>();
  auto& communes = geography->communes_;
  communes.reserve(35000);
  read_csv(directory + "/communes.csv", 8, [&](std::vector<std::string>& f) {
    Commune c{f[0],
              f[1],
              f[2],
              f[3],
              std::stol(f[4]),
              std::stod(f[5]),
              std::stod(f[6]),
              f[7] == "arrondissement"};
    communes.push_back(std::move(c));
  });
  // The vector is complete: pointers and views into it stay valid from here on.
  for (std::size_t i = 0; i < communes.size(); ++i) {
    geography->by_insee_.emplace(communes[i].insee, i);
    geography->by_department_[communes[i].department].push_back(&communes[i]);
  }
  read_csv(directory + "/neighbours.csv", 2, [&](std::vector<std::string>& f) {
    const Commune* a = geography->find(f[0]);
    const Commune* b = geography->find(f[1]);
    if (a == nullptr || b == nullptr)
      throw std::runtime_error("neighbours.csv names an unknown commune " + f[0] + "/" + f[1]);
    geography->neighbours_[a->insee].push_back(b);
  });
  read_csv(directory + "/departments.csv", 3, [&](std::vector<std::string>& f) {
    geography->department_names_[f[0]] = f[1];
    geography->region_departments_[f[2]].push_back(f[0]);
  });
  for (auto& [region, departments] : geography->region_departments_)
    std::sort(departments.begin(), departments.end());
  read_csv(directory + "/regions.csv", 2,
           [&](std::vector<std::string>& f) { geography->region_names_[f[0]] = f[1]; });
  return geography;
}

const std::vector<std::string>& Geography::departments_of_region(std::string_view region) const {
  static const std::vector<std::string> kNoDepartments;
  const auto it = region_departments_.find(std::string(region));
  return it == region_departments_.end() ? kNoDepartments : it->second;
}

const Commune* Geography::find(std::string_view insee) const {
  const auto it = by_insee_.find(insee);
  return it == by_insee_.end() ? nullptr : &communes_[it->second];
}

const std::vector<const Commune*>& Geography::neighbours(std::string_view insee) const {
  const auto it = neighbours_.find(insee);
  return it == neighbours_.end() ? kNone : it->second;
}

const std::vector<const Commune*>& Geography::in_department(std::string_view department) const {
  const auto it = by_department_.find(std::string(department));
  return it == by_department_.end() ? kNone : it->second;
}

std::vector<const Commune*> Geography::within(const Commune& centre, double km) const {
  std::vector<const Commune*> out;
  // A degree of latitude is ~111 km: a cheap box test first, the exact distance after.
  const double dlat = km / 111.0;
  for (const Commune& c : communes_) {
    if (std::abs(c.lat - centre.lat) > dlat) continue;
    if (distance_km(centre.lat, centre.lon, c.lat, c.lon) <= km) out.push_back(&c);
  }
  return out;
}

std::optional<std::string> Geography::department_name(std::string_view code) const {
  const auto it = department_names_.find(std::string(code));
  if (it == department_names_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Geography::region_name(std::string_view code) const {
  const auto it = region_names_.find(std::string(code));
  if (it == region_names_.end()) return std::nullopt;
  return it->second;
}

double Geography::distance_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace alin::geo
