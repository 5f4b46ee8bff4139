#include "server/demo_offers.hpp"

#include <array>
#include <random>

namespace alin::host {
namespace {

constexpr std::array kStreets = {
    "rue de la République",    "avenue Jean Jaurès", "rue Victor Hugo",    "rue Pasteur",
    "boulevard Gambetta",      "rue des Écoles",     "allée des Tilleuls", "rue de Brest",
    "quai de la Seine",        "rue Jules Ferry",    "place de la Mairie", "rue du Port",
    "avenue de la Libération", "rue Émile Zola",     "chemin des Vignes"};
constexpr std::array kProgrammes = {"Les Jardins", "Le Clos",   "Résidence", "Les Terrasses",
                                    "Le Hameau",   "Les Quais", "Le Parc",   "Les Rives"};
constexpr std::array kDepartments = {"75", "92", "93", "94", "77", "78", "91", "95", "29"};

// € per m² per month, charges excluded, by financing: indicative social-housing levels.
int rent_per_m2(const std::string& financing, bool paris_area) {
  const int base = financing == "PLAI" ? 6 : financing == "PLUS" ? 7 : financing == "PLS" ? 10 : 14;
  return paris_area ? base + 3 : base;
}

}  // namespace

void generate_demo_offers(
    Services& services, const std::map<std::string, std::vector<std::string>>& landlords_by_region,
    int count) {
  const int existing = services.database->read([](soci::session& sql) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM offers", soci::into(n);
    return n;
  });
  if (existing > 0 || count <= 0) return;

  std::mt19937 random(20261122);
  const auto& geography = *services.geography;
  // Towns drawn in proportion to their population: Brest and Paris get many offers, hamlets few.
  std::vector<const geo::Commune*> towns;
  std::vector<double> weights;
  for (const char* department : kDepartments) {
    for (const geo::Commune* c : geography.in_department(department)) {
      if (c->insee == "75056") continue;  // Paris is offered by arrondissement
      towns.push_back(c);
      weights.push_back(static_cast<double>(c->population));
    }
  }
  std::discrete_distribution<std::size_t> pick_town(weights.begin(), weights.end());
  auto pick = [&](auto&& options, std::vector<double> w) {
    return options[std::discrete_distribution<std::size_t>(w.begin(), w.end())(random)];
  };

  const UnixSeconds now = services.clock->now();
  for (int i = 0; i < count; ++i) {
    const geo::Commune& town = *towns[pick_town(random)];
    offers::Offer offer;
    offer.kind = pick(std::array<const char*, 3>{"classic", "shortTermIdentified", "shortTermType"},
                      {80, 10, 10});
    offer.financing =
        pick(std::array<const char*, 4>{"PLAI", "PLUS", "PLS", "PLI"}, {20, 50, 20, 10});
    offer.typology =
        static_cast<int>(pick(std::array<int, 6>{1, 2, 3, 4, 5, 6}, {10, 25, 30, 22, 10, 3}));
    offer.housing = random() % 100 < (town.department == "75"   ? 2
                                      : town.department == "29" ? 35
                                                                : 12)
                        ? "house"
                        : "flat";
    offer.surface = 18 + offer.typology * 14 + static_cast<int>(random() % 12);
    const bool paris_area = town.region == "11";
    offer.rent =
        offer.surface * rent_per_m2(offer.financing, paris_area) + static_cast<int>(random() % 40);
    offer.charges = offer.surface * 3 / 2;
    offer.commune = town.insee;
    offer.department = town.department;
    offer.programme = std::string(kProgrammes[random() % kProgrammes.size()]) + " de " + town.name;
    offer.reference = "DEMO-" + town.department + "-" + std::to_string(1000 + i);
    offer.address = std::to_string(1 + random() % 120) + " " + kStreets[random() % kStreets.size()];
    // Spread around the town's centre (≈ ±800 m), so the map is not a stack of pins.
    offer.lat = town.lat + (static_cast<double>(random() % 1600) - 800.0) / 111000.0;
    offer.lon = town.lon + (static_cast<double>(random() % 1600) - 800.0) / 75000.0;
    if (offer.housing == "flat") offer.floor = static_cast<int>(random() % 8);
    // The PLI zone, indicatively: Paris and the inner ring A bis, the rest of Île-de-France A,
    // Finistère B2/C (the official zoning is by commune and is not in rules/data).
    if (offer.financing == "PLI") {
      const std::string& d = town.department;
      offer.pli_zone = d == "75" || d == "92" || d == "93" || d == "94" ? "A_bis"
                       : town.region == "11"                            ? "A"
                                                                        : "B2_C";
    }
    offer.reduced_mobility = random() % 100 < 15;
    offer.showcase = random() % 100 < 40;
    offer.available_from =
        format_utc(now + (30 + static_cast<long>(random() % 60)) * 86400).substr(0, 10);
    // Type offers stay published longer (CGU 11.22).
    const long window_days =
        (offer.kind == "shortTermType" ? 60 : 14) + static_cast<long>(random() % 30);
    offer.deadline = format_utc(now + window_days * 86400).substr(0, 10);
    const auto& landlords = landlords_by_region.at(town.region);
    auto published =
        services.offers->publish(landlords[static_cast<std::size_t>(i) % landlords.size()], offer);
    if (!published)
      throw std::runtime_error("demo offer " + offer.reference + ": " + published.error().title);
  }
}

}  // namespace alin::host
