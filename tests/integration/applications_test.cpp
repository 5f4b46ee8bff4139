// Applications on real SQLite and PostgreSQL with the real rules, workflows and landlord plugins:
// apply and every refusal, the closing (ranking, the first validated files transmitted, the others
// not kept), the landlord's steps, withdrawal, and 64 simultaneous applications by one applicant.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>
#include <tuple>

#include "alin/applications/application_service.hpp"
#include "alin/applications/position.hpp"
#include "alin/geo/geography.hpp"
#include "alin/landlords/transmission.hpp"
#include "alin/mail/mail.hpp"
#include "alin/offers/offer_service.hpp"
#include "alin/util/crypto.hpp"
#include "alin/workflow/email_templates.hpp"
#include "alin/workflow/store_guards.hpp"
#include "support/test_database.hpp"

using namespace alin;
using alin::testing::TestBackend;
using alin::testing::TestDatabase;

namespace {

class ApplicationsTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    db_ = test_db_->open(8);
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
    plugins::RegistryOptions options;
    options.directories = {ALIN_BUILT_PLUGIN_DIR};
    plugins_ = plugins::PluginRegistry::load(options);
    ASSERT_NE(plugins_->landlord("generic"), nullptr);
    ASSERT_NE(plugins_->landlord("inli"), nullptr);
    outbox_ = std::make_unique<outbox::Dispatcher>(*db_, clock_);
    landlords::register_transmission(*outbox_, *plugins_, *db_);
    delivered_ = std::make_shared<std::vector<mail::Email>>();
    // drain() runs the outbox on this thread: the emails sent, as their effects carry them.
    outbox_->register_handler("email.send", [delivered = delivered_](const outbox::Effect& e) {
      delivered->push_back({e.payload.value("to", ""), e.payload.value("subject", ""),
                            e.payload.value("body", ""), e.payload.value("template", "")});
    });
    offers_ = std::make_unique<offers::OfferService>(
        *db_, clock_, geo::Geography::load(source + "/rules/data/communes"));
    applications_ = std::make_unique<applications::ApplicationService>(*db_, clock_, *rules_,
                                                                       *workflows_, *plugins_);
    applications_->wire(*outbox_, *offers_);
    landlord_ = organisation("landlord", "Habitat Social Francilien", "generic");
    company_ = organisation("company", "Acme Industrie", "");
  }

  std::string organisation(const std::string& kind, const std::string& name,
                           const std::string& plugin) {
    const std::string id = crypto::new_id();
    db_->write([&](soci::session& sql) {
      if (kind == "landlord") {
        sql << "INSERT INTO organisations (id, kind, name, plugin, created_at)"
               " VALUES (:id, 'landlord', :n, :p, 1)",
            soci::use(id), soci::use(name), soci::use(plugin);
      } else {
        sql << "INSERT INTO organisations (id, kind, name, siret, employees, sector, contribution,"
               " created_at) VALUES (:id, 'company', :n, :s, 250, 'non_agricultural', 'PEEC', 1)",
            soci::use(id), soci::use(name), soci::use(id);
      }
    });
    return id;
  }

  // An applicant whose request is active: a couple and a child, 30,000 € of tax income, all
  // documents confirmed, employed by a PEEC company of 250.
  std::string applicant(const std::string& name, long long income = 30000) {
    const std::string account = crypto::new_id(), request = crypto::new_id();
    const std::string email = name + "@example.fr";
    const std::string number =
        "111" + std::string("1023") + std::to_string(100000 + counter_++) + "GDPUB";
    const long long now = clock_.now();
    db_->write([&](soci::session& sql) {
      sql << "INSERT INTO accounts (id, email, last_name, first_name, role, state,"
             " accepts_data_use, accepts_terms, created_at)"
             " VALUES (:id, :e, :l, :f, 'applicant', 'active', 1, 1, 1)",
          soci::use(account), soci::use(email), soci::use(name), soci::use(name);
      sql << "INSERT INTO housing_requests (id, account_id, unique_number, department, state,"
             " couple_status, tax_income_n2, monthly_resources, imported_at, last_activity_at)"
             " VALUES (:id, :a, :n, '75', 'active', 'married', :inc, 3500, :now, :now2)",
          soci::use(request), soci::use(account), soci::use(number), soci::use(income),
          soci::use(now), soci::use(now);
      sql << "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
             " birth_date) VALUES (:r, 0, 'applicant', :l, :f, '1988-01-02')",
          soci::use(request), soci::use(name), soci::use(name);
      sql << "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
             " birth_date) VALUES (:r, 1, 'coApplicant', :l, 'Sam', '1989-03-04')",
          soci::use(request), soci::use(name);
      sql << "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
             " birth_date) VALUES (:r, 2, 'dependant', :l, 'Lou', '2018-05-06')",
          soci::use(request), soci::use(name);
      sql << "INSERT INTO wanted_communes (request_id, position, insee) VALUES (:r, 0, '75111')",
          soci::use(request);
      sql << "INSERT INTO employments (request_id, employer_name, employer_siret, company_id,"
             " attach_to) VALUES (:r, 'Acme Industrie', :s, :c, 'applicant')",
          soci::use(request), soci::use(company_), soci::use(company_);
      for (const auto& [kind, category, socle] :
           std::vector<std::tuple<std::string, std::string, int>>{{"identity", "identity", 1},
                                                                  {"resources", "resources", 1},
                                                                  {"tax_notice", "tax_notice", 1},
                                                                  {"motive", "motive", 0}}) {
        sql << "INSERT INTO supporting_documents (request_id, kind, category, socle, confirmed_at,"
               " valid_until) VALUES (:r, :k, :c, :s, :now, '2027-12-31')",
            soci::use(request), soci::use(kind), soci::use(category), soci::use(socle),
            soci::use(now);
      }
    });
    requests_[account] = request;
    return account;
  }

  std::string offer(const std::string& reference, const std::string& programme = "Les Tilleuls",
                    int typology = 3, const std::string& landlord = "") {
    offers::Offer o;
    o.programme = programme;
    o.reference = reference;
    o.kind = "classic";
    o.financing = "PLUS";
    o.typology = typology;
    o.housing = "flat";
    o.surface = 65;
    o.rent = 600;
    o.charges = 100;
    o.commune = "75111";
    o.department = "75";
    o.address = "12 rue Oberkampf";
    o.lat = 48.86;
    o.lon = 2.37;
    o.available_from = "2027-01-01";
    o.deadline = format_utc(clock_.now() + 10 * 86400).substr(0, 10);
    auto published = offers_->publish(landlord.empty() ? landlord_ : landlord, o);
    EXPECT_TRUE(published.ok()) << (published.ok() ? "" : published.error().title);
    return published->id;
  }

  void drain() {
    while (outbox_->run_once() > 0) {
    }
  }

  std::string state_of(const std::string& application) {
    return db_->read([&](soci::session& sql) {
      std::string state;
      sql << "SELECT state FROM applications WHERE id = :id", soci::use(application),
          soci::into(state);
      return state;
    });
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
  std::shared_ptr<std::vector<mail::Email>> delivered_;
  std::unique_ptr<offers::OfferService> offers_;
  std::unique_ptr<applications::ApplicationService> applications_;
  std::string landlord_, company_;
  std::map<std::string, std::string> requests_;
  int counter_ = 0;
};

TEST_P(ApplicationsTest, ApplyThenEveryRefusalWithItsReasonCode) {
  const std::string lea = applicant("lea");
  const std::string first = offer("T3-A");
  auto applied = applications_->apply(lea, first);
  ASSERT_TRUE(applied.ok()) << applied.error().title;
  EXPECT_EQ(applied->state, "applied");
  EXPECT_EQ(applied->step, 1);
  EXPECT_TRUE(applied->target);

  // The same offer again, another typology of the same programme... the rules' codes.
  EXPECT_EQ(applications_->apply(lea, first).error().code, "already_applied");
  const std::string same_programme = offer("T3-B");
  EXPECT_EQ(applications_->apply(lea, same_programme).error().code, "same_programme");
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(
        applications_->apply(lea, offer("P" + std::to_string(i), "Prog" + std::to_string(i))).ok());
  }
  const auto sixth = applications_->apply(lea, offer("P9", "Prog9"));
  EXPECT_EQ(sixth.error().code, "limit_reached");
  EXPECT_EQ(sixth.error().kind, ErrorKind::conflict);

  const std::string rich = applicant("rich", 90000);
  const auto refused = applications_->apply(rich, offer("R1", "Riches"));
  EXPECT_EQ(refused.error().code, "not_eligible");
  ASSERT_FALSE(refused.error().errors.empty());
  EXPECT_EQ(refused.error().errors[0].code, "income_above_ceiling");

  EXPECT_EQ(applications_->apply(lea, "no-such-offer").error().kind, ErrorKind::not_found);

  // A request that is not active may not apply.
  const std::string idle = applicant("idle");
  db_->write([&](soci::session& sql) {
    sql << "UPDATE housing_requests SET state = 'submitted' WHERE id = :id",
        soci::use(requests_[idle]);
  });
  EXPECT_EQ(applications_->apply(idle, offer("I1", "Idle")).error().code, "request_not_active");

  // A withdrawn offer is closed to applications, and withdraws the applications it had.
  const std::string withdrawn = offer("W1", "Withdrawn");
  const std::string other = applicant("other");
  auto on_withdrawn = applications_->apply(other, withdrawn);
  ASSERT_TRUE(on_withdrawn.ok());
  offers::OfferChange change;
  change.withdraw = true;
  ASSERT_TRUE(offers_->change(landlord_, withdrawn, change).ok());
  drain();
  EXPECT_EQ(state_of(on_withdrawn->id), "withdrawn");
  EXPECT_EQ(applications_->apply(applicant("late"), withdrawn).error().code, "offer_closed");
}

TEST_P(ApplicationsTest, CancelUntilTransmittedAndPositionMoves) {
  const std::string home = offer("C1");
  const std::string a = applicant("anna"), b = applicant("ben");
  auto first = applications_->apply(a, home);
  clock_.advance(60);
  auto second = applications_->apply(b, home);
  ASSERT_TRUE(first.ok() && second.ok());
  const auto rank = [&](const std::string& account) {
    return db_->read([&](soci::session& sql) {
      return applications::rank_of(sql, *rules_, home, requests_[account], clock_.now());
    });
  };
  EXPECT_EQ(rank(a), 1);
  EXPECT_EQ(rank(b), 2);
  // Another applicant's application does not exist for this one.
  EXPECT_EQ(applications_->cancel(b, first->id).error().kind, ErrorKind::not_found);
  ASSERT_TRUE(applications_->cancel(a, first->id).ok());
  EXPECT_EQ(rank(a), std::nullopt);
  EXPECT_EQ(rank(b), 1);
  // Cancelled, Anna may apply again.
  EXPECT_TRUE(applications_->apply(a, home).ok());
}

TEST_P(ApplicationsTest, ClosingTransmitsTheFirstValidatedFilesAndArchivesTheOthers) {
  const std::string home = offer("K1");
  std::vector<std::string> ids;
  std::vector<std::string> accounts;
  for (int i = 0; i < 8; ++i) {
    accounts.push_back(applicant("cand" + std::to_string(i)));
    clock_.advance(60);
    auto applied = applications_->apply(accounts.back(), home);
    ASSERT_TRUE(applied.ok());
    ids.push_back(applied->id);
  }
  // Candidate 0 is never validated; 1–7 are. Candidate 3's documents are incomplete: ranked after
  // the complete files despite applying earlier.
  for (int i = 1; i < 8; ++i) ASSERT_TRUE(applications_->adviser_decide("adv", ids[i], true).ok());
  db_->write([&](soci::session& sql) {
    sql << "UPDATE supporting_documents SET confirmed_at = NULL WHERE request_id = :r",
        soci::use(requests_[accounts[3]]);
  });
  ASSERT_TRUE(applications_->close_offer("adv", home).ok());
  drain();
  std::vector<std::string> states;
  for (const auto& id : ids) states.push_back(state_of(id));
  EXPECT_EQ(states,
            (std::vector<std::string>{"not_kept", "transmitted", "transmitted", "not_kept",
                                      "transmitted", "transmitted", "transmitted", "not_kept"}));
  // A kept file's position is now the rank the closing gave it, among every file ranked (the
  // unvalidated candidate 0 ranked first, not transmitted).
  const auto rank = [&](const std::string& account) {
    return db_->read([&](soci::session& sql) {
      return applications::rank_of(sql, *rules_, home, requests_[account], clock_.now());
    });
  };
  EXPECT_EQ(rank(accounts[1]), 2);
  EXPECT_EQ(rank(accounts[4]), 4);
  EXPECT_EQ(rank(accounts[0]), std::nullopt) << "not kept: no longer a live file";
  // The landlord sees the five files, in rank order, with its plugin's documents.
  auto files = applications_->transmitted_files(landlord_, home);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ((*files)["files"].size(), 5u);
  EXPECT_EQ((*files)["files"][0]["applicationId"], ids[1]);
  EXPECT_FALSE((*files)["files"][0]["documents"].empty());
  // Transmitted: the landlord's own reference, from its plugin's receipt.
  EXPECT_EQ((*files)["files"][0]["landlordReference"], "GEN-" + ids[1]);
  EXPECT_EQ(applications_->transmitted_files(organisation("landlord", "Autre", "generic"), home)
                .error()
                .kind,
            ErrorKind::not_found);
  // Each transmission went to the plugin once.
  const int transmits = db_->read([&](soci::session& sql) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM outbox WHERE topic = 'landlord.transmit' AND done_at IS NOT NULL",
        soci::into(n);
    return n;
  });
  EXPECT_EQ(transmits, 5);
  // Transmitted, it can no longer be cancelled by the applicant.
  EXPECT_EQ(applications_->cancel(accounts[1], ids[1]).error().code, "already_transmitted");

  // Steps 4 to 7 from the landlord.
  const std::string file = ids[1];
  for (const auto& [type, decision, state, step] :
       std::vector<std::tuple<std::string, std::string, std::string, int>>{
           {"contacted", "", "contacted", 4},
           {"committeeScheduled", "", "committee_scheduled", 5},
           {"committeeDecision", "allocated", "allocated", 6},
           {"leaseSigned", "", "lease_signed", 7}}) {
    auto moved = applications_->landlord_event(landlord_, file, {type, decision, ""});
    ASSERT_TRUE(moved.ok()) << type << ": " << moved.error().title;
    EXPECT_EQ(moved->state, state);
    EXPECT_EQ(moved->step, step);
  }
  EXPECT_EQ(applications_->landlord_event(landlord_, file, {"contacted", "", ""}).error().code,
            "event_not_allowed");
  EXPECT_EQ(applications_->landlord_event(landlord_, ids[0], {"contacted", "", ""}).error().kind,
            ErrorKind::not_found);
  // Not kept, the applicant may apply elsewhere, and is told by email.
  const auto history = applications_->of_applicant(accounts[0]);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->at(0).state, "not_kept");
  EXPECT_GT(delivered_->size(), 8u);
}

TEST_P(ApplicationsTest, TheDeadlineTimerClosesTheOfferTheDayAfter) {
  const std::string home = offer("D1");
  const std::string lea = applicant("lea");
  auto applied = applications_->apply(lea, home);
  ASSERT_TRUE(applied.ok());
  ASSERT_TRUE(applications_->adviser_decide("adv", applied->id, true).ok());
  // The deadline is in 10 days: on its last day nothing happens, the day after the offer closes.
  clock_.advance(10 * 86400);
  EXPECT_EQ(workflows_->run_due_timers(), 0);
  clock_.advance(86400);
  EXPECT_EQ(workflows_->run_due_timers(), 1);
  drain();
  EXPECT_EQ(state_of(applied->id), "transmitted");
  const std::string offer_state = db_->read([&](soci::session& sql) {
    std::string state;
    sql << "SELECT state FROM offers WHERE id = :id", soci::use(home), soci::into(state);
    return state;
  });
  EXPECT_EQ(offer_state, "closed");
  EXPECT_EQ(applications_->apply(applicant("late"), home).error().code, "offer_closed");
}

TEST_P(ApplicationsTest, InliReceivesTheSocleAndTheApplicantItsEmail) {
  const std::string inli = organisation("landlord", "In'li", "inli");
  const std::string home = offer("IN1", "Inli", 3, inli);
  const std::string lea = applicant("lea");
  auto applied = applications_->apply(lea, home);
  ASSERT_TRUE(applied.ok());
  ASSERT_TRUE(applications_->adviser_decide("adv", applied->id, true).ok());
  ASSERT_TRUE(applications_->close_offer("adv", home).ok());
  drain();
  auto files = applications_->transmitted_files(inli, home);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ((*files)["files"].size(), 1u);
  const auto& file = (*files)["files"][0];
  EXPECT_TRUE(file["landlordAccountRequired"].get<bool>());
  for (const auto& d : file["documents"]) EXPECT_TRUE(d["socle"].get<bool>()) << d.dump();
  const auto inli_emails = std::count_if(delivered_->begin(), delivered_->end(), [](const auto& e) {
    return e.to == "lea@example.fr" && e.template_name.rfind("inli", 0) == 0;
  });
  EXPECT_EQ(inli_emails, 1);
}

TEST_P(ApplicationsTest, SixtyFourSimultaneousApplicationsNeverExceedTheLimit) {
  const std::string lea = applicant("lea");
  std::vector<std::string> offers;
  for (int i = 0; i < 64; ++i)
    offers.push_back(offer("S" + std::to_string(i), "Prog" + std::to_string(i)));
  std::atomic<int> accepted{0}, limited{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      auto result = applications_->apply(lea, offers[static_cast<std::size_t>(i)]);
      if (result.ok()) {
        ++accepted;
      } else if (result.error().code == "limit_reached") {
        ++limited;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(limited, 59);
  EXPECT_EQ(other, 0);
  // And 16 at once on the same offer: one application.
  const std::string ben = applicant("ben");
  std::atomic<int> same{0};
  threads.clear();
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      if (applications_->apply(ben, offers[0]).ok()) ++same;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(same, 1);
  const int rows = db_->read([&](soci::session& sql) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM applications WHERE request_id = :r", soci::use(requests_[ben]),
        soci::into(n);
    return n;
  });
  EXPECT_EQ(rows, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApplicationsTest,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return alin::testing::to_string(info.param); });

}  // namespace
