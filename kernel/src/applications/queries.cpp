// Reading applications: the applicant's list with positions and history, the landlord's files,
// and a file's rank among the others on its offer.
#include <algorithm>

#include "alin/applications/application_service.hpp"
#include "alin/applications/position.hpp"
#include "alin/offers/applicant_offers.hpp"
#include "alin/store/prepared.hpp"
#include "internal.hpp"

namespace alin::applications {
namespace {

struct ApplicationsOfRequest {
  static constexpr const char* sql =
      "SELECT id, offer_id, state, closing_rank FROM applications WHERE request_id = :r";
};

}  // namespace

std::optional<int> rank_of(soci::session& sql, const rules::RuleEngine& rules,
                           const std::string& offer_id, const std::string& request_id,
                           UnixSeconds now) {
  // The applicant's live application on this offer, among its few applications: one prepared
  // read by request (an offer's detail asks it at every view, applied or not).
  std::string application;
  std::optional<int> closing_rank;  // once the offer is closed, the rank the closing gave
  const auto& live = live_states();
  auto& rows = store::rows_by_key<ApplicationsOfRequest>(sql, request_id);
  while (rows.next()) {
    const soci::row& r = rows.row;
    if (r.get<std::string>(1) != offer_id ||
        std::find(live.begin(), live.end(), r.get<std::string>(2)) == live.end())
      continue;
    application = r.get<std::string>(0);
    if (r.get_indicator(3) == soci::i_ok) closing_rank = r.get<int>(3);
  }
  if (application.empty()) return std::nullopt;
  if (closing_rank) return closing_rank;
  const auto offer = offers::select_offer(sql, offer_id);
  if (!offer) return std::nullopt;
  const std::string today = format_utc(now).substr(0, 10);
  const nlohmann::json input = detail::ranking_input(sql, *offer, {"applied", "validated"}, today);
  auto ranking = rules.rank(input, rules::parse_date(today).value());
  if (!ranking) return std::nullopt;
  for (const auto& candidate : ranking->ranked) {
    if (candidate.application_id == application) return candidate.rank;
  }
  return std::nullopt;
}

Result<std::vector<Application>> ApplicationService::of_applicant(const std::string& account_id) {
  return database_.read([&](soci::session& sql) -> Result<std::vector<Application>> {
    std::string request_id;
    soci::indicator ind = soci::i_null;
    sql << "SELECT id FROM housing_requests WHERE account_id = :a", soci::use(account_id),
        soci::into(request_id, ind);
    if (ind != soci::i_ok) {
      return Error::of(ErrorKind::not_found, "no_request", "Vous n'avez pas encore de demande.");
    }
    std::vector<std::string> ids;
    {
      soci::rowset<std::string> rows =
          (sql.prepare << "SELECT id FROM applications WHERE request_id = :r"
                          " ORDER BY applied_at DESC, id",
           soci::use(request_id));
      for (const auto& id : rows) ids.push_back(id);
    }
    std::vector<Application> out;
    for (const auto& id : ids) {
      auto a = *detail::load_application(sql, id);
      if (const auto offer = offers::select_offer(sql, a.offer_id)) {
        a.offer = {{"id", offer->id},
                   {"reference", offer->reference},
                   {"programme", offer->programme},
                   {"kind", offer->kind},
                   {"typology", offer->typology},
                   {"commune", offer->commune},
                   {"rent", offer->rent},
                   {"charges", offer->charges},
                   {"deadline", offer->deadline},
                   {"state", offer->state}};
      }
      if (a.state == "applied" || a.state == "validated") {
        a.position = rank_of(sql, rules_, a.offer_id, a.request_id, clock_.now());
      } else {
        a.position = a.closing_rank;
      }
      const std::string instance = detail::instance_id(sql, a.id);
      const auto definition = workflows_.find("application");
      for (const auto& entry : workflows_.history(instance)) {
        const workflow::State* state = definition ? definition->state(entry.to) : nullptr;
        a.history.push_back(
            {entry.at, entry.to, state ? state->step : std::nullopt, entry.event, entry.actor});
      }
      out.push_back(std::move(a));
    }
    return out;
  });
}

Result<nlohmann::json> ApplicationService::transmitted_files(const std::string& landlord_id,
                                                             const std::string& offer_id) {
  return database_.read([&](soci::session& sql) -> Result<nlohmann::json> {
    const auto offer = offers::select_offer(sql, offer_id);
    // Another landlord's offer does not exist for this one.
    if (!offer || offer->landlord_id != landlord_id) {
      return Error::of(ErrorKind::not_found, "not_found", "Cette offre n'existe pas.");
    }
    nlohmann::json files = nlohmann::json::array();
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT a.id, a.state, a.step, a.closing_rank, a.transmission,"
                        " ac.last_name, ac.first_name, ac.email, ac.mobile, r.unique_number,"
                        " a.landlord_reference"
                        " FROM applications a JOIN housing_requests r ON r.id = a.request_id"
                        " JOIN accounts ac ON ac.id = r.account_id"
                        " WHERE a.offer_id = :o AND a.step >= 3 AND a.transmission IS NOT NULL"
                        " ORDER BY a.closing_rank, a.id",
         soci::use(offer_id));
    for (const auto& r : rows) {
      const auto transmission = nlohmann::json::parse(r.get<std::string>(4), nullptr, false);
      files.push_back(
          {{"applicationId", r.get<std::string>(0)},
           {"state", r.get<std::string>(1)},
           {"step", r.get<int>(2)},
           {"rank", r.get_indicator(3) == soci::i_ok ? nlohmann::json(r.get<int>(3))
                                                     : nlohmann::json(nullptr)},
           // Null until the landlord's plugin has acknowledged the transmission.
           {"landlordReference", r.get_indicator(10) == soci::i_ok
                                     ? nlohmann::json(r.get<std::string>(10))
                                     : nlohmann::json(nullptr)},
           {"applicant",
            {{"lastName", r.get<std::string>(5)},
             {"firstName", r.get<std::string>(6)},
             {"email", r.get<std::string>(7)},
             {"mobile", r.get_indicator(8) == soci::i_ok ? r.get<std::string>(8) : ""},
             {"uniqueNumber", r.get<std::string>(9)}}},
           {"documents", transmission.is_object()
                             ? transmission.value("documents", nlohmann::json::array())
                             : nlohmann::json::array()},
           {"landlordAccountRequired",
            transmission.is_object() && transmission.value("landlordAccountRequired", false)},
           {"note", transmission.is_object() ? transmission.value("note", "") : ""}});
    }
    return nlohmann::json{{"offerId", offer_id}, {"files", files}};
  });
}

}  // namespace alin::applications
