#include "alin/requests/request_lifecycle.hpp"

#include <chrono>

#include "request_store.hpp"

namespace alin::requests {
namespace {

struct InstanceRow {
  std::string id, state;
};

std::optional<InstanceRow> instance_of(soci::session& sql, const std::string& request_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, state FROM workflow_instances"
                      " WHERE definition = 'request' AND subject_id = :s",
       soci::use(request_id));
  for (const auto& r : rows) return InstanceRow{r.get<std::string>(0), r.get<std::string>(1)};
  return std::nullopt;
}

std::string category_label(const std::string& category) {
  if (category == "identity") return "Identité";
  if (category == "resources") return "Ressources";
  if (category == "tax_notice") return "Avis d'imposition";
  if (category == "housing") return "Logement actuel";
  if (category == "motive") return "Motif de la demande";
  if (category == "situation") return "Situation du foyer";
  return "Autres pièces";
}

std::string document_label(const std::string& kind) {
  if (kind == "identity") return "Pièce d'identité du demandeur";
  if (kind == "identity_co_applicant") return "Pièce d'identité du co-demandeur";
  if (kind == "resources") return "Trois derniers bulletins de salaire du demandeur";
  if (kind == "resources_co_applicant")
    return "Trois derniers bulletins de salaire du co-demandeur";
  if (kind == "tax_notice") return "Dernier avis d'imposition";
  if (kind == "current_housing") return "Dernière quittance de loyer ou attestation d'hébergement";
  if (kind == "motive") return "Justificatif du motif de la demande";
  if (kind == "family_record") return "Livret de famille ou actes de naissance des enfants";
  if (kind == "disability_proof")
    return "Justificatif du handicap (carte mobilité inclusion, décision de la MDPH)";
  return kind;
}

// What the applicant must still give before submitting, field by field.
std::vector<FieldError> missing_for_submission(const HousingRequest& q, const std::string& today) {
  std::vector<FieldError> missing;
  if (!q.employment || q.employment->employer_name.empty()) {
    missing.push_back({"employment", "required", "Renseignez votre emploi."});
  }
  if (!q.consent_level) {
    missing.push_back({"consent", "required", "Choisissez votre niveau de consentement."});
  }
  for (const auto& d : q.documents) {
    if (!d.confirmed_at) {
      missing.push_back({"documents." + d.kind, "not_confirmed",
                         document_label(d.kind) + " : pièce à confirmer."});
    } else if (!d.valid_until.empty() && d.valid_until < today) {
      missing.push_back({"documents." + d.kind, "expired",
                         document_label(d.kind) + " : plus valable depuis le " + d.valid_until +
                             ", à renouveler."});
    }
  }
  return missing;
}

Error no_request() {
  return Error::of(ErrorKind::not_found, "no_request", "Vous n'avez pas encore de demande.");
}

}  // namespace

std::string add_months(const std::string& date, int months) {
  using namespace std::chrono;
  const int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)),
            d = std::stoi(date.substr(8, 2));
  const year_month shifted =
      year{y} / month{static_cast<unsigned>(m)} + std::chrono::months{months};
  const unsigned last = static_cast<unsigned>(
      year_month_day_last{shifted.year(), month_day_last{shifted.month()}}.day());
  const year_month_day out{shifted / day{std::min(static_cast<unsigned>(d), last)}};
  char text[16];  // room for any int year: the compiler checks the worst case
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(out.year()),
                static_cast<unsigned>(out.month()), static_cast<unsigned>(out.day()));
  return text;
}

int validity_months(const std::string& kind) {
  if (kind == "resources" || kind == "resources_co_applicant" || kind == "current_housing")
    return 1;
  if (kind == "tax_notice") return 12;
  return 0;
}

Result<HousingRequest> RequestService::observed(soci::session& sql, const std::string& account_id) {
  auto request = load_request(sql, account_id);
  if (!request) return no_request();
  if (observer_) {
    if (auto followed = observer_(sql, *request); !followed) return followed.error();
    request = load_request(sql, account_id);
  }
  return *request;
}

RequestLifecycle::RequestLifecycle(store::Database& database, const Clock& clock,
                                   workflow::Engine& workflows)
    : database_(database), clock_(clock), workflows_(workflows) {}

void RequestLifecycle::wire(RequestService& requests) {
  requests_ = &requests;
  workflows_.observe("request",
                     [](soci::session& sql, const workflow::Instance& instance,
                        const std::string& event, const std::string&) -> Status {
                       const long long now = instance.entered_at;
                       sql << "UPDATE housing_requests SET state = :s WHERE id = :id",
                           soci::use(instance.state), soci::use(instance.subject_id);
                       // The moments the back office reads without replaying the history.
                       const char* column = event == "submit"             ? "submitted_at"
                                            : event == "company_validate" ? "company_validated_at"
                                            : event == "adviser_validate" ? "adviser_validated_at"
                                                                          : "last_activity_at";
                       sql << "UPDATE housing_requests SET " << column << " = :t WHERE id = :id",
                           soci::use(now), soci::use(instance.subject_id);
                       // The company's quota counts people, beyond their request's lifetime.
                       if (event == "company_validate") {
                         sql << "INSERT INTO company_supports (company_id, account_id,"
                                " validated_at) SELECT e.company_id, r.account_id, :t"
                                " FROM housing_requests r JOIN employments e ON e.request_id ="
                                " r.id WHERE r.id = :id AND e.company_id IS NOT NULL AND"
                                " e.company_id <> '' ON CONFLICT (company_id, account_id)"
                                " DO UPDATE SET validated_at = excluded.validated_at",
                             soci::use(now), soci::use(instance.subject_id);
                       }
                       return ok();
                     });
  requests.set_observer([this](soci::session& sql, const HousingRequest& request) {
    return follow(sql, request, {"applicant", request.account_id});
  });
}

Status RequestLifecycle::follow(soci::session& sql, const HousingRequest& request,
                                const workflow::Actor& actor) {
  auto instance = instance_of(sql, request.id);
  // The workflow starts with the import; a request it never saw (loaded in bulk, migrated) is
  // left in the state it has.
  if (!instance && request.state != "imported") return ok();
  if (!instance) {
    std::string email, first_name;
    sql << "SELECT email, first_name FROM accounts WHERE id = :a", soci::use(request.account_id),
        soci::into(email), soci::into(first_name);
    // The site vouches the request is live when it hands it over: the platform's yearly renewal
    // counts from the import, then from each renewal.
    const nlohmann::json context = {{"requestId", request.id},
                                    {"accountId", request.account_id},
                                    {"email", email},
                                    {"firstName", first_name},
                                    {"uniqueNumber", request.unique_number},
                                    {"registeredOn", format_utc(clock_.now()).substr(0, 10)}};
    auto started = workflows_.start(sql, "request", request.id, context, actor);
    if (!started) return started.error();
    instance = InstanceRow{started->id, started->state};
  }
  auto fire = [&](const std::string& event) -> Status {
    auto fired = workflows_.fire(sql, instance->id, event, actor);
    if (!fired) return fired.error();
    instance->state = fired->state;
    return ok();
  };
  if (instance->state == "imported" && request.employment && request.consent_level) {
    if (auto done = fire("complete"); !done) return done;
  }
  if (instance->state == "completed") {
    const bool all = std::all_of(request.documents.begin(), request.documents.end(),
                                 [&](const Document& d) { return d.confirmed_at.has_value(); });
    if (all) {
      if (auto done = fire("confirm_documents"); !done) return done;
    }
  }
  // Any change the applicant makes to an active request restarts the inactivity clock (CGU 11.6).
  if (instance->state == "active" && actor.role == "applicant") return fire("activity");
  return ok();
}

Status RequestLifecycle::touch(const std::string& account_id) {
  return database_.write([&](soci::session& sql) -> Status {
    auto q = load_request(sql, account_id);
    if (!q || q->state != "active") return ok();
    return follow(sql, *q, {"applicant", account_id});
  });
}

Result<nlohmann::json> RequestLifecycle::documents(const std::string& account_id) {
  return database_.read([&](soci::session& sql) -> Result<nlohmann::json> {
    auto q = load_request(sql, account_id);
    if (!q) return no_request();
    const std::string today = format_utc(clock_.now()).substr(0, 10);
    nlohmann::json categories = nlohmann::json::array();
    std::map<std::string, std::size_t> index;
    int confirmed = 0;
    for (const auto& d : q->documents) {
      const bool expired = d.confirmed_at && !d.valid_until.empty() && d.valid_until < today;
      if (!index.count(d.category)) {
        index[d.category] = categories.size();
        categories.push_back({{"category", d.category},
                              {"label", category_label(d.category)},
                              {"documents", nlohmann::json::array()}});
      }
      confirmed += d.confirmed_at && !expired;
      categories[index[d.category]]["documents"].push_back(
          {{"kind", d.kind},
           {"label", document_label(d.kind)},
           {"socle", d.socle},
           {"required", true},
           {"confirmed", d.confirmed_at.has_value() && !expired},
           {"confirmedAt",
            d.confirmed_at ? nlohmann::json(format_utc(*d.confirmed_at)) : nlohmann::json(nullptr)},
           {"validUntil",
            d.valid_until.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.valid_until)},
           {"expired", expired},
           {"validityMonths", validity_months(d.kind)}});
    }
    return nlohmann::json{
        {"categories", categories}, {"confirmed", confirmed}, {"total", q->documents.size()}};
  });
}

Result<HousingRequest> RequestLifecycle::confirm_document(const std::string& account_id,
                                                          const std::string& kind, bool confirmed) {
  return database_.write([&](soci::session& sql) -> Result<HousingRequest> {
    auto q = load_request(sql, account_id);
    if (!q) return no_request();
    const bool known = std::any_of(q->documents.begin(), q->documents.end(),
                                   [&](const Document& d) { return d.kind == kind; });
    if (!known) {
      return Error::of(ErrorKind::not_found, "unknown_document",
                       "Cette pièce n'est pas demandée pour votre dossier.");
    }
    const long long now = clock_.now();
    if (confirmed) {
      const int months = validity_months(kind);
      std::string until = months > 0 ? add_months(format_utc(now).substr(0, 10), months) : "";
      soci::indicator until_ind = until.empty() ? soci::i_null : soci::i_ok;
      sql << "UPDATE supporting_documents SET confirmed_at = :t, valid_until = :u"
             " WHERE request_id = :r AND kind = :k",
          soci::use(now), soci::use(until, until_ind), soci::use(q->id), soci::use(kind);
    } else {
      sql << "UPDATE supporting_documents SET confirmed_at = NULL, valid_until = NULL"
             " WHERE request_id = :r AND kind = :k",
          soci::use(q->id), soci::use(kind);
    }
    q = load_request(sql, account_id);
    if (auto followed = follow(sql, *q, {"applicant", account_id}); !followed) {
      return followed.error();
    }
    return *load_request(sql, account_id);
  });
}

Result<HousingRequest> RequestLifecycle::submit(const std::string& account_id) {
  return database_.write([&](soci::session& sql) -> Result<HousingRequest> {
    auto q = load_request(sql, account_id);
    if (!q) return no_request();
    const std::string today = format_utc(clock_.now()).substr(0, 10);
    auto missing = missing_for_submission(*q, today);
    if (!missing.empty()) {
      Error error = Error::of(ErrorKind::unprocessable, "request_incomplete",
                              "Votre dossier est incomplet : il manque ce qui est listé.");
      error.errors = std::move(missing);
      return error;
    }
    auto instance = instance_of(sql, q->id);
    if (!instance) return no_request();
    if (instance->state != "documents_confirmed" && instance->state != "rejected") {
      return Error::of(ErrorKind::conflict, "already_submitted", "Votre demande est déjà soumise.");
    }
    auto fired = workflows_.fire(sql, instance->id, "submit", {"applicant", account_id});
    if (!fired) return fired.error();
    // At consent level 1 the company does not know of the request (RULES.md §3: no company
    // support), and an employer that is not a partner has nobody on the platform: the employer's
    // step is then passed by the platform, and only an adviser validates.
    const char* no_company = !q->employment || q->employment->company_id.empty()
                                 ? "employer_not_partner"
                             : q->consent_level.value_or(1) < 2 ? "consent_level_1"
                                                                : nullptr;
    if (no_company) {
      auto passed = workflows_.fire(sql, instance->id, "no_company_step", {"system", ""},
                                    {{"companyStep", no_company}});
      if (!passed) return passed.error();
    }
    return *load_request(sql, account_id);
  });
}

Result<HousingRequest> RequestLifecycle::renew(const std::string& account_id) {
  return database_.write([&](soci::session& sql) -> Result<HousingRequest> {
    auto q = load_request(sql, account_id);
    if (!q) return no_request();
    auto instance = instance_of(sql, q->id);
    if (!instance) return no_request();
    const nlohmann::json patch = {{"registeredOn", format_utc(clock_.now()).substr(0, 10)}};
    auto fired = workflows_.fire(sql, instance->id, "renew", {"applicant", account_id}, patch);
    if (!fired) return fired.error();
    return *load_request(sql, account_id);
  });
}

Result<nlohmann::json> RequestLifecycle::company_decide(const std::string& company_id,
                                                        const std::string& user_id,
                                                        const std::string& request_id, bool valid,
                                                        const std::string& reason) {
  return decide(request_id, {"company", user_id}, valid, reason, company_id);
}

Result<nlohmann::json> RequestLifecycle::adviser_decide(const std::string& adviser_id,
                                                        const std::string& request_id, bool valid,
                                                        const std::string& reason) {
  return decide(request_id, {"adviser", adviser_id}, valid, reason, "");
}

Result<nlohmann::json> RequestLifecycle::decide(const std::string& request_id,
                                                const workflow::Actor& actor, bool valid,
                                                const std::string& reason,
                                                const std::string& company_id) {
  return database_.write([&](soci::session& sql) -> Result<nlohmann::json> {
    const Error unknown =
        Error::of(ErrorKind::not_found, "not_found", "Cette demande n'existe pas.");
    if (!company_id.empty()) {
      // Another company's applicant, or one at consent level 1, does not exist for this company.
      int visible = 0;
      sql << "SELECT COUNT(*) FROM employments e JOIN consents c ON c.request_id = e.request_id"
             " WHERE e.request_id = :r AND e.company_id = :c AND c.level >= 2",
          soci::use(request_id), soci::use(company_id), soci::into(visible);
      if (visible == 0) return unknown;
    }
    auto instance = instance_of(sql, request_id);
    if (!instance) return unknown;
    if (valid && actor.role == "company" && requests_) {
      std::string account_id;
      sql << "SELECT account_id FROM housing_requests WHERE id = :r", soci::use(request_id),
          soci::into(account_id);
      auto request = load_request(sql, account_id);
      if (!request) return unknown;
      if (auto refused = requests_->company_validation_refusal(sql, *request, clock_.now())) {
        return *refused;
      }
    }
    const std::string event = !valid                    ? "reject"
                              : actor.role == "company" ? "company_validate"
                                                        : "adviser_validate";
    nlohmann::json patch = nlohmann::json::object();
    if (!valid) patch["rejectionReason"] = reason;
    auto fired = workflows_.fire(sql, instance->id, event, actor, patch);
    if (!fired) return fired.error();
    return nlohmann::json{{"requestId", request_id}, {"state", fired->state}};
  });
}

nlohmann::json RequestLifecycle::queue(const std::string& state, int page, int page_size) {
  return database_.read([&](soci::session& sql) {
    int total = 0;
    sql << "SELECT COUNT(*) FROM housing_requests WHERE state = :s", soci::use(state),
        soci::into(total);
    const int offset = (page - 1) * page_size;
    nlohmann::json items = nlohmann::json::array();
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id, r.unique_number, r.department, r.state, r.submitted_at,"
                        " a.last_name, a.first_name, COALESCE(o.name, e.employer_name, '')"
                        " FROM housing_requests r JOIN accounts a ON a.id = r.account_id"
                        " LEFT JOIN employments e ON e.request_id = r.id"
                        " LEFT JOIN organisations o ON o.id = e.company_id"
                        " WHERE r.state = :s ORDER BY r.submitted_at, r.id"
                        " LIMIT :limit OFFSET :offset",
         soci::use(state), soci::use(page_size), soci::use(offset));
    for (const auto& r : rows) {
      items.push_back({{"requestId", r.get<std::string>(0)},
                       {"uniqueNumber", r.get<std::string>(1)},
                       {"department", r.get<std::string>(2)},
                       {"state", r.get<std::string>(3)},
                       {"submittedAt", r.get_indicator(4) == soci::i_ok
                                           ? nlohmann::json(format_utc(r.get<long long>(4)))
                                           : nlohmann::json(nullptr)},
                       {"lastName", r.get<std::string>(5)},
                       {"firstName", r.get<std::string>(6)},
                       {"employer", r.get<std::string>(7)}});
    }
    return nlohmann::json{
        {"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
  });
}

}  // namespace alin::requests
