// The in-memory sets behind the applicant's offers (kernel/src/offers/applicant_offers.cpp), on
// real SQLite and PostgreSQL with the real rules and workflows: a department's offers are read
// once and rebuilt when the offer workflow moves one of them, or past their age for a change made
// elsewhere (another host); a department's households are served from memory and reloaded in the
// background past their age; eligible-applicant counts follow the households set.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "alin/applications/application_service.hpp"
#include "alin/geo/geography.hpp"
#include "alin/offers/applicant_offers.hpp"
#include "alin/offers/offer_service.hpp"
#include "alin/requests/active_request.hpp"
#include "alin/util/json_text.hpp"
#include "alin/workflow/email_templates.hpp"
#include "alin/workflow/store_guards.hpp"
#include "support/active_requests.hpp"
#include "support/test_database.hpp"

using namespace alin;
using alin::testing::ActiveRequestRows;
using alin::testing::TempDir;
using alin::testing::TestBackend;
using alin::testing::TestDatabase;

namespace {

constexpr UnixSeconds kMaxAge = 30;             // of an offers set
constexpr UnixSeconds kHouseholdsMaxAge = 120;  // of a households set

class ApplicantOffersCacheTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    db_ = test_db_->open(4);
    const std::string source = ALIN_SOURCE_DIR;
    auto rules = rules::RuleEngine::open({source + "/rules", {}});
    ASSERT_TRUE(rules.ok()) << rules.error().title;
    rules_ = std::move(rules.value());
    auto templates = workflow::EmailTemplates::load(source + "/workflows/emails/fr.json");
    ASSERT_TRUE(templates.ok());
    templates_ = std::make_unique<workflow::EmailTemplates>(std::move(templates.value()));
    workflows_ = std::make_unique<workflow::Engine>(*db_, clock_, guards_, templates_->renderer());
    workflow::Vocabulary vocabulary;
    vocabulary.guards = workflow::StoreGuards::names();
    vocabulary.actions = templates_->action_names();
    for (const auto& effect : workflow::kernel_effects()) vocabulary.actions.insert(effect);
    ASSERT_TRUE(workflows_->load_directory(source + "/workflows", vocabulary).ok());
    plugins_ = plugins::PluginRegistry::load({});  // no landlord is transmitted to here
    outbox_ = std::make_unique<outbox::Dispatcher>(*db_, clock_);
    geography_ = geo::Geography::load(source + "/rules/data/communes");
    offers_ = std::make_unique<offers::OfferService>(*db_, clock_, geography_);
    // The host's wiring: offers follow their workflow, whose transitions the applicant's view
    // observes.
    applications_ = std::make_unique<applications::ApplicationService>(*db_, clock_, *rules_,
                                                                       *workflows_, *plugins_);
    applications_->wire(*outbox_, *offers_);
    applicant_ = std::make_unique<offers::ApplicantOffers>(
        *db_, clock_, *rules_, geography_, *offers_, plugins_.get(), kMaxAge, kHouseholdsMaxAge);
    applicant_->wire(*workflows_);
    landlord_ = crypto::new_id();
    db_->write([&](soci::session& sql) {
      sql << "INSERT INTO organisations (id, kind, name, plugin, created_at)"
             " VALUES (:id, 'landlord', 'Habitat Social Francilien', 'generic', 1)",
          soci::use(landlord_);
    });
    company_ = alin::testing::insert_company(*db_, "Acme Industrie");
  }

  offers::Offer draft(const std::string& reference, const std::string& commune) {
    offers::Offer o;
    o.programme = "Programme " + reference;
    o.reference = reference;
    o.kind = "classic";
    o.financing = "PLUS";
    o.typology = 3;
    o.housing = "flat";
    o.surface = 65;
    o.rent = 600;
    o.charges = 100;
    o.commune = commune;
    o.department = commune.substr(0, 2);
    o.address = "12 rue de la Roquette";
    o.lat = 48.86;
    o.lon = 2.37;
    o.available_from = "2027-01-01";
    o.deadline = format_utc(clock_.now() + 30 * 86400).substr(0, 10);
    return o;
  }

  std::string publish(const std::string& reference, const std::string& commune = "75111") {
    auto published = offers_->publish(landlord_, draft(reference, commune));
    EXPECT_TRUE(published.ok()) << (published.ok() ? "" : published.error().title);
    return published.ok() ? published->id : "";
  }

  // An offer written by another host: no workflow transition here, so no rebuild signal.
  std::string insert_behind_the_back(const std::string& reference) {
    const std::string id = crypto::new_id();
    const offers::Offer o = draft(reference, "75111");
    db_->write([&](soci::session& sql) {
      sql << "INSERT INTO offers (id, landlord_id, programme, reference, kind, financing, typology,"
             " housing, surface, rent, charges, commune, department, address, lat, lon,"
             " reduced_mobility, available_from, deadline, showcase, state, created_at)"
             " VALUES (:id, :l, :p, :r, 'classic', 'PLUS', 3, 'flat', 65, 600, 100, '75111', '75',"
             " 'rue', 48.86, 2.37, 0, '2027-01-01', :dl, 0, 'published', 1)",
          soci::use(id), soci::use(landlord_), soci::use(o.programme), soci::use(o.reference),
          soci::use(o.deadline);
    });
    return id;
  }

  std::string applicant(const std::string& name, long long income = 30000) {
    ActiveRequestRows rows;
    rows.name = name;
    rows.tax_income = income;
    rows.company_id = company_;
    return alin::testing::insert_active_request(*db_, clock_.now(), rows).account_id;
  }

  int requested(const std::string& account) {
    auto listing = applicant_->list(account, {});
    EXPECT_TRUE(listing.ok()) << (listing.ok() ? "" : listing.error().title);
    return listing.ok() ? listing->requested : -1;
  }

  int eligible_applicants(const std::string& offer_id) {
    auto offer = offers_->find(offer_id);
    EXPECT_TRUE(offer.ok());
    auto count = applicant_->eligible_applicants(offer.value());
    EXPECT_TRUE(count.ok()) << (count.ok() ? "" : count.error().title);
    return count.ok() ? count.value() : -1;
  }

  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
  TestClock clock_;
  workflow::StoreGuards guards_;
  std::unique_ptr<rules::RuleEngine> rules_;
  std::unique_ptr<workflow::EmailTemplates> templates_;
  std::unique_ptr<workflow::Engine> workflows_;
  std::unique_ptr<plugins::PluginRegistry> plugins_;
  std::unique_ptr<outbox::Dispatcher> outbox_;
  std::shared_ptr<const geo::Geography> geography_;
  std::unique_ptr<offers::OfferService> offers_;
  std::unique_ptr<applications::ApplicationService> applications_;
  std::unique_ptr<offers::ApplicantOffers> applicant_;
  std::string landlord_, company_;
};

TEST_P(ApplicantOffersCacheTest, OffersAreRebuiltWhenTheWorkflowMovesOneAndPastTheirAge) {
  publish("A");
  const std::string lea = applicant("lea");
  EXPECT_EQ(requested(lea), 1);

  // Published, extended and withdrawn through the service: the next reader sees it at once.
  const std::string second = publish("B");
  EXPECT_EQ(requested(lea), 2);
  offers::OfferChange withdraw;
  withdraw.withdraw = true;
  ASSERT_TRUE(offers_->change(landlord_, second, withdraw).ok());
  EXPECT_EQ(requested(lea), 1);

  // Written by another host: the set in memory still serves (that is what it is for)...
  insert_behind_the_back("C");
  EXPECT_EQ(requested(lea), 1) << "read from memory, not from the store";
  clock_.advance(kMaxAge - 1);
  EXPECT_EQ(requested(lea), 1);
  // ...until its age is reached: the first reader then still gets it, while one background task
  // reads the offers again; the readers after that task see the new offer.
  clock_.advance(1);
  EXPECT_EQ(requested(lea), 1);
  int seen = 1;
  for (int i = 0; i < 200 && seen == 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    seen = requested(lea);
  }
  EXPECT_EQ(seen, 2);

  // Another department's change does not concern Paris, but the signal is global: still right.
  publish("L", "69123");
  EXPECT_EQ(requested(lea), 2);
}

TEST_P(ApplicantOffersCacheTest, OffersReadAgainUnchangedKeepTheirSetAndTheKeptVerdicts) {
  publish("A");
  const std::string lea = applicant("lea");
  EXPECT_EQ(requested(lea), 1);
  const auto set_of_paris = [&] {
    auto listing = applicant_->list(lea, {});
    EXPECT_TRUE(listing.ok());
    return applicant_->offers_set_id("75");
  };
  const std::uint64_t before = set_of_paris();
  ASSERT_NE(before, 0u);
  clock_.advance(kMaxAge);
  (void)requested(lea);  // starts the background read
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    (void)requested(lea);
  }
  EXPECT_EQ(set_of_paris(), before) << "nothing changed: the same set serves on";
  insert_behind_the_back("B");
  clock_.advance(kMaxAge);
  int seen = 1;
  for (int i = 0; i < 200 && seen == 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    seen = requested(lea);
  }
  EXPECT_EQ(seen, 2);
  EXPECT_NE(set_of_paris(), before) << "an offer more: a new set";
}

TEST_P(ApplicantOffersCacheTest, ADeadlineThatPassesClosesTheOfferForTheReaderTheNextDay) {
  const std::string lea = applicant("lea");
  auto soon = draft("SOON", "75111");
  soon.deadline = format_utc(clock_.now()).substr(0, 10);
  ASSERT_TRUE(offers_->publish(landlord_, soon).ok());
  EXPECT_EQ(requested(lea), 1) << "open until the end of its last day";
  clock_.advance(86400);  // no timer run, no transition: the day alone drops it
  EXPECT_EQ(requested(lea), 0);
}

TEST_P(ApplicantOffersCacheTest, APublishedOffersDetailComesFromItsSetAndAnyOtherFromTheStore) {
  const std::string offer_id = publish("A");
  const std::string lea = applicant("lea");
  const auto from_store = [&] {
    auto offer = offers_->find(offer_id);
    EXPECT_TRUE(offer.ok());
    return offer.value();
  };
  // Its department not read yet: from the store.
  auto first = applicant_->detail(lea, offer_id);
  ASSERT_TRUE(first.ok()) << first.error().title;
  EXPECT_EQ(first->offer, from_store());
  EXPECT_EQ(first->offer_json, nullptr);

  // Read by the detail above (its similar offers): from the set, as the listing shows it.
  auto second = applicant_->detail(lea, offer_id);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->offer, from_store());
  ASSERT_NE(second->offer_json, nullptr);
  EXPECT_EQ(*second->offer_json, util::dump_json(offers::OfferService::to_json(from_store())));

  // Withdrawn: no longer in the set, read from the store with its new state.
  offers::OfferChange withdraw;
  withdraw.withdraw = true;
  ASSERT_TRUE(offers_->change(landlord_, offer_id, withdraw).ok());
  auto third = applicant_->detail(lea, offer_id);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->offer.state, "withdrawn");
  EXPECT_EQ(third->offer_json, nullptr);

  // An unknown offer is not found, whatever the sets hold.
  auto unknown = applicant_->detail(lea, "no-such-offer");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
}

TEST_P(ApplicantOffersCacheTest, HouseholdsAreServedFromMemoryAndReloadedInTheBackground) {
  const std::string home = publish("A");
  const std::string other = publish("B");
  applicant("lea");
  applicant("rich", 95000);  // above every ceiling: never counted
  EXPECT_EQ(eligible_applicants(home), 1);

  // A new active request is not in the set yet: the count is informational and may lag.
  applicant("ben");
  EXPECT_EQ(eligible_applicants(home), 1);
  EXPECT_EQ(eligible_applicants(other), 1) << "another offer, counted over the same set";

  // The offers' age is not the households': the set still serves past it...
  clock_.advance(kMaxAge);
  EXPECT_EQ(eligible_applicants(home), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(eligible_applicants(home), 1) << "no reload before the households' own age";
  // ...and past its own age the old set still answers while one background task reloads it.
  clock_.advance(kHouseholdsMaxAge - kMaxAge);
  EXPECT_EQ(eligible_applicants(home), 1);
  int count = 1;
  for (int i = 0; i < 200 && count == 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    count = eligible_applicants(home);
  }
  EXPECT_EQ(count, 2) << "the reloaded set counts the new request";
  EXPECT_EQ(eligible_applicants(other), 2);

  // Reloaded and found unchanged: the same set serves on (no state loads it again).
  const auto set_id = [&] {
    auto set = applicant_->active_households("75");
    EXPECT_TRUE(set.ok());
    return set.ok() ? set.value()->id() : 0;
  };
  const std::uint64_t before = set_id();
  clock_.advance(kHouseholdsMaxAge);
  (void)set_id();  // starts the background reload
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    (void)set_id();
  }
  EXPECT_EQ(set_id(), before);
  EXPECT_EQ(eligible_applicants(home), 2);
}

TEST_P(ApplicantOffersCacheTest, ConcurrentReadersWhilePublishingSeeAConsistentSet) {
  const std::string lea = applicant("lea");
  publish("A");
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0}, reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      int last = 0;
      while (!stop) {
        auto listing = applicant_->list(lea, {});
        if (!listing.ok() || listing->requested < last ||
            listing->requested != static_cast<int>(listing->items.size())) {
          ++bad;
        }
        if (listing.ok()) last = listing->requested;
        ++reads;
      }
    });
  }
  for (int i = 0; i < 10; ++i) publish("P" + std::to_string(i));
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(bad, 0) << "a reader never sees an offer disappear, nor a count off its items";
  EXPECT_GT(reads, 0);
  EXPECT_EQ(requested(lea), 11);
}

// A PSEEC company's employees are target public while it has rights left (T 7.2): the platform's
// figure, unless the company's policy knows better. Both the single decision and the bulk set
// (the eligible-applicant count) read them the same way.
TEST_P(ApplicantOffersCacheTest, KeptVerdictsFollowTheHouseholdTheyWereTakenFor) {
  publish("VERDICTS-1");
  const std::string modest = applicant("Modeste", 30000);
  const std::string wealthy = applicant("Aisé", 900000);  // far above every PLUS ceiling
  EXPECT_EQ(requested(modest), 1);
  EXPECT_EQ(requested(wealthy), 0);  // same offers set, another household: its own verdicts
  EXPECT_EQ(requested(modest), 1);

  // The household changes (its income, here): the next listing runs the rules again.
  const auto set_income = [&](const std::string& account, long long income) {
    db_->write([&](soci::session& sql) {
      sql << "UPDATE housing_requests SET tax_income_n2 = :i WHERE account_id = :a",
          soci::use(income), soci::use(account);
    });
  };
  set_income(modest, 900000);
  EXPECT_EQ(requested(modest), 0);
  set_income(modest, 30000);
  EXPECT_EQ(requested(modest), 1);
  set_income(wealthy, 30000);
  EXPECT_EQ(requested(wealthy), 1);
}

TEST_P(ApplicantOffersCacheTest, TheRulesReadTheRequestsPriorityFlagsAsStored) {
  const std::string account = applicant("Prioritaire");
  db_->write([&](soci::session& sql) {
    sql << "UPDATE housing_requests SET priority_flags = 'dalo,,violences' WHERE account_id = :a",
        soci::use(account);
  });
  const auto household = db_->read([&](soci::session& sql) {
    auto active = requests::active_request(sql, account, clock_.now(), plugins_.get());
    EXPECT_TRUE(active.ok()) << (active.ok() ? "" : active.error().title);
    return active.ok() ? active->household : nlohmann::json();
  });
  EXPECT_EQ(household["priorityFlags"], nlohmann::json({"dalo", "violences"}));
}

TEST_P(ApplicantOffersCacheTest, PseecRightsLeftComeFromTheCompanyPolicyWhenItKnowsBetter) {
  TempDir policies;
  std::ofstream(policies.path() + "/budget_spent.lua")
      << "policy = { version = '1', description = 'Droits PSEEC épuisés',"
         " consent_levels = { 2, 3 }, pseec_rights_left = 0 }\n";
  plugins::RegistryOptions options;
  options.company_policies_directory = policies.path();
  const auto registry = plugins::PluginRegistry::load(options);
  ASSERT_TRUE(registry->company("budget_spent"));
  offers::ApplicantOffers applicant(*db_, clock_, *rules_, geography_, *offers_, registry.get(),
                                    kMaxAge);

  const auto pseec_company = [&](const std::string& name, const std::string& policy) {
    const std::string id = crypto::new_id();
    db_->write([&](soci::session& sql) {
      sql << "INSERT INTO organisations (id, kind, name, siret, employees, sector, contribution,"
             " pseec_rights_left, policy, created_at)"
             " VALUES (:id, 'company', :n, :s, 30, 'non_agricultural', 'PSEEC', 50, :p, 1)",
          soci::use(id), soci::use(name), soci::use(id), soci::use(policy);
    });
    return id;
  };
  ActiveRequestRows rows;
  rows.name = "Rights";
  rows.company_id = pseec_company("Avec Droits", "default");
  const std::string with_rights =
      alin::testing::insert_active_request(*db_, clock_.now(), rows).account_id;
  rows.name = "Spent";
  rows.company_id = pseec_company("Sans Droits", "budget_spent");
  const std::string spent =
      alin::testing::insert_active_request(*db_, clock_.now(), rows).account_id;
  const std::string offer = publish("PSEEC-1");

  const auto reason_codes = [&](const std::string& account) {
    std::set<std::string> codes;
    auto decision = applicant.eligibility(account, offer);
    EXPECT_TRUE(decision.ok()) << (decision.ok() ? "" : decision.error().title);
    if (decision.ok()) {
      const auto body = nlohmann::json::parse(decision.value());
      for (const auto& r : body["reasons"]) codes.insert(r["code"].get<std::string>());
    }
    return codes;
  };
  EXPECT_TRUE(reason_codes(with_rights).count("target_pseec"));
  EXPECT_TRUE(reason_codes(spent).count("out_of_target"));
  // Out of target stays eligible (served after the target public): both are counted.
  auto found = offers_->find(offer);
  ASSERT_TRUE(found.ok());
  auto count = applicant.eligible_applicants(found.value());
  ASSERT_TRUE(count.ok()) << count.error().title;
  EXPECT_EQ(count.value(), 2);
}

TEST_P(ApplicantOffersCacheTest, TheApplicantsRequestIsReadAgainAsSoonAsItsRowsChange) {
  publish("A");
  const std::string lea = applicant("lea");
  EXPECT_EQ(requested(lea), 1);
  EXPECT_EQ(requested(lea), 1) << "its details now served from memory";
  const auto write = [&](const std::string& statement) {
    db_->write([&](soci::session& sql) {
      std::string request_id;
      sql << "SELECT id FROM housing_requests WHERE account_id = :a", soci::use(lea),
          soci::into(request_id);
      sql << statement, soci::use(request_id, "r");
    });
  };
  // A document gone out of date, written behind the service's back: the next listing refuses.
  write(
      "UPDATE supporting_documents SET valid_until = '2001-01-01' WHERE request_id = :r"
      " AND kind = 'resources'");
  auto listing = applicant_->list(lea, {});
  ASSERT_FALSE(listing.ok());
  EXPECT_EQ(listing.error().code, "request_not_active");
  ASSERT_EQ(listing.error().errors.size(), 1u);
  EXPECT_EQ(listing.error().errors[0].field, "documents.resources");
  write("UPDATE supporting_documents SET valid_until = '2099-12-31' WHERE request_id = :r");
  EXPECT_EQ(requested(lea), 1);
  // The requested town moved next door: the offer goes to the neighbouring towns' tab.
  write("UPDATE wanted_communes SET insee = '75112' WHERE request_id = :r");
  listing = applicant_->list(lea, {});
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(listing->requested, 0);
  EXPECT_EQ(listing->neighbouring, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApplicantOffersCacheTest,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
