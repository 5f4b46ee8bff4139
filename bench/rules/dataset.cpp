#include "dataset.hpp"

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace bench {

using nlohmann::json;

namespace {

struct Commune {
  std::string insee, department;
  long population;
};

std::vector<Commune> read_communes(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Commune> out;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) f.push_back(field);
    if (f.size() < 8) continue;
    // Paris itself is represented by its arrondissements.
    if (f[0] == "75056") continue;
    out.push_back({f[0], f[2], std::stol(f[4])});
  }
  return out;
}

std::string date(int year, int month, int day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

}  // namespace

Dataset generate(const std::string& communes_csv, std::size_t household_count,
                 std::size_t offer_count, unsigned seed) {
  auto communes = read_communes(communes_csv);
  std::vector<double> weights;
  for (const auto& c : communes) weights.push_back(static_cast<double>(c.population) + 1.0);
  std::discrete_distribution<std::size_t> where(weights.begin(), weights.end());
  std::mt19937 random(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  Dataset d;
  for (std::size_t i = 0; i < household_count; ++i) {
    const Commune& c = communes[where(random)];
    int applicant_year = pick(1950, 2004);
    json members = json::array({{{"role", "applicant"},
                                 {"birthDate", date(applicant_year, pick(1, 12), pick(1, 28))},
                                 {"disabled", pick(0, 30) == 0}}});
    bool couple = pick(0, 1) == 1;
    if (couple) {
      members.push_back(
          {{"role", "coApplicant"},
           {"birthDate", date(applicant_year + pick(-4, 4), pick(1, 12), pick(1, 28))},
           {"disabled", pick(0, 30) == 0}});
    }
    int dependants = std::max(0, pick(-3, 4));
    for (int k = 0; k < dependants; ++k) {
      members.push_back({{"role", "dependant"},
                         {"birthDate", date(pick(2006, 2025), pick(1, 12), pick(1, 28))},
                         {"disabled", pick(0, 50) == 0}});
    }
    int persons = static_cast<int>(members.size());
    int n2 = pick(6000, 22000) * (couple ? 2 : 1) + 2500 * dependants;
    json h = {
        {"members", members},
        {"coupleStatus", couple ? "married" : "none"},
        {"taxIncomeN2", n2},
        {"monthlyResources", n2 / 12 + pick(-300, 600)},
        {"housingBenefit", pick(0, 3) == 0 ? pick(50, 300) * persons : 0},
        {"wantedCommunes", {c.insee}},
        {"employment",
         {{"contribution", "PEEC"}, {"employees", pick(5, 5000)}, {"sector", "nonAgricultural"}}}};
    if (pick(0, 3) == 0) h["taxIncomeN1"] = n2 * pick(70, 110) / 100;
    d.households_by_department[c.department].push_back(d.households.size());
    d.household_department.push_back(c.department);
    d.households.push_back(std::move(h));
  }
  const char* financings[] = {"PLAI", "PLUS", "PLUS", "PLUS", "PLS", "PLI"};
  const char* pli_zones[] = {"A_bis", "A", "B1", "B2_C"};
  for (std::size_t i = 0; i < offer_count; ++i) {
    const Commune& c = communes[where(random)];
    int typology = pick(1, 6);
    std::string financing = financings[pick(0, 5)];
    json o = {{"id", "o" + std::to_string(i)},
              {"programme", "P" + std::to_string(i / 8)},
              {"kind", pick(0, 9) == 0 ? (pick(0, 1) ? "shortTermIdentified" : "shortTermType")
                                       : "classic"},
              {"financing", financing},
              {"typology", typology},
              {"rent", 200 + typology * pick(60, 140)},
              {"charges", pick(20, 150)},
              {"commune", c.insee}};
    if (financing == "PLI") o["pliZone"] = pli_zones[pick(0, 3)];
    d.offers_by_department[c.department].push_back(d.offers.size());
    d.offer_department.push_back(c.department);
    d.offers.push_back(std::move(o));
  }
  return d;
}

}  // namespace bench
