#pragma once
// Everything the host can be told, from the configuration file and the command line.
#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <string>

#include "alin/accounts/account_service.hpp"

namespace alin::host {

struct HostConfig {
  std::string bind_address = "127.0.0.1";
  int port = 8080;  // 0 = any free port
  std::string database = "sqlite3://db=var/alin.db";
  // Connections in the pool. With 32 clients on 8, handlers queued for a connection (the pool
  // wakes them in no set order) and the tail grew: 16 took the listing's p99 from 9–15 to 7–12 ms
  // at 32 connections (docs/PERFORMANCE.md). On PostgreSQL each is a server process: mind
  // max_connections across hosts.
  std::size_t database_pool = 16;
  // Request worker threads. A keep-alive connection keeps its thread between its requests (Poco's
  // server runs one connection per thread), so this is the number of clients served at once:
  // with 16, a 17th connection waited until another had made its 1000 requests.
  int threads = 64;
  // Handlers running at once, the other requests waiting their turn in arrival order (0: no
  // bound): a tighter tail for CPU-bound routes at some cost in requests/s (docs/PERFORMANCE.md).
  std::size_t max_running = 0;
  int max_queued = 256;        // accepted connections waiting for a worker; beyond, refused
  int keep_alive_seconds = 5;  // short: idle keep-alive connections hold a worker
  int max_keep_alive_requests = 1000;
  std::size_t max_body_bytes = 1 << 20;
  std::string data_directory = "rules/data";  // reference data: communes/ lives under it
  std::string rules_directory = "rules";
  std::string workflows_directory = "workflows";
  std::string plugin_directories = "build/plugins";
  // Plugins (docs/operators.md "Plugins"): which plugin serves which department and landlord, each
  // plugin's settings (plugins.<name>.<key>), the Lua company policies, the import limits.
  std::string national_site_plugin = "gouv_fr";  // departments.national
  std::map<std::string, std::string> department_plugins = {
      {"29", "finistere"}};                         // departments.<code>
  std::string default_landlord_plugin = "generic";  // landlords.defaultPlugin
  std::map<std::string, std::map<std::string, std::string>> plugin_settings;
  std::string company_policies_directory;  // paths.companyPolicies, default <paths.rules>/companies
  int import_codes_per_number = 5;         // limits.importCodesPerNumber (per 24 h)
  int import_failures_per_number = 5;      // limits.importFailuresPerNumber (per 24 h)
  std::string mail_transport = "maildir:var/mail";  // or smtp://host:port
  std::string mail_sender = "AL'in <ne-pas-repondre@alin.local>";
  bool demo = false;
  int demo_offers = 400;                // offers the demo publishes on an empty database
  long long outbox_lease_seconds = 60;  // a claimed effect is another host's to retry after this
  // The applicants' offers sets and the departments' households sets in memory are read again
  // past these ages (changes made by another host); a national department's households take
  // seconds of CPU to read, and its counts are informational.
  long long offers_max_age_seconds = 30;       // offers.maxAgeSeconds
  long long households_max_age_seconds = 600;  // offers.householdsMaxAgeSeconds
  bool test_clock = false;
  std::string admin_email;
  std::string admin_password;
  accounts::AccountsConfig accounts;

  // Reads the keys documented in docs/operators.md; unknown keys are ignored.
  static HostConfig from(const Poco::Util::AbstractConfiguration& config);
};

}  // namespace alin::host
