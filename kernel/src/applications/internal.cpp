#include "internal.hpp"

#include "alin/requests/active_request.hpp"

namespace alin::applications::detail {

std::optional<Application> load_application(soci::session& sql, const std::string& id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, request_id, offer_id, state, step, applied_at, updated_at,"
                      " target, closing_rank FROM applications WHERE id = :id",
       soci::use(id));
  for (const auto& r : rows) {
    Application a;
    a.id = r.get<std::string>(0);
    a.request_id = r.get<std::string>(1);
    a.offer_id = r.get<std::string>(2);
    a.state = r.get<std::string>(3);
    a.step = r.get<int>(4);
    a.applied_at = r.get<long long>(5);
    a.updated_at = r.get<long long>(6);
    a.target = r.get<int>(7) != 0;
    if (r.get_indicator(8) == soci::i_ok) a.closing_rank = r.get<int>(8);
    return a;
  }
  return std::nullopt;
}

std::string instance_id(soci::session& sql, const std::string& application_id) {
  std::string id;
  soci::indicator ind = soci::i_null;
  sql << "SELECT instance_id FROM applications WHERE id = :id", soci::use(application_id),
      soci::into(id, ind);
  return ind == soci::i_ok ? id : "";
}

std::string documents_status(soci::session& sql, const std::string& request_id,
                             const std::string& today) {
  int total = 0, good = 0, socle = 0, socle_good = 0;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT socle, confirmed_at, valid_until FROM supporting_documents"
                      " WHERE request_id = :r",
       soci::use(request_id));
  for (const auto& r : rows) {
    const bool is_socle = r.get<int>(0) != 0;
    const bool confirmed = r.get_indicator(1) == soci::i_ok;
    const std::string until = r.get_indicator(2) == soci::i_ok ? r.get<std::string>(2) : "";
    const bool in_date = confirmed && (until.empty() || until >= today);
    ++total;
    good += in_date;
    socle += is_socle;
    socle_good += is_socle && in_date;
  }
  if (total > 0 && good == total) return "complete";
  if (socle > 0 && socle_good == socle) return "socle";
  return "incomplete";
}

nlohmann::json ranking_input(soci::session& sql, const offers::Offer& offer,
                             const std::vector<std::string>& states, const std::string& today) {
  nlohmann::json candidates = nlohmann::json::array();
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT a.id, a.request_id, a.applied_at, a.target, r.priority_flags"
                      " FROM applications a JOIN housing_requests r ON r.id = a.request_id"
                      " WHERE a.offer_id = :o AND a.state IN ("
                   << in_list(states) << ") ORDER BY a.applied_at, a.arrival, a.id",
       soci::use(offer.id));
  struct Row {
    std::string id, request_id, flags;
    long long applied_at;
    bool target;
  };
  std::vector<Row> found;
  for (const auto& r : rows) {
    found.push_back({r.get<std::string>(0), r.get<std::string>(1),
                     r.get_indicator(4) == soci::i_ok ? r.get<std::string>(4) : "",
                     r.get<long long>(2), r.get<int>(3) != 0});
  }
  for (const auto& row : found) {
    candidates.push_back({{"applicationId", row.id},
                          {"appliedAt", iso_time(row.applied_at)},
                          {"documents", documents_status(sql, row.request_id, today)},
                          {"target", row.target},
                          {"priorityFlags", requests::priority_flags_of(row.flags)}});
  }
  return {{"offer", {{"id", offer.id}, {"kind", offer.kind}}}, {"candidates", candidates}};
}

rules::Date as_of(const Clock& clock) {
  return rules::parse_date(today_text(clock)).value();
}

std::string today_text(const Clock& clock) {
  return format_utc(clock.now()).substr(0, 10);
}

std::string iso_time(UnixSeconds at) {
  return format_utc(at);
}

std::string in_list(const std::vector<std::string>& states) {
  std::string out;
  for (const auto& s : states) out += (out.empty() ? "'" : ", '") + s + "'";
  return out;
}

}  // namespace alin::applications::detail
