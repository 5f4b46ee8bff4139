#pragma once
// The kernel's services as the host holds them: built once at start, shared by every handler.
#include <memory>

#include "alin/accounts/account_service.hpp"
#include "alin/applications/application_service.hpp"
#include "alin/geo/geography.hpp"
#include "alin/mail/mail.hpp"
#include "alin/offers/applicant_offers.hpp"
#include "alin/offers/offer_service.hpp"
#include "alin/offers/rules_simulation.hpp"
#include "alin/organisations/organisation_service.hpp"
#include "alin/outbox/outbox.hpp"
#include "alin/plugins/plugin_registry.hpp"
#include "alin/requests/registration_sites.hpp"
#include "alin/requests/request_lifecycle.hpp"
#include "alin/requests/request_service.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/periodic_worker.hpp"
#include "alin/workflow/email_templates.hpp"
#include "alin/workflow/engine.hpp"
#include "alin/workflow/store_guards.hpp"
#include "server/config.hpp"
#include "server/metrics.hpp"

namespace alin::host {

struct Services {
  HostConfig config;
  std::unique_ptr<Clock> clock;
  TestClock* test_clock = nullptr;  // set only when the host runs with --test-clock
  std::unique_ptr<store::Database> database;
  std::shared_ptr<const geo::Geography> geography;
  std::unique_ptr<mail::Transport> mail_transport;
  std::unique_ptr<outbox::Dispatcher> outbox;
  std::unique_ptr<accounts::AccountService> accounts;
  std::unique_ptr<organisations::OrganisationService> organisations;
  std::unique_ptr<offers::OfferService> offers;
  std::unique_ptr<rules::RuleEngine> rules;
  std::unique_ptr<workflow::EmailTemplates> workflow_emails;
  std::unique_ptr<workflow::StoreGuards> guards;
  std::unique_ptr<workflow::Engine> workflows;
  std::unique_ptr<PeriodicWorker> timers;            // fires due workflow timers
  std::unique_ptr<plugins::PluginRegistry> plugins;  // loaded at start, never unloaded
  std::shared_ptr<const requests::RegistrationSites> registration_sites;
  std::unique_ptr<requests::RequestService> requests;
  std::unique_ptr<requests::RequestLifecycle> request_lifecycle;
  std::unique_ptr<applications::ApplicationService> applications;
  std::unique_ptr<offers::ApplicantOffers> applicant_offers;
  std::unique_ptr<offers::RulesSimulation> rules_simulation;  // POST /admin/rules/simulate
  Metrics metrics;
  ConnectionStats connections;

  // Opens the database (and migrates it), loads the reference data, wires the services.
  static std::unique_ptr<Services> build(const HostConfig& config);
};

}  // namespace alin::host
