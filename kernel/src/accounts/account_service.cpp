#include "alin/accounts/account_service.hpp"

#include <algorithm>

#include "accounts/account_emails.hpp"
#include "alin/accounts/password_policy.hpp"
#include "alin/accounts/validation.hpp"
#include "alin/mail/mail.hpp"
#include "alin/store/prepared.hpp"

namespace alin::accounts {
namespace {

// Every authenticated request reads its session: prepared once per connection, its columns read
// into typed members (a soci::row converts each one through a type-erased holder).
struct SessionByTokenHash final : store::PreparedStatement {
  std::string hash, account_id, role, email, organisation_id, state;
  long long created_at = 0, last_seen = 0, revoked_at = 0;
  soci::indicator revoked = soci::i_null, organisation = soci::i_null;
  soci::statement statement;
  explicit SessionByTokenHash(soci::session& sql)
      : statement((sql.prepare << "SELECT s.account_id, s.created_at, s.last_seen_at, s.revoked_at,"
                                  " a.role, a.email, a.organisation_id, a.state FROM sessions s"
                                  " JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = :h",
                   soci::use(hash), soci::into(account_id), soci::into(created_at),
                   soci::into(last_seen), soci::into(revoked_at, revoked), soci::into(role),
                   soci::into(email), soci::into(organisation_id, organisation),
                   soci::into(state))) {}

  // Whether the session exists; its values are then in the members.
  bool run(const std::string& token_hash) {
    hash = token_hash;
    if (!statement.execute(true)) return false;
    // Step past the one row (the hash is unique), so that SQLite ends the statement and its read.
    statement.fetch();
    return true;
  }
};

Error invalid_input(std::vector<FieldError> errors) {
  return Error::invalid("invalid_input", "Certains champs ne sont pas valides.", std::move(errors));
}

Error invalid_credentials() {
  return Error::of(ErrorKind::unauthenticated, "invalid_credentials",
                   "Adresse e-mail ou mot de passe incorrect.");
}

struct AccountRow {
  std::string id, email, first_name, role, state, password_hash, organisation_id;
};

std::optional<AccountRow> find_account(soci::session& sql, const std::string& column,
                                       const std::string& value) {
  AccountRow row;
  soci::indicator hash_ind = soci::i_null, org_ind = soci::i_null;
  sql << "SELECT id, email, first_name, role, state, password_hash, organisation_id FROM accounts"
         " WHERE " +
             column + " = :v",
      soci::use(value), soci::into(row.id), soci::into(row.email), soci::into(row.first_name),
      soci::into(row.role), soci::into(row.state), soci::into(row.password_hash, hash_ind),
      soci::into(row.organisation_id, org_ind);
  if (!sql.got_data()) return std::nullopt;
  if (hash_ind != soci::i_ok) row.password_hash.clear();
  if (org_ind != soci::i_ok) row.organisation_id.clear();
  return row;
}

// A link token that is still usable: its account id, or the error to answer.
Result<std::string> redeem_link_token(soci::session& sql, const std::string& token,
                                      const std::string& purpose, UnixSeconds now) {
  const std::string hash = crypto::token_hash(token);
  std::string account_id;
  long long expires_at = 0;
  long long used_at = 0;
  soci::indicator used_ind = soci::i_null;
  sql << "SELECT account_id, expires_at, used_at FROM account_tokens"
         " WHERE token_hash = :h AND purpose = :p",
      soci::use(hash), soci::use(purpose), soci::into(account_id), soci::into(expires_at),
      soci::into(used_at, used_ind);
  if (!sql.got_data() || used_ind == soci::i_ok) {
    return Error::of(ErrorKind::not_found, "unknown_token",
                     "Ce lien n'est pas valide ou a déjà été utilisé.");
  }
  if (expires_at < now) {
    return Error::of(ErrorKind::gone, "expired_token",
                     "Ce lien a expiré. Vous pouvez en demander un nouveau.");
  }
  const long long at = now;
  sql << "UPDATE account_tokens SET used_at = :now WHERE token_hash = :h", soci::use(at),
      soci::use(hash);
  return account_id;
}

}  // namespace

AccountService::AccountService(store::Database& database, const Clock& clock, AccountsConfig config)
    : database_(database), clock_(clock), config_(std::move(config)) {
  dummy_hash_ = crypto::hash_password("dummy-password-for-timing", config_.password_cost);
}

std::string AccountService::issue_link_token(soci::session& sql, const std::string& account_id,
                                             const std::string& purpose, UnixSeconds ttl) {
  const std::string token = crypto::random_token();
  const std::string hash = crypto::token_hash(token);
  const long long now = clock_.now();
  const long long expires = now + ttl;
  // Only the newest link of a kind works: older ones are spent.
  sql << "UPDATE account_tokens SET used_at = :now WHERE account_id = :a AND purpose = :p AND "
         "used_at IS NULL",
      soci::use(now), soci::use(account_id), soci::use(purpose);
  sql << "INSERT INTO account_tokens (token_hash, account_id, purpose, created_at, expires_at)"
         " VALUES (:h, :a, :p, :c, :e)",
      soci::use(hash), soci::use(account_id), soci::use(purpose), soci::use(now),
      soci::use(expires);
  return token;
}

Result<std::string> AccountService::insert_account(soci::session& sql, const NewAccount& input,
                                                   Role role, const std::string& state,
                                                   const std::string& password_hash,
                                                   const std::string& organisation_id) {
  int existing = 0;
  sql << "SELECT COUNT(*) FROM accounts WHERE email = :e", soci::use(input.email),
      soci::into(existing);
  if (existing > 0) {
    return Error{ErrorKind::conflict,
                 "email_taken",
                 "Un compte existe déjà avec cette adresse e-mail.",
                 {{"email", "email_taken", "Un compte existe déjà avec cette adresse e-mail."}}};
  }
  const std::string id = crypto::new_id();
  const std::string role_name(to_string(role));
  const long long now = clock_.now();
  const int data_use = input.accepts_data_use ? 1 : 0;
  const int terms = input.accepts_terms ? 1 : 0;
  soci::indicator hash_ind = password_hash.empty() ? soci::i_null : soci::i_ok;
  soci::indicator org_ind = organisation_id.empty() ? soci::i_null : soci::i_ok;
  soci::indicator confirmed_ind = state == "active" ? soci::i_ok : soci::i_null;
  soci::indicator mobile_ind = input.mobile.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO accounts (id, email, last_name, first_name, mobile, role, organisation_id, "
         "state,"
         " password_hash, accepts_data_use, accepts_terms, created_at, confirmed_at)"
         " VALUES (:id, :email, :last, :first, :mobile, :role, :org, :state, :hash, :data, :terms, "
         ":now, :confirmed)",
      soci::use(id), soci::use(input.email), soci::use(input.last_name),
      soci::use(input.first_name), soci::use(input.mobile, mobile_ind), soci::use(role_name),
      soci::use(organisation_id, org_ind), soci::use(state), soci::use(password_hash, hash_ind),
      soci::use(data_use), soci::use(terms), soci::use(now), soci::use(now, confirmed_ind);
  return id;
}

Result<std::string> AccountService::create_account(const NewAccount& raw) {
  std::vector<FieldError> errors;
  NewAccount input;
  input.last_name = check_name(raw.last_name, errors, "lastName");
  input.first_name = check_name(raw.first_name, errors, "firstName");
  input.mobile = normalise_mobile(raw.mobile, errors);
  input.email = normalise_email(raw.email, errors);
  input.accepts_data_use = raw.accepts_data_use;
  input.accepts_terms = raw.accepts_terms;
  if (!raw.accepts_data_use)
    errors.push_back({"acceptsDataUse", "must_accept",
                      "Vous devez accepter l'utilisation de vos données personnelles."});
  if (!raw.accepts_terms)
    errors.push_back({"acceptsTerms", "must_accept",
                      "Vous devez accepter les conditions générales d'utilisation."});
  if (!errors.empty()) return invalid_input(std::move(errors));

  return database_.write([&](soci::session& sql) -> Result<std::string> {
    auto id = insert_account(sql, input, Role::applicant, "pending", "", "");
    if (!id) return id;
    const std::string token = issue_link_token(sql, *id, "confirm", config_.confirmation_ttl);
    mail::enqueue(sql,
                  confirmation_email(input.email, input.first_name,
                                     config_.public_url + "/compte/confirmer?token=" + token,
                                     static_cast<int>(config_.confirmation_ttl / 3600)),
                  clock_.now());
    return id;
  });
}

Status AccountService::confirm(const std::string& token, const std::string& password) {
  return database_.write([&](soci::session& sql) -> Status {
    auto account_id = redeem_link_token(sql, token, "confirm", clock_.now());
    if (!account_id) return account_id.error();
    auto account = find_account(sql, "id", *account_id);
    if (!account)
      return Error::of(ErrorKind::not_found, "unknown_token", "Ce lien n'est pas valide.");
    if (auto errors = check_password(password, account->email); !errors.empty()) {
      return Error::invalid("password_rules", "Le mot de passe ne respecte pas les règles.",
                            std::move(errors));
    }
    const std::string hash = crypto::hash_password(password, config_.password_cost);
    const long long now = clock_.now();
    sql << "UPDATE accounts SET password_hash = :h, state = 'active', confirmed_at = :now WHERE id "
           "= :id",
        soci::use(hash), soci::use(now), soci::use(*account_id);
    return ok();
  });
}

void AccountService::resend_confirmation(const std::string& raw_email) {
  std::vector<FieldError> ignored;
  const std::string email = normalise_email(raw_email, ignored);
  database_.write([&](soci::session& sql) {
    auto account = find_account(sql, "email", email);
    if (!account || account->state != "pending") return;
    const std::string token =
        issue_link_token(sql, account->id, "confirm", config_.confirmation_ttl);
    const std::string link = config_.public_url + "/compte/confirmer?token=" + token;
    const int hours = static_cast<int>(config_.confirmation_ttl / 3600);
    mail::enqueue(
        sql,
        account->role == "applicant"
            ? confirmation_email(email, account->first_name, link, hours)
            : staff_invitation_email(email, account->first_name, account->role, link, hours),
        clock_.now());
  });
}

std::optional<Error> AccountService::check_failures(soci::session& sql, const std::string& subject,
                                                    int max) {
  const long long since = clock_.now() - config_.failure_window;
  int count = 0;
  long long oldest = 0;
  soci::indicator oldest_ind = soci::i_null;
  sql << "SELECT COUNT(*), MIN(at) FROM login_failures WHERE subject = :s AND at > :since",
      soci::use(subject), soci::use(since), soci::into(count), soci::into(oldest, oldest_ind);
  if (count < max) return std::nullopt;
  Error error = Error::of(ErrorKind::rate_limited, "too_many_attempts",
                          "Trop de tentatives de connexion. Réessayez plus tard.");
  error.retry_after_seconds =
      static_cast<int>(std::max<long long>(1, oldest + config_.failure_window - clock_.now()));
  return error;
}

Result<Session> AccountService::login(const std::string& raw_email, const std::string& password,
                                      const std::string& address) {
  std::vector<FieldError> ignored;
  const std::string email = normalise_email(raw_email, ignored);
  const std::string address_subject = "address:" + address;

  // Read and check outside the write lock: Argon2id is deliberately slow.
  struct Checked {
    std::optional<AccountRow> account;
    std::optional<Error> limited;
  };
  Checked checked = database_.read([&](soci::session& sql) {
    Checked c;
    c.limited = check_failures(sql, address_subject, config_.max_failures_per_address);
    c.account = find_account(sql, "email", email);
    if (!c.limited && c.account)
      c.limited = check_failures(sql, "account:" + c.account->id, config_.max_failures_per_account);
    return c;
  });
  if (checked.limited) return *checked.limited;

  const auto& account = checked.account;
  const bool verified = account && !account->password_hash.empty()
                            ? crypto::verify_password(password, account->password_hash)
                            : (crypto::verify_password(password, dummy_hash_), false);
  const long long now = clock_.now();
  if (!verified) {
    database_.write([&](soci::session& sql) {
      sql << "INSERT INTO login_failures (subject, at) VALUES (:s, :at)",
          soci::use(address_subject), soci::use(now);
      if (account) {
        const std::string subject = "account:" + account->id;
        sql << "INSERT INTO login_failures (subject, at) VALUES (:s, :at)", soci::use(subject),
            soci::use(now);
      }
      // Old failures are of no use to any window: drop them as we go.
      const long long horizon = now - config_.failure_window;
      sql << "DELETE FROM login_failures WHERE at <= :h", soci::use(horizon);
    });
    return invalid_credentials();
  }
  if (account->state == "disabled") {
    return Error::of(ErrorKind::forbidden, "account_disabled", "Ce compte est désactivé.");
  }

  Session session;
  session.token = crypto::random_token();
  session.account_id = account->id;
  session.role = parse_role(account->role).value_or(Role::applicant);
  session.expires_at = now + std::min(config_.session_idle_timeout, config_.session_max_age);
  const std::string hash = crypto::token_hash(session.token);
  database_.write([&](soci::session& sql) {
    sql << "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES (:h, "
           ":a, :c, :s)",
        soci::use(hash), soci::use(account->id), soci::use(now), soci::use(now);
    sql << "UPDATE accounts SET last_login_at = :now WHERE id = :id", soci::use(now),
        soci::use(account->id);
    const std::string subject = "account:" + account->id;
    sql << "DELETE FROM login_failures WHERE subject = :s", soci::use(subject);
  });
  return session;
}

void AccountService::logout(const std::string& token) {
  const std::string hash = crypto::token_hash(token);
  const long long now = clock_.now();
  database_.write([&](soci::session& sql) {
    sql << "UPDATE sessions SET revoked_at = :now WHERE token_hash = :h AND revoked_at IS NULL",
        soci::use(now), soci::use(hash);
  });
}

Result<Principal> AccountService::authenticate(const std::string& token) {
  const std::string hash = crypto::token_hash(token);
  const long long now = clock_.now();
  Principal principal;
  long long created_at = 0, last_seen = 0;
  std::string role, state;
  soci::indicator revoked_ind = soci::i_null;
  const bool found = database_.read([&](soci::session& sql) {
    auto& session = store::prepared<SessionByTokenHash>(sql);
    if (!session.run(hash)) return false;
    principal.account_id = session.account_id;
    created_at = session.created_at;
    last_seen = session.last_seen;
    revoked_ind = session.revoked;  // revoked when set, whatever the time
    role = session.role;
    principal.email = session.email;
    if (session.organisation == soci::i_ok) principal.organisation_id = session.organisation_id;
    state = session.state;
    return true;
  });
  const Error expired = Error::of(ErrorKind::unauthenticated, "session_expired",
                                  "Votre session a expiré. Reconnectez-vous.");
  if (!found || revoked_ind == soci::i_ok || state != "active") {
    return Error::of(ErrorKind::unauthenticated, "invalid_token", "Authentification requise.");
  }
  if (last_seen + config_.session_idle_timeout < now ||
      created_at + config_.session_max_age < now) {
    return expired;
  }
  principal.role = parse_role(role).value_or(Role::applicant);
  if (now - last_seen >= config_.session_touch_interval) {
    database_.write([&](soci::session& sql) {
      sql << "UPDATE sessions SET last_seen_at = :now WHERE token_hash = :h", soci::use(now),
          soci::use(hash);
    });
  }
  return principal;
}

void AccountService::request_password_reset(const std::string& raw_email) {
  std::vector<FieldError> ignored;
  const std::string email = normalise_email(raw_email, ignored);
  database_.write([&](soci::session& sql) {
    auto account = find_account(sql, "email", email);
    if (!account || account->state != "active") return;
    const std::string token = issue_link_token(sql, account->id, "reset", config_.reset_ttl);
    mail::enqueue(sql,
                  password_reset_email(email, account->first_name,
                                       config_.public_url + "/compte/mot-de-passe?token=" + token,
                                       static_cast<int>(config_.reset_ttl / 60)),
                  clock_.now());
  });
}

Status AccountService::reset_password(const std::string& token, const std::string& password) {
  return database_.write([&](soci::session& sql) -> Status {
    auto account_id = redeem_link_token(sql, token, "reset", clock_.now());
    if (!account_id) return account_id.error();
    auto account = find_account(sql, "id", *account_id);
    if (!account)
      return Error::of(ErrorKind::not_found, "unknown_token", "Ce lien n'est pas valide.");
    if (auto errors = check_password(password, account->email); !errors.empty()) {
      return Error::invalid("password_rules", "Le mot de passe ne respecte pas les règles.",
                            std::move(errors));
    }
    const std::string hash = crypto::hash_password(password, config_.password_cost);
    const long long now = clock_.now();
    sql << "UPDATE accounts SET password_hash = :h WHERE id = :id", soci::use(hash),
        soci::use(*account_id);
    // A reset is often a response to a stolen password: every open session ends with it.
    sql << "UPDATE sessions SET revoked_at = :now WHERE account_id = :id AND revoked_at IS NULL",
        soci::use(now), soci::use(*account_id);
    return ok();
  });
}

Result<std::string> AccountService::create_staff_user(const NewStaffUser& raw) {
  std::vector<FieldError> errors;
  NewAccount input;
  input.email = normalise_email(raw.email, errors);
  input.last_name = check_name(raw.last_name, errors, "lastName");
  input.first_name = check_name(raw.first_name, errors, "firstName");
  input.accepts_data_use = input.accepts_terms = true;
  const auto role = parse_role(raw.role);
  if (!role || *role == Role::applicant) {
    errors.push_back({"role", "invalid_role",
                      "Le rôle doit être adviser, company, landlord, analyst ou admin."});
  }
  const bool needs_organisation = role && (*role == Role::company || *role == Role::landlord);
  if (needs_organisation && raw.organisation_id.empty()) {
    errors.push_back(
        {"organisationId", "required", "Ce rôle doit être rattaché à une organisation."});
  }
  if (!needs_organisation && !raw.organisation_id.empty()) {
    errors.push_back(
        {"organisationId", "not_allowed", "Ce rôle n'est rattaché à aucune organisation."});
  }
  if (!errors.empty()) return invalid_input(std::move(errors));

  return database_.write([&](soci::session& sql) -> Result<std::string> {
    if (needs_organisation) {
      std::string kind;
      sql << "SELECT kind FROM organisations WHERE id = :id", soci::use(raw.organisation_id),
          soci::into(kind);
      const std::string expected = *role == Role::company ? "company" : "landlord";
      if (!sql.got_data() || kind != expected) {
        return invalid_input(
            {{"organisationId", "unknown_organisation",
              "Aucune organisation de type " + expected + " n'a cet identifiant."}});
      }
    }
    auto id = insert_account(sql, input, *role, "pending", "", raw.organisation_id);
    if (!id) return id;
    const std::string token = issue_link_token(sql, *id, "confirm", config_.confirmation_ttl);
    mail::enqueue(sql,
                  staff_invitation_email(input.email, input.first_name, raw.role,
                                         config_.public_url + "/compte/confirmer?token=" + token,
                                         static_cast<int>(config_.confirmation_ttl / 3600)),
                  clock_.now());
    return id;
  });
}

Result<std::string> AccountService::create_active_account(const NewAccount& raw, Role role,
                                                          const std::string& password,
                                                          const std::string& organisation_id) {
  std::vector<FieldError> errors;
  NewAccount input = raw;
  input.email = normalise_email(raw.email, errors);
  if (auto password_errors = check_password(password, input.email); !password_errors.empty()) {
    errors.insert(errors.end(), password_errors.begin(), password_errors.end());
  }
  if (!errors.empty()) return invalid_input(std::move(errors));
  const std::string hash = crypto::hash_password(password, config_.password_cost);
  return database_.write([&](soci::session& sql) {
    return insert_account(sql, input, role, "active", hash, organisation_id);
  });
}

void AccountService::ensure_admin(const std::string& email, const std::string& password) {
  std::vector<FieldError> ignored;
  const std::string normalised = normalise_email(email, ignored);
  const bool exists = database_.read(
      [&](soci::session& sql) { return find_account(sql, "email", normalised).has_value(); });
  if (exists) return;
  NewAccount admin{"Administrateur", "AL'in", "", normalised, true, true};
  auto created = create_active_account(admin, Role::admin, password);
  if (!created) {
    std::string reasons;
    for (const auto& e : created.error().errors) reasons += " " + e.field + ": " + e.message;
    throw std::runtime_error("the configured admin account cannot be created:" + reasons);
  }
}

}  // namespace alin::accounts
