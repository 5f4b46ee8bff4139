#pragma once
// An offer: a dwelling a landlord publishes for a limited time (API.md "An offer"; RULES.md §4).
#include <optional>
#include <string>

#include "alin/util/clock.hpp"

namespace alin::offers {

struct Offer {
  std::string id;
  std::string landlord_id;
  std::string
      programme;  // the building programme: two applications on one typology of it are refused
  std::string reference;  // the landlord's own reference, unique per landlord
  std::string kind;       // classic | shortTermIdentified | shortTermType
  std::string financing;  // PLAI | PLUS | PLS | PLI
  std::string pli_zone;   // PLI only: A_bis | A | B1 | B2_C (its ceilings depend on it)
  int typology = 1;       // T1 … T6
  std::string housing;    // house | flat
  int surface = 0;        // m²
  int rent = 0;           // € per month, charges excluded
  int charges = 0;        // € per month
  std::string commune;    // INSEE code
  std::string department;
  std::string address;
  double lat = 0, lon = 0;
  std::optional<int> floor;
  bool reduced_mobility = false;
  std::string available_from;  // YYYY-MM-DD
  std::string deadline;        // YYYY-MM-DD, last day to apply
  bool showcase = false;       // shown to visitors
  std::string state;           // published | closed | allocated | withdrawn
  UnixSeconds created_at = 0;

  bool operator==(const Offer&) const = default;
};

}  // namespace alin::offers
