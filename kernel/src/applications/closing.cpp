// Closing an offer (CGU 13.2): the ranking rules order its live files; the first ones kept that an
// adviser validated go to the landlord (step 3), the others are archived as not kept.
#include "alin/applications/application_service.hpp"
#include "alin/offers/applicant_offers.hpp"
#include "internal.hpp"

namespace alin::applications {

Status ApplicationService::close_offer(const std::string& adviser_id, const std::string& offer_id) {
  return database_.write([&](soci::session& sql) -> Status {
    std::string instance;
    soci::indicator ind = soci::i_null;
    sql << "SELECT id FROM workflow_instances WHERE definition = 'offer' AND subject_id = :s",
        soci::use(offer_id), soci::into(instance, ind);
    if (ind != soci::i_ok) {
      return Error::of(ErrorKind::not_found, "not_found", "Cette offre n'existe pas.");
    }
    auto fired = workflows_.fire(sql, instance, "close", {"adviser", adviser_id});
    if (!fired) return fired.error();
    return ok();
  });
}

Status ApplicationService::rank_and_transmit(const std::string& offer_id) {
  // One transaction: the ranking is taken on one consistent view of the files, and either every
  // file moves or none does (the outbox retries the whole effect).
  return database_.write([&](soci::session& sql) -> Status {
    const auto offer = offers::select_offer(sql, offer_id);
    if (!offer) return Error::of(ErrorKind::not_found, "not_found", "Offre introuvable.");
    const std::string today = detail::today_text(clock_);
    // Only files an adviser validated may be kept; the others are ranked with them so that the
    // ranking explains every place, but cannot be transmitted.
    const nlohmann::json input =
        detail::ranking_input(sql, *offer, {"applied", "validated"}, today);
    if (input["candidates"].empty()) return ok();
    auto ranking = rules_.rank(input, detail::as_of(clock_));
    if (!ranking) return ranking.error();

    std::size_t transmitted = 0;
    const std::size_t keep = ranking->kept.size();
    for (const auto& candidate : ranking->ranked) {
      const auto application = detail::load_application(sql, candidate.application_id);
      if (!application) continue;
      const int rank = candidate.rank;
      sql << "UPDATE applications SET closing_rank = :r WHERE id = :id", soci::use(rank),
          soci::use(candidate.application_id);
      const bool transmit = application->state == "validated" && transmitted < keep;
      const std::string event = transmit ? "transmit" : "not_kept";
      auto fired =
          fire(sql, candidate.application_id, event, {"system", ""}, {{"closingRank", rank}});
      if (!fired) return fired.error();
      if (transmit) ++transmitted;
    }
    return ok();
  });
}

}  // namespace alin::applications
