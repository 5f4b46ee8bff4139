// What happens on import (RULES.md §3, user guide #3–#4): the unique number is checked, its
// department's registration site emails a code to the address it knows (24 h), the code brings the
// request in, the identity must match the account's, and the household is stored. Attempts are
// counted per unique number, so a 5-character code cannot be guessed.
#include <algorithm>

#include "alin/requests/request_lifecycle.hpp"
#include "alin/requests/request_service.hpp"
#include "alin/requests/unique_number.hpp"
#include "requests/request_store.hpp"

namespace alin::requests {
namespace {

// Names compared the way a person would: case, accents, hyphens, apostrophes and spaces aside.
std::string fold_name(const std::string& name) {
  static const std::vector<std::pair<std::string, char>> accents = {
      {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"á", 'a'}, {"ç", 'c'}, {"é", 'e'}, {"è", 'e'},
      {"ê", 'e'}, {"ë", 'e'}, {"î", 'i'}, {"ï", 'i'}, {"í", 'i'}, {"ô", 'o'}, {"ö", 'o'},
      {"ó", 'o'}, {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'}, {"ú", 'u'}, {"ÿ", 'y'}, {"ñ", 'n'},
      {"À", 'a'}, {"Â", 'a'}, {"Ä", 'a'}, {"Ç", 'c'}, {"É", 'e'}, {"È", 'e'}, {"Ê", 'e'},
      {"Ë", 'e'}, {"Î", 'i'}, {"Ï", 'i'}, {"Ô", 'o'}, {"Ö", 'o'}, {"Ù", 'u'}, {"Û", 'u'},
      {"Ü", 'u'}, {"Ÿ", 'y'}, {"Ñ", 'n'}};
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    bool replaced = false;
    if (static_cast<unsigned char>(name[i]) >= 0x80) {
      for (const auto& [accented, plain] : accents) {
        if (name.compare(i, accented.size(), accented) == 0) {
          out += plain;
          i += accented.size();
          replaced = true;
          break;
        }
      }
    }
    if (replaced) continue;
    const char c = name[i++];
    if (c == ' ' || c == '-' || c == '\'' || c == '.') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The household's situation as T 11.3 compares it: who lives in it (role and birth date) and the
// couple. A birth, a separation or a new partner changes it; a new address does not.
// `people` are the site's or the stored members (both have a role and a birth date).
template <typename People>
std::string situation_of(const std::string& couple_status, const People& people) {
  std::vector<std::pair<std::string, std::string>> members;
  for (const auto& m : people) members.emplace_back(m.role, m.birth_date);
  std::sort(members.begin(), members.end());
  std::string out = "couple=" + couple_status;
  for (const auto& [role, birth_date] : members) out += ";" + role + ":" + birth_date;
  return out;
}

// "2026-11-22" → "22/11/2026", for French sentences.
std::string french_date(const std::string& iso) {
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

Error invalid_number(const UniqueNumberError& e) {
  return Error::invalid("invalid_unique_number", "Le numéro unique n'est pas valide.",
                        {{"nur", e.code, e.message}});
}

}  // namespace

Error from_plugin(const sdk::Error& e) {
  switch (e.fault) {
    case sdk::Fault::invalid:
      return Error::invalid(e.code, e.message);
    case sdk::Fault::not_found:
      return Error::of(ErrorKind::not_found, e.code, e.message);
    case sdk::Fault::denied:
      if (e.code == "wrong_code") {
        return Error::invalid("wrong_code", e.message, {{"code", "wrong_code", e.message}});
      }
      return Error::of(ErrorKind::conflict, e.code, e.message);
    case sdk::Fault::expired:
      return Error::of(ErrorKind::gone, e.code, e.message);
    case sdk::Fault::rate_limited: {
      Error error = Error::of(ErrorKind::rate_limited, e.code, e.message);
      error.retry_after_seconds = 60;
      return error;
    }
    case sdk::Fault::unavailable:
    case sdk::Fault::internal:
      break;
  }
  // The host answers 502 for these codes: the fault is the site's, not the applicant's.
  return Error::of(ErrorKind::unprocessable, "site_unavailable", e.message);
}

RequestService::RequestService(store::Database& database, const Clock& clock,
                               const plugins::PluginRegistry& plugins,
                               std::shared_ptr<const RegistrationSites> sites,
                               RequestsConfig config)
    : database_(database),
      clock_(clock),
      plugins_(plugins),
      sites_(std::move(sites)),
      config_(config) {}

Result<std::shared_ptr<sdk::DepartmentSite>> RequestService::site_for(const std::string& plugin) {
  auto site = plugins_.department(plugin);
  if (!site) {
    return Error::of(ErrorKind::unprocessable, "site_unavailable",
                     "L'import depuis ce site d'enregistrement est momentanément indisponible.");
  }
  return site;
}

std::optional<Error> RequestService::check_attempts(const std::string& unique_number,
                                                    const std::string& kind, int max) {
  const long long since = clock_.now() - config_.attempt_window;
  long long oldest = 0;
  const int count = database_.read([&](soci::session& sql) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM request_import_attempts WHERE unique_number = :n AND kind = :k "
           "AND at > :s",
        soci::use(unique_number), soci::use(kind), soci::use(since), soci::into(n);
    if (n >= max) {
      sql << "SELECT MIN(at) FROM request_import_attempts WHERE unique_number = :n AND kind = :k "
             "AND at > :s",
          soci::use(unique_number), soci::use(kind), soci::use(since), soci::into(oldest);
    }
    return n;
  });
  if (count < max) return std::nullopt;
  Error error = Error::of(
      ErrorKind::rate_limited, "too_many_attempts",
      kind == "code_sent" ? "Trop de codes demandés pour ce numéro unique : réessayez plus tard."
                          : "Trop de codes erronés pour ce numéro unique : réessayez plus tard.");
  error.retry_after_seconds =
      static_cast<int>(std::max<long long>(1, oldest + config_.attempt_window - clock_.now()));
  return error;
}

void RequestService::record_attempt(const std::string& unique_number, const std::string& kind,
                                    const std::string& account_id) {
  const long long at = clock_.now();
  database_.write([&](soci::session& sql) {
    sql << "INSERT INTO request_import_attempts (unique_number, kind, account_id, at) VALUES (:n, "
           ":k, :a, :t)",
        soci::use(unique_number), soci::use(kind), soci::use(account_id), soci::use(at);
  });
}

Result<ImportStarted> RequestService::start_import(const std::string& account_id,
                                                   const std::string& unique_number,
                                                   const std::string& birth_date) {
  const auto parsed = parse_unique_number(unique_number);
  if (!parsed.number) return invalid_number(*parsed.error);
  const UniqueNumber& nur = *parsed.number;
  // The Île-de-France register is national-site territory: Paris stands for the region.
  const std::string department = nur.ile_de_france ? "75" : nur.department;
  const RegistrationSite* site = sites_->find(department);
  if (site == nullptr) return invalid_number({"bad_territory", "Département inconnu."});
  if (site->plugin.empty()) {
    return Error::of(ErrorKind::unprocessable, "site_not_supported",
                     "L'import depuis le site d'enregistrement de ce département (" + site->url +
                         ") n'est pas encore possible.");
  }
  const bool exists = database_.read([&](soci::session& sql) {
    int mine = 0;
    sql << "SELECT COUNT(*) FROM housing_requests WHERE account_id = :a", soci::use(account_id),
        soci::into(mine);
    return mine > 0;
  });
  if (exists) {
    return Error::of(ErrorKind::conflict, "request_exists",
                     "Vous avez déjà une demande : supprimez-la pour en importer une autre.");
  }
  if (auto limited = check_attempts(nur.text, "code_sent", config_.max_codes_per_number)) {
    return *limited;
  }
  auto plugin = site_for(site->plugin);
  if (!plugin.ok()) return plugin.error();
  record_attempt(nur.text, "code_sent", account_id);
  auto sent = plugin.value()->send_access_code(nur.text);
  if (!sent.ok()) return from_plugin(sent.error());

  ImportStarted started{sent->masked_email, sent->expires_at, department, site->plugin};
  if (started.expires_at <= clock_.now()) started.expires_at = clock_.now() + config_.code_validity;
  const long long now = clock_.now();
  database_.write([&](soci::session& sql) {
    sql << "DELETE FROM request_imports WHERE account_id = :a", soci::use(account_id);
    const long long expires = started.expires_at;
    sql << "INSERT INTO request_imports (account_id, unique_number, department, plugin, birth_date,"
           " masked_email, expires_at, created_at) VALUES (:a, :n, :d, :p, :b, :m, :e, :c)",
        soci::use(account_id), soci::use(nur.text), soci::use(department), soci::use(site->plugin),
        soci::use(birth_date), soci::use(started.masked_email), soci::use(expires), soci::use(now);
  });
  return started;
}

Result<HousingRequest> RequestService::confirm_import(const std::string& account_id,
                                                      const std::string& unique_number,
                                                      const std::string& code) {
  const auto parsed = parse_unique_number(unique_number);
  if (!parsed.number) return invalid_number(*parsed.error);
  const std::string nur = parsed.number->text;

  struct Pending {
    std::string department, plugin, birth_date, last_name, first_name;
    long long expires_at = 0;
    bool found = false;
  } pending;
  database_.read([&](soci::session& sql) {
    soci::rowset<soci::row> rows =
        (sql.prepare
             << "SELECT i.department, i.plugin, i.birth_date, i.expires_at, a.last_name,"
                " a.first_name FROM request_imports i JOIN accounts a ON a.id = i.account_id"
                " WHERE i.account_id = :a AND i.unique_number = :n",
         soci::use(account_id), soci::use(nur));
    for (const auto& r : rows) {
      pending = {r.get<std::string>(0),
                 r.get<std::string>(1),
                 r.get<std::string>(2),
                 r.get<std::string>(4),
                 r.get<std::string>(5),
                 r.get<long long>(3),
                 true};
    }
  });
  if (!pending.found) {
    return Error::of(ErrorKind::not_found, "no_code_requested",
                     "Aucun code n'a été demandé pour ce numéro unique : demandez-en un d'abord.");
  }
  if (auto limited = check_attempts(nur, "code_failed", config_.max_failures_per_number)) {
    return *limited;
  }
  if (clock_.now() > pending.expires_at) {
    return Error::of(ErrorKind::gone, "code_expired",
                     "Ce code a expiré (valable 24 heures) : demandez-en un nouveau.");
  }
  auto plugin = site_for(pending.plugin);
  if (!plugin.ok()) return plugin.error();
  auto imported = plugin.value()->fetch(nur, code);
  if (!imported.ok()) {
    if (imported.error().fault == sdk::Fault::denied ||
        imported.error().fault == sdk::Fault::expired) {
      record_attempt(nur, "code_failed", account_id);
    }
    return from_plugin(imported.error());
  }
  const sdk::SiteRequest& site = imported->request;
  // The applicant on the unique number must be the account's holder (user guide #4).
  const sdk::SitePerson& applicant = site.members.front();
  std::vector<FieldError> mismatches;
  if (fold_name(applicant.last_name) != fold_name(pending.last_name)) {
    mismatches.push_back(
        {"lastName", "mismatch", "Le nom ne correspond pas à celui de la demande."});
  }
  if (fold_name(applicant.first_name) != fold_name(pending.first_name)) {
    mismatches.push_back(
        {"firstName", "mismatch", "Le prénom ne correspond pas à celui de la demande."});
  }
  if (applicant.birth_date != pending.birth_date) {
    mismatches.push_back(
        {"birthDate", "mismatch", "La date de naissance ne correspond pas à celle de la demande."});
  }
  if (!mismatches.empty()) {
    record_attempt(nur, "code_failed", account_id);
    Error error =
        Error::of(ErrorKind::conflict, "identity_mismatch",
                  "Votre identité ne correspond pas à celle du numéro unique : la demande "
                  "n'a pas été importée.");
    error.errors = std::move(mismatches);
    return error;
  }
  const std::string department = site.department.empty() ? pending.department : site.department;
  const UnixSeconds now = clock_.now();
  return database_.write([&](soci::session& sql) -> Result<HousingRequest> {
    int taken = 0;
    sql << "SELECT COUNT(*) FROM housing_requests WHERE unique_number = :n OR account_id = :a",
        soci::use(nur), soci::use(account_id), soci::into(taken);
    if (taken > 0) {
      return Error::of(ErrorKind::conflict, "already_imported",
                       "Cette demande est déjà importée sur la plateforme.");
    }
    if (auto refused = recently_housed(sql, account_id, site, now)) return *refused;
    sdk::Imported stored = imported.value();
    stored.request.unique_number = nur;  // the number as the platform knows it, normalised
    insert_request(sql, account_id, stored, department, pending.plugin, now);
    sql << "DELETE FROM request_imports WHERE account_id = :a", soci::use(account_id);
    return observed(sql, account_id);
  });
}

std::optional<Error> RequestService::recently_housed(soci::session& sql,
                                                     const std::string& account_id,
                                                     const sdk::SiteRequest& site,
                                                     UnixSeconds now) {
  const std::string today = format_utc(now).substr(0, 10);
  // T 11.3 says 12 months; analysts may change it in data/parameters.csv (0: never refused).
  std::optional<double> in_force;
  if (config_.rules) {
    if (const auto day = rules::parse_date(today)) {
      in_force = config_.rules->parameter("rehousing_delay_months", *day);
    }
  }
  const long long months = static_cast<long long>(in_force.value_or(12));
  if (months <= 0) return std::nullopt;
  const std::string situation = situation_of(site.couple_status, site.members);
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT housed_at, situation FROM housings WHERE account_id = :a"
                      " ORDER BY housed_at DESC",
       soci::use(account_id));
  for (const auto& r : rows) {
    const std::string housed_on = format_utc(r.get<long long>(0)).substr(0, 10);
    const std::string until = add_months(housed_on, static_cast<int>(months));
    if (today >= until || r.get<std::string>(1) != situation) continue;
    Error error = Error::of(ErrorKind::conflict, "recently_housed",
                            "Vous avez obtenu un logement le " + french_date(housed_on) +
                                " : sans changement de situation, une nouvelle demande n'est "
                                "possible qu'à partir du " +
                                french_date(until) + ".");
    error.errors.push_back({"household", "unchanged",
                            "La composition du foyer est la même que lors de votre relogement."});
    return error;
  }
  return std::nullopt;
}

Result<HousingRequest> RequestService::refresh(const std::string& account_id) {
  struct Row {
    std::string id, nur, plugin, token;
  };
  std::optional<Row> row;
  database_.read([&](soci::session& sql) {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, unique_number, plugin, refresh_token FROM housing_requests "
                        "WHERE account_id = :a",
         soci::use(account_id));
    for (const auto& r : rows) {
      row = Row{r.get<std::string>(0), r.get<std::string>(1),
                r.get_indicator(2) == soci::i_ok ? r.get<std::string>(2) : "",
                r.get_indicator(3) == soci::i_ok ? r.get<std::string>(3) : ""};
    }
  });
  if (!row)
    return Error::of(ErrorKind::not_found, "no_request", "Vous n'avez pas encore de demande.");
  auto plugin = site_for(row->plugin);
  if (!plugin.ok()) return plugin.error();
  auto fresh = plugin.value()->refresh(row->nur, row->token);
  if (!fresh.ok()) return from_plugin(fresh.error());
  const UnixSeconds now = clock_.now();
  return database_.write([&](soci::session& sql) -> Result<HousingRequest> {
    update_from_site(sql, row->id, fresh.value(), now);
    return observed(sql, account_id);
  });
}

Result<HousingRequest> RequestService::get(const std::string& account_id) {
  auto found = database_.read([&](soci::session& sql) { return load_request(sql, account_id); });
  if (!found)
    return Error::of(ErrorKind::not_found, "no_request", "Vous n'avez pas encore de demande.");
  return *found;
}

Status RequestService::remove(const std::string& account_id) {
  return database_.write([&](soci::session& sql) -> Status {
    std::string id;
    soci::indicator ind = soci::i_null;
    sql << "SELECT id FROM housing_requests WHERE account_id = :a", soci::use(account_id),
        soci::into(id, ind);
    if (!sql.got_data() || ind != soci::i_ok) {
      return Error::of(ErrorKind::not_found, "no_request", "Vous n'avez pas encore de demande.");
    }
    // Housed through this request (a lease signed): remembered beyond the request, for T 11.3.
    long long housed_at = 0;
    soci::indicator housed_ind = soci::i_null;
    sql << "SELECT MAX(updated_at) FROM applications WHERE request_id = :id"
           " AND state = 'lease_signed'",
        soci::use(id), soci::into(housed_at, housed_ind);
    if (housed_ind == soci::i_ok) {
      auto request = load_request(sql, account_id);
      const std::string situation = situation_of(request->couple_status, request->members);
      sql << "INSERT INTO housings (account_id, request_id, unique_number, housed_at, situation)"
             " VALUES (:a, :r, :n, :t, :s)",
          soci::use(account_id), soci::use(id), soci::use(request->unique_number),
          soci::use(housed_at), soci::use(situation);
    }
    // Children first: not every backend enforces ON DELETE CASCADE without being asked.
    for (const char* table : {"household_members", "wanted_communes", "employments", "consents",
                              "supporting_documents", "applications"}) {
      sql << "DELETE FROM " << table << " WHERE request_id = :id", soci::use(id);
    }
    sql << "DELETE FROM housing_requests WHERE id = :id", soci::use(id);
    return ok();
  });
}

}  // namespace alin::requests
