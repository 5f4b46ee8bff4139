#pragma once
// What an active applicant sees of the offers (RULES.md §4; API.md "Offers and applications"):
// only the eligible ones, in three tabs — the requested towns (widened by a radius), their
// neighbouring towns, the rest of their departments — each with its count, filtered and paged;
// an offer's detail with the applicant's position and similar offers; and why any offer is or is
// not open to them, with the rules' reasons and figures.
//
// Eligibility is the rules engine's bulk verdict of the household against a department's
// published offers, a candidate set kept in memory per department, rebuilt when OfferService's
// version moves (after a publish or change commits), when the offer workflow moves an offer
// (closing), on a new day, and at most every `max_age` seconds (changes made by another host). The
// eligible-applicant count of an offer is the bulk verdict of the offer against the department's
// active households, kept the same way and read again past `households_max_age`. The applicant's
// request is read at every call, the rows hanging from it (household, documents…) kept in memory
// while its revision stands (alin/requests/request_details_cache.hpp).
#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "alin/geo/geography.hpp"
#include "alin/offers/offer_service.hpp"
#include "alin/plugins/plugin_registry.hpp"
#include "alin/requests/request_details_cache.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/error.hpp"
#include "alin/workflow/engine.hpp"

namespace alin::offers {

struct OfferQuery {
  std::string tab = "requested";  // requested | neighbouring | department
  int radius_km = 0;              // 0–100: widens the requested towns
  std::optional<int> rooms;       // the typology, T1…T6
  std::string housing;            // "" | house | flat
  std::optional<bool> reduced_mobility;
  std::optional<int> min_rent, max_rent;  // rent + charges, € per month
  int page = 1;
  int page_size = 20;
};

// An offer of a listing as its department's offers set holds it: the offer, and its API JSON
// (OfferService::to_json) rendered once per set, which a listing's page then only copies.
struct ListedOffer {
  const Offer* offer;
  const std::string* json;
};

struct OfferListing {
  std::vector<ListedOffer> items;  // point into `sets`
  std::vector<std::shared_ptr<const void>> sets;
  int total = 0;  // in the tab asked
  int requested = 0, neighbouring = 0, department = 0;
  int page = 1, page_size = 20;
  std::string rule_set_version;
};

struct Position {
  std::optional<int> rank;  // among the live applications, when the applicant applied
  int eligible_applicants = 0;
};

struct OfferDetail {
  Offer offer;
  const std::string* offer_json = nullptr;  // its API JSON from its set, when published; in `sets`
  Position position;
  std::vector<ListedOffer> similar;  // point into `sets`
  std::vector<std::shared_ptr<const void>> sets;
};

class ApplicantOffers {
 public:
  ~ApplicantOffers();
  ApplicantOffers(store::Database& database, const Clock& clock, const rules::RuleEngine& rules,
                  std::shared_ptr<const geo::Geography> geography, const OfferService& offers,
                  const plugins::PluginRegistry* plugins, UnixSeconds max_age = 30,
                  UnixSeconds households_max_age = 600);

  // Rebuilds a department's offers whenever the offer workflow moves one of its offers.
  void wire(workflow::Engine& workflows);

  Result<OfferListing> list(const std::string& account_id, const OfferQuery& query);
  Result<OfferDetail> detail(const std::string& account_id, const std::string& offer_id);
  // For any offer, visible or not: the decision with its reasons and figures, as the JSON text
  // of to_json(Decision) (RuleEngine::evaluate_json: written once, sent as it is).
  Result<std::string> eligibility(const std::string& account_id, const std::string& offer_id);
  // How many active requests of the offer's department are eligible for it.
  Result<int> eligible_applicants(const Offer& offer);
  // The department's active households as the rules read them: the set those counts run over
  // (kept in memory, reloaded in the background past its age).
  Result<std::shared_ptr<const rules::CandidateSet>> active_households(
      const std::string& department);
  // The id of the offers set in memory for a department, 0 when none (for tests and metrics).
  std::uint64_t offers_set_id(const std::string& department);

 private:
  struct DepartmentOffers {
    std::vector<Offer> offers;
    // What a listing reads of each offer to filter and classify it, packed: the scan of a
    // department's eligible offers then reads 12 bytes of each, not the offer (a cache miss).
    struct Facts {
      std::uint32_t town;  // Geography::index_of, or kNoTown
      std::int32_t total_rent;
      std::uint8_t typology;
      bool house, reduced_mobility;
    };
    static constexpr std::uint32_t kNoTown = 0xffffffff;
    std::vector<Facts> facts;                              // each offer's
    std::shared_ptr<const std::vector<std::string>> json;  // each offer's, for the listings
    // Each offer's position by its id, for the details.
    std::shared_ptr<const std::unordered_map<std::string, std::uint32_t>> position_of;
    std::shared_ptr<const rules::CandidateSet> set;
    std::uint64_t generation = 0;      // of the offer workflow's transitions seen
    std::uint64_t offers_version = 0;  // OfferService::version() when read
    UnixSeconds loaded_at = 0;
    std::string today;
  };
  struct DepartmentHouseholds {
    std::shared_ptr<const rules::CandidateSet> set;
    std::string digest;  // of the households read (BLAKE2b), to keep the set when unchanged
    UnixSeconds loaded_at = 0;
  };

  Result<std::shared_ptr<const DepartmentOffers>> offers_of(const std::string& department);
  // Reads a department's published offers; `previous`'s set is kept when they are unchanged.
  Result<std::shared_ptr<const DepartmentOffers>> build_offers(
      const std::string& department, std::uint64_t generation, std::uint64_t offers_version,
      const std::string& today, std::shared_ptr<const DepartmentOffers> previous);
  std::shared_ptr<const DepartmentOffers> keep_offers(const std::string& department,
                                                      std::shared_ptr<DepartmentOffers> built);
  // The kept set that publishes the offer, or null (closed, withdrawn, department not read yet).
  std::shared_ptr<const DepartmentOffers> set_publishing(const std::string& offer_id);
  Result<std::shared_ptr<const DepartmentHouseholds>> households_of(const std::string& department);
  Result<std::shared_ptr<const DepartmentHouseholds>> build_households(
      const std::string& department);
  struct LoadedHouseholds {
    std::vector<nlohmann::json> households;  // in the rules' shape
    std::string digest;                      // BLAKE2b of every value read
  };
  LoadedHouseholds load_households(const std::string& department) const;
  // Runs `reload` on a background task unless `what` ("offers of 75") is being reloaded already;
  // a failure is logged and the old set serves on. Called with mutex_ held.
  void reload_in_background(const std::string& what, std::function<void()> reload);
  // The household's bulk verdicts over a department's offers, kept per household, set and day.
  // `household_text` is household.dump(), written once by a caller that asks several sets.
  Result<std::shared_ptr<const rules::BulkVerdicts>> eligible_in(const DepartmentOffers& department,
                                                                 const nlohmann::json& household,
                                                                 const std::string& household_text,
                                                                 const std::string& today);

  store::Database& database_;
  const plugins::PluginRegistry* plugins_;  // the company policies; null in tools
  const Clock& clock_;
  const rules::RuleEngine& rules_;
  std::shared_ptr<const geo::Geography> geography_;
  const OfferService& offers_;
  UnixSeconds max_age_;             // of an offers set
  UnixSeconds households_max_age_;  // of a households set: seconds of CPU to read at national size
  std::atomic<std::uint64_t> generation_{1};
  // Guards the members below but request_details_, which locks itself (the sets are immutable).
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const DepartmentOffers>> offers_by_department_;
  // The department of each offer in those sets: an offer's detail is then read from its set.
  std::unordered_map<std::string, std::string> department_of_offer_;
  std::map<std::string, std::shared_ptr<const DepartmentHouseholds>> households_by_department_;
  std::set<std::string> reloading_;  // the sets being reloaded: "offers of 75", "households of 75"
  std::map<std::string, std::pair<std::uint64_t, int>> counts_;  // offer → (households set, count)
  std::vector<std::future<void>> refreshes_;  // background reloads, awaited at destruction
  // The applicants' requests as their last listing read them, checked against the database's
  // revision at each read.
  requests::RequestDetailsCache request_details_;
  static constexpr std::size_t kMaxKeptVerdicts = 4096;
  std::unordered_map<std::string, std::shared_ptr<const rules::BulkVerdicts>> verdicts_;
};

// The offer as the rules read it.
nlohmann::json rules_offer(const Offer& offer);

}  // namespace alin::offers
