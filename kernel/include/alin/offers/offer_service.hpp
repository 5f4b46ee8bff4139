#pragma once
// Landlords publish, extend and withdraw offers; visitors browse the showcase.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "alin/geo/geography.hpp"
#include "alin/offers/offer.hpp"
#include "alin/store/database.hpp"
#include "alin/util/error.hpp"

namespace alin::offers {

struct ShowcaseQuery {
  std::string region;      // INSEE region code, e.g. "11"
  std::string department;  // e.g. "29"
  std::string commune;     // INSEE code
  int page = 1;            // from 1
  int page_size = 20;
};

struct Page {
  std::vector<Offer> items;
  int total = 0;
  int page = 1;
  int page_size = 20;
};

// What a landlord may change on a published offer.
struct OfferChange {
  std::optional<std::string> deadline;  // extend (or shorten) the window
  std::optional<bool> showcase;
  bool withdraw = false;
};

// Called inside the transaction that publishes or changes an offer, with the event the offer
// workflow knows ("publish", "extend", "withdraw"): how the workflow follows the offer (its
// instance, the deadline timer, the withdrawal of its applications). An error rolls back.
using OfferLifecycle =
    std::function<Status(soci::session& sql, const Offer& offer, const std::string& event)>;

class OfferService {
 public:
  OfferService(store::Database& database, const Clock& clock,
               std::shared_ptr<const geo::Geography> geography)
      : database_(database), clock_(clock), geography_(std::move(geography)) {}

  // Reads and checks every field of an offer (API.md's shape) from JSON; each fault is listed.
  Result<Offer> parse(const nlohmann::json& body) const;
  // Publishes a parsed offer for `landlord_id`.
  Result<Offer> publish(const std::string& landlord_id, Offer offer);
  // Changes one of `landlord_id`'s offers; an offer of another landlord is not found.
  Result<Offer> change(const std::string& landlord_id, const std::string& offer_id,
                       const OfferChange& change);
  Result<Offer> find(const std::string& offer_id) const;
  // The same inside a caller's read or write, on its connection.
  static Result<Offer> find(soci::session& sql, const std::string& offer_id);
  Page showcase(const ShowcaseQuery& query) const;
  // Every published offer of a department whose deadline is `today` or later (the applicants'
  // candidate sets).
  std::vector<Offer> published_in(const std::string& department, const std::string& today) const;
  // A landlord's own offers, newest first, whatever their state.
  Page of_landlord(const std::string& landlord_id, int page, int page_size) const;

  static nlohmann::json to_json(const Offer& offer);

  // Set once by the host before serving.
  void set_lifecycle(OfferLifecycle lifecycle) { lifecycle_ = std::move(lifecycle); }

  // Bumped after each publish or change has committed: a reader that keeps offers in memory
  // rebuilds when it moves. After the commit, so that a rebuild cannot read the store before the
  // change is visible and then be taken as current (the workflow's observers run inside the
  // transaction, too early for that).
  std::uint64_t version() const { return version_.load(); }

 private:
  // One page of offers matching `where` (SQL with '?' for each of `values`, in order).
  Page select_page(const std::string& where, std::vector<std::string> values,
                   const std::string& order, int page_number, int page_size) const;

  store::Database& database_;
  const Clock& clock_;
  std::shared_ptr<const geo::Geography> geography_;
  OfferLifecycle lifecycle_;
  std::atomic<std::uint64_t> version_{0};
};

// One offer read in the caller's transaction, or nullopt.
std::optional<Offer> select_offer(soci::session& sql, const std::string& id);

// Today's date in UTC, "YYYY-MM-DD".
std::string today(const Clock& clock);
// True when `text` is a real calendar date "YYYY-MM-DD".
bool is_iso_date(const std::string& text);

}  // namespace alin::offers
