#pragma once
// The real alin-host binary, started on a free loopback port for API tests, and a small HTTP
// client to talk to it.
#include <Poco/Process.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/test_database.hpp"

namespace alin::testing {

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  nlohmann::json parsed;  // the body as JSON, null when it is not JSON
  // A reference into this reply: `for (auto& e : reply.json()["errors"])` is safe on a named reply.
  const nlohmann::json& json() const { return parsed; }
  std::string header(const std::string& lower_name) const;
};

struct HostOptions {
  TestBackend backend = TestBackend::sqlite;
  bool demo = false;
  bool test_clock = true;
  std::vector<std::string> extra_args;        // appended to the command line
  std::map<std::string, std::string> config;  // extra configuration keys
  std::string admin_email = "admin@test.alin";
  std::string admin_password = "Admin2026test";
  // To restart on another host's data: its database and its maildir (empty: fresh ones).
  std::string connection;
  std::string maildir;
};

class HostProcess {
 public:
  // Starts the host and waits for its "listening on" line; skips the test (GTEST_SKIP in the
  // caller: check `skipped()`) when PostgreSQL is asked for but not configured.
  explicit HostProcess(HostOptions options = {});
  ~HostProcess();

  bool skipped() const { return skipped_; }
  int port() const { return port_; }
  const std::string& maildir() const { return maildir_; }
  const std::string& connection() const { return connection_; }

  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {}) const;
  Reply get(const std::string& path, const std::string& token = "") const;
  Reply post(const std::string& path, const nlohmann::json& body,
             const std::string& token = "") const;
  Reply del(const std::string& path, const std::string& token = "") const;
  Reply put(const std::string& path, const nlohmann::json& body,
            const std::string& token = "") const;
  Reply patch(const std::string& path, const nlohmann::json& body,
              const std::string& token = "") const;

  // Logs in and returns the bearer token; fails the test when the login does not succeed.
  std::string login(const std::string& email, const std::string& password) const;
  std::string admin_token() const { return login(options_.admin_email, options_.admin_password); }
  // An applicant's account created through the sign-up form (mobile 0612345678, both boxes
  // ticked), confirmed through its emailed link with `password`, logged in: its token.
  std::string applicant(const std::string& email, const std::string& last_name,
                        const std::string& first_name,
                        const std::string& password = "Secret2026x") const;
  // A staff account made by the admin (POST /admin/users), activated through its emailed
  // invitation with `password`, logged in: its token. `organisation` for company and landlord
  // users.
  std::string staff(const std::string& admin_token, const std::string& email,
                    const std::string& role, const std::string& organisation = "",
                    const std::string& password = "Staff2026x") const;
  // The emails recorded for `to`, newest first (through GET /admin/messages).
  nlohmann::json messages_to(const std::string& to) const;
  // The token of the newest link of `template_name` emailed to `to` ("" when none).
  std::string link_token(const std::string& to, const std::string& template_name) const;

  // Sends SIGTERM and waits; returns the exit code.
  int stop();
  // Sends SIGKILL.
  void kill();
  std::string output() const;  // what the host printed on stdout

 private:
  HostOptions options_;
  bool skipped_ = false;
  int port_ = 0;
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<TempDir> directory_;
  std::string maildir_;
  std::string connection_;
  std::unique_ptr<Poco::ProcessHandle> process_;
  std::string stdout_path_;
};

// The source tree (for rules/data), from the build's ALIN_SOURCE_DIR definition.
std::string source_dir();

}  // namespace alin::testing
