#include "server/services.hpp"

#include <iostream>
#include <stdexcept>

#include "alin/landlords/transmission.hpp"
#include "alin/util/crypto.hpp"

namespace alin::host {
namespace {

std::unique_ptr<mail::Transport> make_transport(const HostConfig& config) {
  const std::string& spec = config.mail_transport;
  if (spec.rfind("maildir:", 0) == 0) {
    return mail::make_maildir_transport(spec.substr(8), config.mail_sender);
  }
  if (spec.rfind("smtp://", 0) == 0) {
    mail::SmtpOptions options;
    options.sender = config.mail_sender;
    const std::string address = spec.substr(7);
    const auto colon = address.rfind(':');
    options.host = address.substr(0, colon);
    if (colon != std::string::npos)
      options.port = static_cast<unsigned short>(std::stoi(address.substr(colon + 1)));
    return mail::make_smtp_transport(options);
  }
  throw std::invalid_argument("mail.transport '" + spec +
                              "': write maildir:DIRECTORY or smtp://HOST:PORT");
}

}  // namespace

std::unique_ptr<Services> Services::build(const HostConfig& config) {
  crypto::initialise();
  auto services = std::make_unique<Services>();
  services->config = config;
  if (config.test_clock) {
    auto clock = std::make_unique<TestClock>();
    services->test_clock = clock.get();
    services->clock = std::move(clock);
  } else {
    services->clock = std::make_unique<SystemClock>();
  }
  store::DatabaseOptions db;
  db.connection = config.database;
  db.pool_size = config.database_pool;
  services->database = std::make_unique<store::Database>(db);
  services->database->migrate();
  services->geography = geo::Geography::load(config.data_directory + "/communes");
  // The rules must load and pass their own test tables, or the host does not start.
  auto engine = rules::RuleEngine::open({config.rules_directory, {}});
  if (!engine) {
    std::string problems;
    for (const auto& e : engine.error().errors) problems += "\n  " + e.field + ": " + e.message;
    throw std::runtime_error("the rules in '" + config.rules_directory +
                             "' cannot serve: " + engine.error().title + problems);
  }
  services->rules = std::move(engine.value());

  services->mail_transport = make_transport(config);
  if (services->database->backend() == store::Backend::sqlite) {
    // One host per SQLite file: a claim found at start was left by a run that crashed.
    services->database->write([](soci::session& sql) {
      sql << "UPDATE outbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL";
      sql << "UPDATE workflow_timers SET claimed_until = NULL WHERE claimed_until IS NOT NULL";
    });
  }
  outbox::DispatcherOptions dispatch;
  dispatch.lease_seconds = config.outbox_lease_seconds;
  services->outbox =
      std::make_unique<outbox::Dispatcher>(*services->database, *services->clock, dispatch);
  mail::register_delivery(*services->outbox, *services->database, *services->mail_transport,
                          *services->clock);
  services->accounts = std::make_unique<accounts::AccountService>(
      *services->database, *services->clock, config.accounts);
  services->organisations =
      std::make_unique<organisations::OrganisationService>(*services->database, *services->clock);
  // Workflows: the definitions must be sound against what this kernel can guard and do.
  auto emails = workflow::EmailTemplates::load(config.workflows_directory + "/emails/fr.json");
  if (!emails)
    throw std::runtime_error(emails.error().title + " " + emails.error().errors.at(0).field);
  services->workflow_emails = std::make_unique<workflow::EmailTemplates>(std::move(emails.value()));
  services->guards = std::make_unique<workflow::StoreGuards>();
  services->workflows =
      std::make_unique<workflow::Engine>(*services->database, *services->clock, *services->guards,
                                         services->workflow_emails->renderer());
  workflow::Vocabulary vocabulary;
  vocabulary.guards = workflow::StoreGuards::names();
  vocabulary.actions = services->workflow_emails->action_names();
  for (const auto& effect : workflow::kernel_effects()) vocabulary.actions.insert(effect);
  if (auto loaded = services->workflows->load_directory(config.workflows_directory, vocabulary);
      !loaded) {
    std::string problems;
    for (const auto& e : loaded.error().errors) problems += "\n  " + e.field + ": " + e.message;
    throw std::runtime_error(loaded.error().title + problems);
  }
  auto* workflows = services->workflows.get();
  auto* outbox = services->outbox.get();
  services->timers = std::make_unique<PeriodicWorker>(
      "workflow timers", std::chrono::seconds(1), [workflows, outbox] {
        const int fired = workflows->run_due_timers();
        if (fired > 0) outbox->notify();  // their emails and effects are due now
        return fired > 0;
      });

  // Plugins: every library of the configured folders and the Lua company policies. One refused is
  // reported (and listed by GET /admin/plugins); the host still serves everything else.
  plugins::RegistryOptions plugin_options;
  plugin_options.directories = plugins::split_directories(config.plugin_directories);
  plugin_options.settings = config.plugin_settings;
  plugin_options.company_policies_directory = config.company_policies_directory;
  services->plugins = plugins::PluginRegistry::load(plugin_options);
  for (const auto& problem : services->plugins->problems()) {
    std::cerr << "plugin problem: " << problem.path << ": " << problem.code << ": "
              << problem.message << std::endl;
  }
  auto sites = requests::RegistrationSites::load(
      config.data_directory, {config.national_site_plugin, config.department_plugins});
  if (!sites) throw std::runtime_error("registration sites: " + sites.error().title);
  services->registration_sites = sites.value();
  requests::RequestsConfig requests_config;
  requests_config.max_codes_per_number = config.import_codes_per_number;
  requests_config.max_failures_per_number = config.import_failures_per_number;
  requests_config.rules = services->rules.get();
  services->requests = std::make_unique<requests::RequestService>(
      *services->database, *services->clock, *services->plugins, services->registration_sites,
      requests_config);
  services->request_lifecycle = std::make_unique<requests::RequestLifecycle>(
      *services->database, *services->clock, *services->workflows);
  services->request_lifecycle->wire(*services->requests);
  landlords::register_transmission(*services->outbox, *services->plugins, *services->database);

  services->offers = std::make_unique<offers::OfferService>(*services->database, *services->clock,
                                                            services->geography);
  // Applications follow their workflow and the offers' (observers, effects, the offer lifecycle).
  services->applications = std::make_unique<applications::ApplicationService>(
      *services->database, *services->clock, *services->rules, *services->workflows,
      *services->plugins);
  services->applications->wire(*services->outbox, *services->offers);
  services->applicant_offers = std::make_unique<offers::ApplicantOffers>(
      *services->database, *services->clock, *services->rules, services->geography,
      *services->offers, services->plugins.get(), config.offers_max_age_seconds,
      config.households_max_age_seconds);
  services->applicant_offers->wire(*services->workflows);
  services->rules_simulation = std::make_unique<offers::RulesSimulation>(
      *services->rules, config.rules_directory, *services->clock, services->geography,
      *services->offers, *services->applicant_offers);
  if (!config.admin_email.empty()) {
    services->accounts->ensure_admin(config.admin_email, config.admin_password);
  }
  return services;
}

}  // namespace alin::host
