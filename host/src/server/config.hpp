#pragma once
// Everything the host can be told, from the configuration file and the command line.
#include <Poco/Util/AbstractConfiguration.h>

#include <string>

#include "alin/accounts/account_service.hpp"

namespace alin::host {

struct HostConfig {
  std::string bind_address = "127.0.0.1";
  int port = 8080;                  // 0 = any free port
  std::string database = "sqlite3://db=var/alin.db";
  std::size_t database_pool = 8;
  int threads = 16;                 // request worker threads
  int max_queued = 256;             // accepted connections waiting for a worker; beyond, refused
  int keep_alive_seconds = 5;       // short: idle keep-alive connections hold a worker
  int max_keep_alive_requests = 1000;
  std::size_t max_body_bytes = 1 << 20;
  std::string data_directory = "rules/data";  // reference data: communes/ lives under it
  std::string rules_directory = "rules";
  std::string workflows_directory = "workflows";
  std::string plugin_directories = "build/plugins";
  std::string mail_transport = "maildir:var/mail";  // or smtp://host:port
  std::string mail_sender = "AL'in <ne-pas-repondre@alin.local>";
  bool demo = false;
  int demo_offers = 400;  // offers the demo publishes on an empty database
  long long outbox_lease_seconds = 60;  // a claimed effect is another host's to retry after this
  bool test_clock = false;
  std::string admin_email;
  std::string admin_password;
  accounts::AccountsConfig accounts;

  // Reads the keys documented in docs/operators.md; unknown keys are ignored.
  static HostConfig from(const Poco::Util::AbstractConfiguration& config);
};

}  // namespace alin::host
