#pragma once
// Accounts and sessions (RULES.md §2): creation, email confirmation, login, logout, inactivity
// expiry, password reset, rate-limited failures, staff users and the bootstrap admin.
#include <optional>
#include <string>
#include <vector>

#include "alin/accounts/roles.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/crypto.hpp"
#include "alin/util/error.hpp"

namespace alin::accounts {

struct AccountsConfig {
  UnixSeconds confirmation_ttl = 72 * 3600;  // T 9.8 (the user guide's 2 days lost to the CGU)
  UnixSeconds reset_ttl = 3600;
  UnixSeconds session_idle_timeout = 30 * 60;  // T 10.7: disconnected after inactivity
  UnixSeconds session_max_age = 12 * 3600;
  UnixSeconds session_touch_interval = 60;  // last-seen is written at most this often
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  UnixSeconds failure_window = 15 * 60;
  crypto::PasswordCost password_cost;
  std::string public_url = "http://127.0.0.1:8080";  // where the links in emails point
};

struct NewAccount {
  std::string last_name;
  std::string first_name;
  std::string mobile;
  std::string email;
  bool accepts_data_use = false;
  bool accepts_terms = false;
};

struct NewStaffUser {
  std::string email;
  std::string last_name;
  std::string first_name;
  std::string role;
  std::string organisation_id;
};

struct Session {
  std::string token;  // shown once, never stored
  UnixSeconds expires_at = 0;
  Role role = Role::applicant;
  std::string account_id;
};

class AccountService {
 public:
  AccountService(store::Database& database, const Clock& clock, AccountsConfig config);

  // POST /accounts: stores a pending account and queues the confirmation email. Returns its id.
  Result<std::string> create_account(const NewAccount& input);
  // POST /accounts/confirm: sets the password and activates the account.
  Status confirm(const std::string& token, const std::string& password);
  // POST /accounts/confirm/resend: a new link if a pending account has this address; silent
  // otherwise.
  void resend_confirmation(const std::string& email);

  // POST /sessions. `address` is the client's IP, for the per-address failure limit.
  Result<Session> login(const std::string& email, const std::string& password,
                        const std::string& address);
  // DELETE /sessions/current.
  void logout(const std::string& token);
  // Every authenticated request: the principal, or unauthenticated when unknown, revoked or idle.
  Result<Principal> authenticate(const std::string& token);

  void request_password_reset(const std::string& email);
  Status reset_password(const std::string& token, const std::string& password);

  // POST /admin/users: a staff account, activated by the link emailed to it.
  Result<std::string> create_staff_user(const NewStaffUser& input);
  // Creates the admin from configuration if it does not exist yet (an existing one is left alone).
  void ensure_admin(const std::string& email, const std::string& password);
  // For the demo and tests: an active account with a password, no email round trip.
  Result<std::string> create_active_account(const NewAccount& input, Role role,
                                            const std::string& password,
                                            const std::string& organisation_id = "");

  const AccountsConfig& config() const { return config_; }

 private:
  std::string issue_link_token(soci::session& sql, const std::string& account_id,
                               const std::string& purpose, UnixSeconds ttl);
  Result<std::string> insert_account(soci::session& sql, const NewAccount& input, Role role,
                                     const std::string& state, const std::string& password_hash,
                                     const std::string& organisation_id);
  // The rate limit: an error when `subject` has too many recent failures.
  std::optional<Error> check_failures(soci::session& sql, const std::string& subject, int max);

  store::Database& database_;
  const Clock& clock_;
  AccountsConfig config_;
  std::string dummy_hash_;  // verified against for unknown emails, so timing reveals nothing
};

}  // namespace alin::accounts
