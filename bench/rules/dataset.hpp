#pragma once
// A generated population over the real communes: applicants and offers placed by population,
// with plausible households, incomes, financings and rents. Deterministic for a given seed.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bench {

struct Dataset {
  std::vector<nlohmann::json> households;  // API shape
  std::vector<nlohmann::json> offers;      // API shape
  std::vector<std::string> household_department, offer_department;
  std::map<std::string, std::vector<std::size_t>> households_by_department, offers_by_department;
};

// Reads communes.csv from `communes_csv` and generates the population.
Dataset generate(const std::string& communes_csv, std::size_t households, std::size_t offers,
                 unsigned seed);

}  // namespace bench
