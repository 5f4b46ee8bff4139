#pragma once
#include <map>
#include <string>
#include <vector>

#include "server/services.hpp"

namespace alin::host {

// Publishes `count` realistic offers over the real communes of Paris, Île-de-France and
// Finistère, towns drawn by population, each by one of the landlords of the town's region
// (region code → landlord ids). Deterministic (a fixed seed), so the demo walk-through finds the
// same offers every time. Does nothing if offers already exist.
void generate_demo_offers(
    Services& services, const std::map<std::string, std::vector<std::string>>& landlords_by_region,
    int count);

}  // namespace alin::host
