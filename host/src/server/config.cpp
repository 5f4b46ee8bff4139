#include "server/config.hpp"

#include <cstdlib>

namespace alin::host {

HostConfig HostConfig::from(const Poco::Util::AbstractConfiguration& c) {
  HostConfig h;
  h.bind_address = c.getString("server.address", h.bind_address);
  h.port = c.getInt("server.port", h.port);
  h.threads = c.getInt("server.threads", h.threads);
  h.max_running = c.getUInt("server.maxRunning", static_cast<unsigned>(h.max_running));
  h.max_queued = c.getInt("server.maxQueued", h.max_queued);
  h.keep_alive_seconds = c.getInt("server.keepAliveSeconds", h.keep_alive_seconds);
  h.max_keep_alive_requests = c.getInt("server.maxKeepAliveRequests", h.max_keep_alive_requests);
  h.max_body_bytes = c.getUInt64("server.maxBodyBytes", h.max_body_bytes);
  h.database = c.getString("database.connection", h.database);
  h.database_pool = c.getUInt("database.pool", static_cast<unsigned>(h.database_pool));
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
  h.import_codes_per_number = c.getInt("limits.importCodesPerNumber", h.import_codes_per_number);
  h.import_failures_per_number =
      c.getInt("limits.importFailuresPerNumber", h.import_failures_per_number);
  h.mail_transport = c.getString("mail.transport", h.mail_transport);
  h.mail_sender = c.getString("mail.sender", h.mail_sender);
  h.demo = c.getBool("demo", h.demo);
  h.demo_offers = c.getInt("demo.offers", h.demo_offers);
  h.outbox_lease_seconds = c.getInt64("outbox.leaseSeconds", h.outbox_lease_seconds);
  h.test_clock = c.getBool("testClock", h.test_clock);

  auto& a = h.accounts;
  a.public_url = c.getString("public.url", "");
  a.confirmation_ttl = c.getInt64("accounts.confirmationHours", a.confirmation_ttl / 3600) * 3600;
  a.reset_ttl = c.getInt64("accounts.resetMinutes", a.reset_ttl / 60) * 60;
  a.session_idle_timeout = c.getInt64("sessions.idleMinutes", a.session_idle_timeout / 60) * 60;
  a.session_max_age = c.getInt64("sessions.maxAgeHours", a.session_max_age / 3600) * 3600;
  a.max_failures_per_account =
      c.getInt("limits.loginFailuresPerAccount", a.max_failures_per_account);
  a.max_failures_per_address =
      c.getInt("limits.loginFailuresPerAddress", a.max_failures_per_address);
  a.failure_window = c.getInt64("limits.loginFailureWindowMinutes", a.failure_window / 60) * 60;
  a.password_cost.ops = c.getUInt64("security.argon2.ops", a.password_cost.ops);
  a.password_cost.memory_bytes =
      c.getUInt64("security.argon2.memoryKiB", a.password_cost.memory_bytes / 1024) * 1024;

  // The admin's password never comes from the command line: a file or the environment only.
  h.admin_email = c.getString("admin.email", "");
  h.admin_password = c.getString("admin.password", "");
  if (const char* email = std::getenv("ALIN_ADMIN_EMAIL"); email && *email) h.admin_email = email;
  if (const char* password = std::getenv("ALIN_ADMIN_PASSWORD"); password && *password)
    h.admin_password = password;
  return h;
}

}  // namespace alin::host
