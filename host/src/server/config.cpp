#include "server/config.hpp"

#include <Poco/NumberParser.h>
#include <sodium.h>

#include <cstdlib>
#include <stdexcept>

namespace alin::host {
namespace {

using Poco::Util::AbstractConfiguration;

// An integer key, or `fallback` when absent. A value that is not a whole number from `min` to
// `max` stops the start naming the key and the value, where Poco's own reads said only "Syntax
// error" (and a negative thread count reached Poco's assertions).
template <typename T>
T integer(const AbstractConfiguration& c, const std::string& key, T fallback, long long min,
          long long max) {
  if (!c.hasProperty(key)) return fallback;
  const std::string text = c.getString(key);
  Poco::Int64 value = 0;
  if (!Poco::NumberParser::tryParse64(text, value) || value < min || value > max) {
    throw std::invalid_argument(key + " = \"" + text + "\": expected a whole number from " +
                                std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<T>(value);
}

bool boolean(const AbstractConfiguration& c, const std::string& key, bool fallback) {
  try {
    return c.getBool(key, fallback);
  } catch (const Poco::SyntaxException&) {
    throw std::invalid_argument(key + " = \"" + c.getString(key) +
                                "\": expected true or false (yes/no, on/off, 1/0)");
  }
}

}  // namespace

HostConfig HostConfig::from(const Poco::Util::AbstractConfiguration& c) {
  HostConfig h;
  h.bind_address = c.getString("server.address", h.bind_address);
  h.port = integer(c, "server.port", h.port, 0, 65535);
  h.threads = integer(c, "server.threads", h.threads, 1, 4096);
  h.max_running = integer(c, "server.maxRunning", h.max_running, 0, 4096);
  h.max_queued = integer(c, "server.maxQueued", h.max_queued, 1, 1 << 20);
  h.keep_alive_seconds = integer(c, "server.keepAliveSeconds", h.keep_alive_seconds, 1, 3600);
  h.max_keep_alive_requests =
      integer(c, "server.maxKeepAliveRequests", h.max_keep_alive_requests, 0, 1 << 30);
  h.max_body_bytes = integer(c, "server.maxBodyBytes", h.max_body_bytes, 1, 1LL << 32);
  h.database = c.getString("database.connection", h.database);
  h.database_pool = integer(c, "database.pool", h.database_pool, 1, 1024);
  h.data_directory = c.getString("paths.data", h.data_directory);
  h.rules_directory = c.getString("paths.rules", h.rules_directory);
  h.workflows_directory = c.getString("paths.workflows", h.workflows_directory);
  // By default, the plugins built beside the binary: <build>/host/alin-host → <build>/plugins.
  if (c.hasProperty("application.dir"))
    h.plugin_directories = c.getString("application.dir") + "../plugins";
  h.plugin_directories = c.getString("paths.plugins", h.plugin_directories);
  h.company_policies_directory =
      c.getString("paths.companyPolicies", h.rules_directory + "/companies");
  h.national_site_plugin = c.getString("departments.national", h.national_site_plugin);
  {
    Poco::Util::AbstractConfiguration::Keys keys;
    c.keys("departments", keys);
    for (const auto& code : keys) {
      if (code != "national") h.department_plugins[code] = c.getString("departments." + code);
    }
    c.keys("plugins", keys);
    for (const auto& name : keys) {
      Poco::Util::AbstractConfiguration::Keys settings;
      c.keys("plugins." + name, settings);
      for (const auto& key : settings)
        h.plugin_settings[name][key] = c.getString("plugins." + name + "." + key);
    }
  }
  h.default_landlord_plugin = c.getString("landlords.defaultPlugin", h.default_landlord_plugin);
  h.import_codes_per_number =
      integer(c, "limits.importCodesPerNumber", h.import_codes_per_number, 1, 1000);
  h.import_failures_per_number =
      integer(c, "limits.importFailuresPerNumber", h.import_failures_per_number, 1, 1000);
  h.mail_transport = c.getString("mail.transport", h.mail_transport);
  h.mail_sender = c.getString("mail.sender", h.mail_sender);
  h.demo = boolean(c, "demo", h.demo);
  h.demo_offers = integer(c, "demo.offers", h.demo_offers, 0, 100000);
  h.outbox_lease_seconds = integer(c, "outbox.leaseSeconds", h.outbox_lease_seconds, 1, 86400);
  h.offers_max_age_seconds = integer(c, "offers.maxAgeSeconds", h.offers_max_age_seconds, 1, 86400);
  h.households_max_age_seconds =
      integer(c, "offers.householdsMaxAgeSeconds", h.households_max_age_seconds, 1, 86400);
  h.test_clock = boolean(c, "testClock", h.test_clock);

  auto& a = h.accounts;
  a.public_url = c.getString("public.url", "");
  a.confirmation_ttl =
      integer(c, "accounts.confirmationHours", a.confirmation_ttl / 3600, 1, 24 * 365) * 3600;
  a.reset_ttl = integer(c, "accounts.resetMinutes", a.reset_ttl / 60, 1, 24 * 60) * 60;
  a.session_idle_timeout =
      integer(c, "sessions.idleMinutes", a.session_idle_timeout / 60, 1, 24 * 60 * 30) * 60;
  a.session_max_age =
      integer(c, "sessions.maxAgeHours", a.session_max_age / 3600, 1, 24 * 365) * 3600;
  a.max_failures_per_account =
      integer(c, "limits.loginFailuresPerAccount", a.max_failures_per_account, 1, 1000);
  a.max_failures_per_address =
      integer(c, "limits.loginFailuresPerAddress", a.max_failures_per_address, 1, 100000);
  a.failure_window =
      integer(c, "limits.loginFailureWindowMinutes", a.failure_window / 60, 1, 24 * 60 * 7) * 60;
  a.password_cost.ops =
      integer(c, "security.argon2.ops", a.password_cost.ops, crypto_pwhash_OPSLIMIT_MIN, 64);
  // libsodium's floor (8 KiB) up to 4 GiB: beyond, one login would hold that much memory.
  a.password_cost.memory_bytes =
      integer(c, "security.argon2.memoryKiB", a.password_cost.memory_bytes / 1024,
              crypto_pwhash_MEMLIMIT_MIN / 1024, 4LL << 20) *
      1024;

  // The admin's password never comes from the command line: a file or the environment only.
  h.admin_email = c.getString("admin.email", "");
  h.admin_password = c.getString("admin.password", "");
  if (const char* email = std::getenv("ALIN_ADMIN_EMAIL"); email && *email) h.admin_email = email;
  if (const char* password = std::getenv("ALIN_ADMIN_PASSWORD"); password && *password)
    h.admin_password = password;
  return h;
}

}  // namespace alin::host
