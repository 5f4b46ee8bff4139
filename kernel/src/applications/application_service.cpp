// The wiring of applications to their workflow and to the offers': the observers that keep the
// rows in step with the instances, the kernel effects run after commit, and the shared helpers.
#include "alin/applications/application_service.hpp"

#include "alin/landlords/transmission.hpp"
#include "alin/offers/applicant_offers.hpp"
#include "alin/offers/offer_service.hpp"
#include "alin/requests/active_request.hpp"
#include "internal.hpp"

namespace alin::applications {

const std::vector<std::string>& live_states() {
  static const std::vector<std::string> states = {
      "applied",   "validated",    "transmitted",           "contacted", "committee_scheduled",
      "allocated", "waiting_list", "similar_offer_proposed"};
  return states;
}

ApplicationService::ApplicationService(store::Database& database, const Clock& clock,
                                       const rules::RuleEngine& rules, workflow::Engine& workflows,
                                       const plugins::PluginRegistry& plugins)
    : database_(database), clock_(clock), rules_(rules), workflows_(workflows), plugins_(plugins) {}

void ApplicationService::wire(outbox::Dispatcher& outbox, offers::OfferService& offers) {
  workflows_.observe("application",
                     [this](soci::session& sql, const workflow::Instance& instance,
                            const std::string& event, const std::string&) -> Status {
                       if (auto mirrored = mirror(sql, instance); !mirrored) return mirrored;
                       // Whoever transmits (the closing, an adviser), the landlord's plugin plans
                       // what goes, in the same transaction as step 3.
                       if (event == "transmit") return plan_transmission(sql, instance.subject_id);
                       return ok();
                     });
  workflows_.observe("offer",
                     [](soci::session& sql, const workflow::Instance& instance, const std::string&,
                        const std::string&) -> Status {
                       sql << "UPDATE offers SET state = :s WHERE id = :id",
                           soci::use(instance.state), soci::use(instance.subject_id);
                       return ok();
                     });

  offers.set_lifecycle(
      [this](soci::session& sql, const offers::Offer& offer, const std::string& event) -> Status {
        const workflow::Actor landlord{"landlord", offer.landlord_id};
        const nlohmann::json context = {{"offerId", offer.id}, {"deadline", offer.deadline}};
        if (event == "publish") {
          auto started = workflows_.start(sql, "offer", offer.id, context, landlord);
          if (!started) return started.error();
          auto published = workflows_.fire(sql, started->id, "publish", landlord);
          if (!published) return published.error();
          return ok();
        }
        std::string id;
        soci::indicator ind = soci::i_null;
        sql << "SELECT id FROM workflow_instances WHERE definition = 'offer' AND subject_id = :s",
            soci::use(offer.id), soci::into(id, ind);
        if (ind != soci::i_ok) return ok();  // an offer published before its workflow existed
        auto fired = workflows_.fire(sql, id, event, landlord, context);
        if (!fired) return fired.error();
        return ok();
      });

  outbox.register_handler("applications.rank_and_transmit", [this](const outbox::Effect& effect) {
    if (auto done = rank_and_transmit(effect.payload.value("subjectId", "")); !done) {
      throw std::runtime_error("rank_and_transmit: " + done.error().title);
    }
  });
  outbox.register_handler("applications.withdraw_all", [this](const outbox::Effect& effect) {
    if (auto done = fire_on_live("offer_id", effect.payload.value("subjectId", ""), live_states(),
                                 "withdraw");
        !done) {
      throw std::runtime_error("withdraw_all: " + done.error().title);
    }
  });
  // A request closed (inactivity, incivility, by the applicant) or suspended for fraud: its
  // applications are closed with it. The application workflow's "close" is the system's event for
  // both; the request's history says why.
  for (const char* topic : {"applications.close_all", "applications.cancel_all"}) {
    outbox.register_handler(topic, [this, topic](const outbox::Effect& effect) {
      if (auto done = fire_on_live("request_id", effect.payload.value("subjectId", ""),
                                   live_states(), "close");
          !done) {
        throw std::runtime_error(std::string(topic) + ": " + done.error().title);
      }
    });
  }
}

Status ApplicationService::mirror(soci::session& sql, const workflow::Instance& instance) {
  const auto definition = workflows_.find(instance.definition, instance.version);
  const workflow::State* state = definition ? definition->state(instance.state) : nullptr;
  const long long now = clock_.now();
  if (state && state->step) {
    const int step = *state->step;
    sql << "UPDATE applications SET state = :s, step = :step, updated_at = :now WHERE id = :id",
        soci::use(instance.state), soci::use(step), soci::use(now), soci::use(instance.subject_id);
  } else {
    // Cancelled, not kept, withdrawn, closed: the step reached stays what the applicant saw.
    sql << "UPDATE applications SET state = :s, updated_at = :now WHERE id = :id",
        soci::use(instance.state), soci::use(now), soci::use(instance.subject_id);
  }
  return ok();
}

Result<Application> ApplicationService::fire(soci::session& sql, const std::string& application_id,
                                             const std::string& event, const workflow::Actor& actor,
                                             const nlohmann::json& patch) {
  const std::string instance = detail::instance_id(sql, application_id);
  if (instance.empty()) {
    return Error::of(ErrorKind::not_found, "not_found", "Cette candidature n'existe pas.");
  }
  auto fired = workflows_.fire(sql, instance, event, actor, patch);
  if (!fired) return fired.error();
  auto application = detail::load_application(sql, application_id);
  application->revision = fired->revision;
  return *application;
}

Status ApplicationService::plan_transmission(soci::session& sql,
                                             const std::string& application_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT a.request_id, o.id, o.reference, l.name, COALESCE(l.plugin, ''),"
                      " ac.last_name, ac.first_name, ac.email, r.unique_number, r.tax_income_n2,"
                      " r.tax_income_n1"
                      " FROM applications a JOIN offers o ON o.id = a.offer_id"
                      " JOIN organisations l ON l.id = o.landlord_id"
                      " JOIN housing_requests r ON r.id = a.request_id"
                      " JOIN accounts ac ON ac.id = r.account_id WHERE a.id = :id",
       soci::use(application_id));
  sdk::Transmission t;
  std::string plugin, request_id;
  bool found = false;
  for (const auto& r : rows) {
    found = true;
    request_id = r.get<std::string>(0);
    t.application_id = application_id;
    t.offer_id = r.get<std::string>(1);
    t.offer_reference = r.get<std::string>(2);
    t.landlord_name = r.get<std::string>(3);
    plugin = r.get<std::string>(4);
    t.applicant = {r.get<std::string>(5), r.get<std::string>(6), r.get<std::string>(7),
                   r.get<std::string>(8)};
    t.tax_income = requests::reference_tax_income(
        r.get<long long>(9),
        r.get_indicator(10) == soci::i_ok ? std::optional<long long>(r.get<long long>(10))
                                          : std::nullopt,
        requests::n1_drop_percent(&rules_, clock_.now()));
  }
  if (!found) return Error::of(ErrorKind::not_found, "not_found", "Candidature introuvable.");
  if (plugin.empty()) plugin = "generic";
  int members = 0;
  sql << "SELECT COUNT(*) FROM household_members WHERE request_id = :r", soci::use(request_id),
      soci::into(members);
  t.household_size = members > 0 ? members : 1;
  soci::rowset<soci::row> documents =
      (sql.prepare << "SELECT kind, category, socle, valid_until FROM supporting_documents"
                      " WHERE request_id = :r AND confirmed_at IS NOT NULL ORDER BY kind",
       soci::use(request_id));
  for (const auto& d : documents) {
    t.documents.push_back({d.get<std::string>(0), d.get<std::string>(1), d.get<int>(2) != 0,
                           d.get_indicator(3) == soci::i_ok ? d.get<std::string>(3) : ""});
  }
  auto plan = landlords::plan_transmission(sql, plugins_, plugin, t, clock_.now());
  if (!plan) return plan.error();
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& d : plan->documents) {
    kept.push_back({{"kind", d.kind},
                    {"category", d.category},
                    {"socle", d.socle},
                    {"validUntil", d.valid_until.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(d.valid_until)}});
  }
  const std::string transmission = nlohmann::json{
      {"plugin", plugin},
      {"documents", kept},
      {"landlordAccountRequired", plan->landlord_account_required},
      {"note", plan->note}}.dump();
  sql << "UPDATE applications SET transmission = :t WHERE id = :id", soci::use(transmission),
      soci::use(application_id);
  return ok();
}

Status ApplicationService::fire_on_live(const std::string& column, const std::string& subject_id,
                                        const std::vector<std::string>& from_states,
                                        const std::string& event) {
  std::vector<std::string> ids;
  database_.read([&](soci::session& sql) {
    soci::rowset<std::string> rows =
        (sql.prepare << "SELECT id FROM applications WHERE " << column << " = :s AND state IN ("
                     << detail::in_list(from_states) << ") ORDER BY id",
         soci::use(subject_id));
    for (const auto& id : rows) ids.push_back(id);
  });
  for (const auto& id : ids) {
    auto fired = database_.write([&](soci::session& sql) {
      return fire(sql, id, event, {"system", ""});
    });
    // Moved meanwhile to a state the event does not leave: nothing left to do for that one.
    if (!fired && fired.error().code != "event_not_allowed") return fired.error();
  }
  return ok();
}

nlohmann::json to_json(const Application& a) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : a.history) {
    history.push_back({{"at", format_utc(h.at)},
                       {"state", h.state},
                       {"step", h.step ? nlohmann::json(*h.step) : nlohmann::json(nullptr)},
                       {"event", h.event},
                       {"actor", h.actor}});
  }
  nlohmann::json out = {
      {"id", a.id},
      {"offerId", a.offer_id},
      {"state", a.state},
      {"step", a.step},
      {"appliedAt", format_utc(a.applied_at)},
      {"updatedAt", format_utc(a.updated_at)},
      {"target", a.target},
      {"position", a.position ? nlohmann::json(*a.position) : nlohmann::json(nullptr)},
      {"history", history}};
  if (a.closing_rank) out["closingRank"] = *a.closing_rank;
  if (!a.offer.is_null()) out["offer"] = a.offer;
  return out;
}

}  // namespace alin::applications
