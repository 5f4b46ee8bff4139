// What happens when someone applies, cancels, is validated by an adviser, or hears from the
// landlord: each one transaction, each refusal a value with the rules' reason code.
#include "alin/applications/application_service.hpp"
#include "alin/landlords/transmission.hpp"
#include "alin/offers/applicant_offers.hpp"
#include "alin/requests/active_request.hpp"
#include "alin/util/crypto.hpp"
#include "internal.hpp"

namespace alin::applications {
namespace {

Error refused(const std::string& code, const std::string& title,
              const std::vector<rules::Reason>& reasons = {}) {
  Error error = Error::of(ErrorKind::conflict, code, title);
  for (const auto& r : reasons) {
    if (r.outcome == "fail") error.errors.push_back({"offerId", r.code, r.message});
  }
  return error;
}

Error not_found() {
  return Error::of(ErrorKind::not_found, "not_found", "Cette candidature n'existe pas.");
}

}  // namespace

Result<Application> ApplicationService::apply(const std::string& account_id,
                                              const std::string& offer_id) {
  return database_.write([&](soci::session& sql) -> Result<Application> {
    const UnixSeconds now = clock_.now();
    auto active = requests::active_request(sql, account_id, now, &plugins_);
    if (!active) {
      if (active.error().kind == ErrorKind::not_found) return active.error();
      Error error = active.error();
      error.kind = ErrorKind::conflict;
      error.code = "request_not_active";
      return error;
    }
    const std::string& request_id = active->request.id;
    // Applications of one request are decided one at a time: on PostgreSQL the request row is the
    // lock (SQLite's BEGIN IMMEDIATE already serialises writers), so 64 simultaneous applications
    // never exceed the limit.
    if (database_.backend() == store::Backend::postgresql) {
      std::string locked;
      sql << "SELECT id FROM housing_requests WHERE id = :id FOR UPDATE", soci::use(request_id),
          soci::into(locked);
    }
    const auto offer = offers::select_offer(sql, offer_id);
    if (!offer) return Error::of(ErrorKind::not_found, "not_found", "Cette offre n'existe pas.");
    const std::string today = detail::today_text(clock_);
    if (offer->state != "published" || offer->deadline < today) {
      return refused("offer_closed", "Les candidatures sur cette offre sont closes.");
    }
    const rules::Date as_of = detail::as_of(clock_);
    auto decision = rules_.evaluate(active->household, offers::rules_offer(*offer), as_of);
    if (!decision) return decision.error();
    if (!decision->eligible) {
      return refused("not_eligible", "Votre demande ne remplit pas les conditions de cette offre.",
                     decision->reasons);
    }

    // The limits read the applicant's applications still in progress.
    nlohmann::json current = nlohmann::json::array();
    {
      soci::rowset<soci::row> rows =
          (sql.prepare << "SELECT o.id, o.kind, o.typology, o.programme FROM applications a"
                          " JOIN offers o ON o.id = a.offer_id WHERE a.request_id = :r"
                          " AND a.state IN ("
                       << detail::in_list(live_states()) << ")",
           soci::use(request_id));
      for (const auto& r : rows) {
        current.push_back({{"offerId", r.get<std::string>(0)},
                           {"kind", r.get<std::string>(1)},
                           {"typology", r.get<int>(2)},
                           {"programme", r.get<std::string>(3)}});
      }
    }
    const nlohmann::json limits_input = {{"offer",
                                          {{"id", offer->id},
                                           {"kind", offer->kind},
                                           {"typology", offer->typology},
                                           {"programme", offer->programme}}},
                                         {"applications", current}};
    auto limits = rules_.check_limits(limits_input, as_of);
    if (!limits) return limits.error();
    if (!limits->allowed) {
      std::string code = "limit_reached", title = "Vous ne pouvez pas postuler à cette offre.";
      for (const auto& r : limits->reasons) {
        if (r.outcome == "fail") {
          code = r.code;
          title = r.message;
          break;
        }
      }
      return refused(code, title, limits->reasons);
    }

    std::string email, first_name;
    sql << "SELECT email, first_name FROM accounts WHERE id = :a", soci::use(account_id),
        soci::into(email), soci::into(first_name);
    Application a;
    a.id = crypto::new_id();
    a.request_id = request_id;
    a.offer_id = offer->id;
    a.state = "applied";
    a.step = 1;
    a.applied_at = a.updated_at = now;
    a.target = decision->target;
    const int target = a.target;
    // The order of arrival on the offer. Two applications on one offer committed at once on
    // PostgreSQL may share a number: truly simultaneous, their order is then the id's.
    long long arrival = 0;
    sql << "SELECT COALESCE(MAX(arrival), 0) + 1 FROM applications WHERE offer_id = :o",
        soci::use(a.offer_id), soci::into(arrival);
    sql << "INSERT INTO applications (id, request_id, offer_id, state, step, applied_at,"
           " updated_at, target, arrival)"
           " VALUES (:id, :r, :o, 'applied', 1, :at, :at2, :target, :arrival)",
        soci::use(a.id), soci::use(a.request_id), soci::use(a.offer_id), soci::use(a.applied_at),
        soci::use(a.updated_at), soci::use(target), soci::use(arrival);
    const nlohmann::json context = {{"applicationId", a.id},
                                    {"requestId", request_id},
                                    {"offerId", offer->id},
                                    {"accountId", account_id},
                                    {"email", email},
                                    {"firstName", first_name},
                                    {"offerReference", offer->reference},
                                    {"offerTown", offer->commune}};
    auto started = workflows_.start(sql, "application", a.id, context, {"applicant", account_id});
    if (!started) return started.error();
    sql << "UPDATE applications SET instance_id = :i WHERE id = :id", soci::use(started->id),
        soci::use(a.id);
    a.revision = started->revision;
    return a;
  });
}

Result<Application> ApplicationService::cancel(const std::string& account_id,
                                               const std::string& application_id) {
  return database_.write([&](soci::session& sql) -> Result<Application> {
    std::string owner;
    soci::indicator ind = soci::i_null;
    sql << "SELECT r.account_id FROM applications a JOIN housing_requests r"
           " ON r.id = a.request_id WHERE a.id = :id",
        soci::use(application_id), soci::into(owner, ind);
    if (ind != soci::i_ok || owner != account_id) return not_found();
    const auto current = detail::load_application(sql, application_id);
    if (current->state != "applied" && current->state != "validated") {
      const bool with_landlord = current->step >= 3;
      return Error::of(ErrorKind::conflict,
                       with_landlord ? "already_transmitted" : "application_finished",
                       with_landlord ? "Votre dossier est déjà transmis au bailleur : il ne peut "
                                       "plus être annulé ici."
                                     : "Cette candidature est terminée.");
    }
    return fire(sql, application_id, "cancel", {"applicant", account_id});
  });
}

Result<Application> ApplicationService::adviser_decide(const std::string& adviser_id,
                                                       const std::string& application_id,
                                                       bool valid) {
  return database_.write([&](soci::session& sql) -> Result<Application> {
    if (!detail::load_application(sql, application_id)) return not_found();
    return fire(sql, application_id, valid ? "validate" : "invalidate", {"adviser", adviser_id});
  });
}

namespace {

// The platform's words for the landlord's events (API.md) → the workflow's events; "" when the
// words are not the platform's.
std::string workflow_event(const std::string& type, const std::string& decision) {
  if (type == "contacted") return "contact";
  if (type == "visitScheduled") return "schedule_visit";
  if (type == "committeeScheduled") return "schedule_committee";
  if (type == "leaseSigned") return "sign_lease";
  if (type == "similarOfferProposed") return "propose_similar";
  if (type == "committeeDecision") {
    if (decision == "allocated") return "allocate";
    if (decision == "refused") return "refuse";
    if (decision == "waitingList") return "wait_list";
  }
  return "";
}

// One of the platform's words (committeeDecision whatever its decision), not the landlord's own.
bool platform_word(const std::string& type) {
  return type == "committeeDecision" || !workflow_event(type, "").empty();
}

}  // namespace

Result<Application> ApplicationService::landlord_event(const std::string& landlord_id,
                                                       const std::string& application_id,
                                                       const LandlordEventInput& input) {
  if (input.type == "committeeDecision" && workflow_event(input.type, input.decision).empty()) {
    return Error::invalid(
        "invalid_input", "La décision de la commission manque.",
        {{"decision", "required", "Une décision : allocated, refused ou waitingList."}});
  }
  return database_.write([&](soci::session& sql) -> Result<Application> {
    std::string owner, plugin;
    soci::indicator ind = soci::i_null, plugin_ind = soci::i_null;
    sql << "SELECT o.landlord_id, l.plugin FROM applications a JOIN offers o ON o.id = a.offer_id"
           " JOIN organisations l ON l.id = o.landlord_id WHERE a.id = :id AND a.step >= 3",
        soci::use(application_id), soci::into(owner, ind), soci::into(plugin, plugin_ind);
    // Only files transmitted for the landlord's own offers exist for it.
    if (ind != soci::i_ok || owner != landlord_id) return not_found();
    // The platform's words are understood from every landlord; a landlord's own words (In'li's
    // DECISION_CAL…) are read by its plugin into the platform's.
    LandlordEventInput event = input;
    const bool own_words = !platform_word(input.type);
    if (own_words) {
      const std::string name = plugin_ind == soci::i_ok && !plugin.empty() ? plugin : "generic";
      auto read =
          landlords::interpret_event(plugins_, name, {input.type, input.decision, input.at});
      if (!read) {
        Error error = read.error();
        if (error.kind == ErrorKind::invalid && error.errors.empty()) {
          error.errors.push_back({"type", read.error().code, read.error().title});
        }
        return error;
      }
      event = {read->type, read->decision, read->at.empty() ? input.at : read->at};
    }
    const std::string fired = workflow_event(event.type, event.decision);
    if (fired.empty()) {
      return Error::invalid("invalid_input", "Événement inconnu.",
                            {{"type", "unknown_event",
                              "Un type : contacted, visitScheduled, committeeScheduled, "
                              "committeeDecision, leaseSigned, similarOfferProposed, ou un "
                              "événement propre au bailleur que son module comprend."}});
    }
    nlohmann::json patch = nlohmann::json::object();
    if (!event.at.empty()) patch["lastLandlordEventAt"] = event.at;
    if (own_words) patch["lastLandlordReport"] = input.type;
    return fire(sql, application_id, fired, {"landlord", landlord_id}, patch);
  });
}

}  // namespace alin::applications
