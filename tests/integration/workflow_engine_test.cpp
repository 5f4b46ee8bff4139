// The workflow runtime on real SQLite and PostgreSQL: transitions, actors, guards, history,
// outbox effects, optimistic locking under concurrency, and the request's inactivity timers.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <thread>

#include "alin/mail/mail.hpp"
#include "alin/workflow/email_templates.hpp"
#include "alin/workflow/engine.hpp"
#include "support/test_database.hpp"

using namespace alin;
using namespace alin::workflow;
using alin::testing::TestBackend;
using alin::testing::TestDatabase;

namespace {

// Allows unless the context carries "applicationWithLandlord": true.
class TestGuards final : public GuardEvaluator {
 public:
  Result<GuardOutcome> evaluate(const std::string& guard, const nlohmann::json& context,
                                soci::session&) override {
    ++calls;
    if (guard == "request.no_application_with_landlord" &&
        context.value("applicationWithLandlord", false)) {
      return GuardOutcome{false,
                          {{{"code", "application_with_landlord"},
                            {"message", "Une candidature est en cours chez un bailleur."}}}};
    }
    return GuardOutcome{true, nlohmann::json::array()};
  }
  int calls = 0;
};

constexpr long long kDay = 86400;

class WorkflowEngineTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    db_ = test_db_->open(8);
    auto templates =
        EmailTemplates::load(std::string(ALIN_SOURCE_DIR) + "/workflows/emails/fr.json");
    ASSERT_TRUE(templates.ok());
    templates_ = std::make_unique<EmailTemplates>(std::move(templates.value()));
    engine_ = std::make_unique<Engine>(*db_, clock_, guards_, templates_->renderer());
    Vocabulary vocabulary;
    vocabulary.guards = {"request.no_application_with_landlord"};
    vocabulary.actions = templates_->action_names();
    for (const char* effect :
         {"landlord.transmit", "applications.close_all", "applications.cancel_all",
          "applications.withdraw_all", "applications.rank_and_transmit"}) {
      vocabulary.actions.insert(effect);
    }
    auto loaded = engine_->load_directory(std::string(ALIN_SOURCE_DIR) + "/workflows", vocabulary);
    ASSERT_TRUE(loaded.ok()) << loaded.error().errors.at(0).field;
  }

  // A request walked to "active" by the applicant, the company and the adviser.
  Instance active_request(const std::string& subject, nlohmann::json context = {}) {
    context["email"] = subject + "@example.fr";
    context["firstName"] = "Léa";
    context["uniqueNumber"] = "1110318016982G1104";
    auto instance = engine_->start("request", subject, context, {"applicant", "a1"});
    EXPECT_TRUE(instance.ok());
    for (const auto& [event, role] :
         std::vector<std::pair<std::string, std::string>>{{"complete", "applicant"},
                                                          {"confirm_documents", "applicant"},
                                                          {"submit", "applicant"},
                                                          {"company_validate", "company"},
                                                          {"adviser_validate", "adviser"}}) {
      clock_.advance(1);  // distinct instants, so the emails sort in order
      auto fired = engine_->fire(instance->id, event, {role, ""});
      EXPECT_TRUE(fired.ok()) << event << ": " << (fired.ok() ? "" : fired.error().title);
    }
    return *engine_->get(instance->id);
  }

  std::vector<std::string> templates_sent_to(const std::string& to) {
    const auto emails = db_->read([&](soci::session& sql) { return mail::list(sql, to, 100); });
    std::vector<std::string> names;
    for (auto it = emails.rbegin(); it != emails.rend(); ++it)
      names.push_back(it->email.template_name);
    return names;
  }

  int count(const std::string& sql_text) {
    return db_->read([&](soci::session& sql) {
      int n = 0;
      sql << sql_text, soci::into(n);
      return n;
    });
  }

  TestClock clock_;
  TestGuards guards_;
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<EmailTemplates> templates_;
  std::unique_ptr<Engine> engine_;
};

TEST_P(WorkflowEngineTest, RequestReachesActiveEitherValidationFirst) {
  const Instance request = active_request("r1");
  EXPECT_EQ(request.state, "active");
  EXPECT_EQ(request.revision, 6);
  EXPECT_EQ(templates_sent_to("r1@example.fr"),
            (std::vector<std::string>{"request_submitted", "request_active"}));
  // The other order: adviser first, then company.
  auto other = engine_->start("request", "r2", {{"email", "r2@example.fr"}}, {"applicant", ""});
  for (const auto& [event, role] :
       std::vector<std::pair<std::string, std::string>>{{"complete", "applicant"},
                                                        {"confirm_documents", "applicant"},
                                                        {"submit", "applicant"},
                                                        {"adviser_validate", "adviser"},
                                                        {"company_validate", "company"}}) {
    ASSERT_TRUE(engine_->fire(other->id, event, {role, ""}).ok()) << event;
  }
  EXPECT_EQ(engine_->get(other->id)->state, "active");
}

TEST_P(WorkflowEngineTest, ActorsAndStatesAreEnforced) {
  auto request = engine_->start("request", "r1", {}, {"applicant", ""});
  auto wrong_actor = engine_->fire(request->id, "complete", {"landlord", ""});
  ASSERT_FALSE(wrong_actor.ok());
  EXPECT_EQ(wrong_actor.error().code, "actor_not_allowed");
  auto wrong_state = engine_->fire(request->id, "submit", {"applicant", ""});
  ASSERT_FALSE(wrong_state.ok());
  EXPECT_EQ(wrong_state.error().code, "event_not_allowed");
  EXPECT_EQ(engine_->get(request->id)->revision, 1) << "a refused event changes nothing";
  EXPECT_FALSE(engine_->start("request", "r1", {}, {"applicant", ""}).ok())
      << "one request workflow per subject";
}

TEST_P(WorkflowEngineTest, HistoryAndEffectsAreWrittenWithTheTransition) {
  auto application =
      engine_->start("application", "app1", {{"email", "x@example.fr"}, {"offerReference", "BR-1"}},
                     {"applicant", "acc1"});
  ASSERT_TRUE(engine_->fire(application->id, "validate", {"adviser", "adv1"}).ok());
  clock_.advance(1);
  ASSERT_TRUE(engine_->fire(application->id, "transmit", {"system", ""}).ok());
  const auto history = engine_->history(application->id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].from, "applied");
  EXPECT_EQ(history[1].to, "validated");
  EXPECT_EQ(history[1].actor, "adviser");
  EXPECT_EQ(history[1].actor_id, "adv1");
  EXPECT_EQ(history[2].event, "transmit");
  // An action naming an effect is an outbox row keyed instance:revision:effect.
  auto offer = engine_->start("offer", "offer1", {{"deadline", "2026-12-31"}}, {"landlord", "l1"});
  ASSERT_TRUE(engine_->fire(offer->id, "publish", {"landlord", "l1"}).ok());
  ASSERT_TRUE(engine_->fire(offer->id, "close", {"adviser", "adv1"}).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE topic = 'applications.rank_and_transmit' AND "
                  "id = '" +
                  offer->id + ":3:applications.rank_and_transmit'"),
            1);
  EXPECT_EQ(templates_sent_to("x@example.fr"),
            (std::vector<std::string>{"application_validated", "application_transmitted"}));
  // Once transmitted, the applicant can no longer cancel (CGU 11.23).
  EXPECT_EQ(engine_->fire(application->id, "cancel", {"applicant", ""}).error().code,
            "event_not_allowed");
}

TEST_P(WorkflowEngineTest, AStaleRevisionIsAConflict) {
  auto application = engine_->start("application", "app1", {}, {"applicant", ""});
  auto stale = engine_->fire(application->id, "validate", {"adviser", ""}, {}, 7);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().kind, ErrorKind::conflict);
  EXPECT_TRUE(engine_->fire(application->id, "validate", {"adviser", ""}, {}, 1).ok());
}

TEST_P(WorkflowEngineTest, ConcurrentEventsOnOneInstanceExactlyOneWins) {
  auto application = engine_->start("application", "app1", {}, {"applicant", ""});
  std::atomic<int> won{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      // Half validate, half invalidate, all from the revision they read.
      auto result =
          engine_->fire(application->id, i % 2 ? "validate" : "invalidate", {"adviser", ""}, {}, 1);
      if (result)
        ++won;
      else if (result.error().kind == ErrorKind::conflict)
        ++conflicts;
      else
        ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(engine_->history(application->id).size(), 2u)
      << "one history row per winning transition";
}

TEST_P(WorkflowEngineTest, InactivityWarnsRemindsThenCloses) {
  const Instance request = active_request("idle");
  clock_.advance(90 * kDay - 60);
  EXPECT_EQ(engine_->run_due_timers(), 0) << "nothing before 3 months";
  clock_.advance(60);
  EXPECT_EQ(engine_->run_due_timers(), 1);
  EXPECT_EQ(engine_->get(request.id)->state, "active");
  clock_.advance(27 * kDay);  // 4 months − 3 days
  EXPECT_EQ(engine_->run_due_timers(), 1);
  clock_.advance(3 * kDay - 1);
  EXPECT_EQ(engine_->run_due_timers(), 0);
  clock_.advance(1);
  EXPECT_EQ(engine_->run_due_timers(), 1);
  EXPECT_EQ(engine_->get(request.id)->state, "closed");
  EXPECT_EQ(templates_sent_to("idle@example.fr"),
            (std::vector<std::string>{"request_submitted", "request_active", "inactivity_warning",
                                      "inactivity_reminder", "request_closed_inactive"}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE topic = 'applications.close_all'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_timers"), 0)
      << "a closed request has no timer left";
}

TEST_P(WorkflowEngineTest, ActivityResetsTheInactivityClock) {
  const Instance request = active_request("busy");
  clock_.advance(80 * kDay);
  ASSERT_TRUE(engine_->fire(request.id, "activity", {"applicant", ""}).ok());  // a login
  clock_.advance(80 * kDay);
  EXPECT_EQ(engine_->run_due_timers(), 0) << "80 days since the login: no warning yet";
  clock_.advance(30 * kDay);
  EXPECT_EQ(engine_->run_due_timers(), 1) << "the warning, 90 days after the login";
  EXPECT_EQ(engine_->get(request.id)->state, "active")
      << "190 days since activation, 110 since the login";
}

TEST_P(WorkflowEngineTest, AnApplicationWithALandlordPreventsTheClosure) {
  const Instance request = active_request("housed", {{"applicationWithLandlord", true}});
  clock_.advance(120 * kDay);
  engine_->run_due_timers();
  engine_->run_due_timers();
  EXPECT_EQ(engine_->get(request.id)->state, "active") << "the guard refused the closure";
  // The application ends: the next daily check closes the request.
  db_->write([&](soci::session& sql) {
    const std::string context = R"({"email":"housed@example.fr","applicationWithLandlord":false})";
    sql << "UPDATE workflow_instances SET context = :c WHERE id = :id", soci::use(context),
        soci::use(request.id);
  });
  clock_.advance(kDay);
  engine_->run_due_timers();
  EXPECT_EQ(engine_->get(request.id)->state, "closed");
}

TEST_P(WorkflowEngineTest, OfferClosesTheDayAfterItsDeadline) {
  auto offer = engine_->start("offer", "o1",
                              {{"deadline", format_utc(clock_.now() + 10 * kDay).substr(0, 10)}},
                              {"landlord", ""});
  ASSERT_TRUE(engine_->fire(offer->id, "publish", {"landlord", ""}).ok());
  clock_.advance(10 * kDay);
  engine_->run_due_timers();
  EXPECT_EQ(engine_->get(offer->id)->state, "published");
  clock_.advance(2 * kDay);
  EXPECT_EQ(engine_->run_due_timers(), 1);
  EXPECT_EQ(engine_->get(offer->id)->state, "closed");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE topic = 'applications.rank_and_transmit'"), 1);
}

// Every transition of the three definitions, each from every state it may leave: the instance is
// driven there along a shortest path, then the event is sent by one of its actors.
TEST_P(WorkflowEngineTest, EveryTransitionOfEveryDefinition) {
  int checked = 0;
  for (const auto& definition : engine_->definitions()) {
    // Shortest event paths from the initial state to each state.
    std::map<std::string, std::vector<const Transition*>> paths = {{definition->initial, {}}};
    std::deque<std::string> queue = {definition->initial};
    while (!queue.empty()) {
      const std::string at = queue.front();
      queue.pop_front();
      for (const auto& t : definition->transitions) {
        if (!definition->transition(at, t.event) || definition->transition(at, t.event) != &t)
          continue;
        if (paths.count(t.to)) continue;
        paths[t.to] = paths[at];
        paths[t.to].push_back(&t);
        queue.push_back(t.to);
      }
    }
    for (const auto& t : definition->transitions) {
      for (const auto& source : t.from) {
        const std::vector<std::string> states = source == "*"
                                                    ? std::vector<std::string>{definition->initial}
                                                    : std::vector<std::string>{source};
        for (const std::string& from : states) {
          ASSERT_TRUE(paths.count(from)) << definition->name << ": " << from << " unreachable";
          const std::string subject =
              definition->name + "-" + t.event + "-" + from + "-" + std::to_string(checked);
          // Context that lets every guard pass and every date-based timer be armed.
          auto instance = engine_->start(
              definition->name, subject,
              {{"email", "every@example.fr"}, {"deadline", "2099-12-31"}}, {"system", ""});
          ASSERT_TRUE(instance.ok()) << subject;
          for (const Transition* step : paths[from]) {
            auto moved = engine_->fire(instance->id, step->event, {*step->actors.begin(), ""});
            ASSERT_TRUE(moved.ok())
                << subject << " on the way: " << step->event << ": " << moved.error().title;
          }
          auto fired = engine_->fire(instance->id, t.event, {*t.actors.begin(), ""});
          ASSERT_TRUE(fired.ok()) << definition->name << " " << from << " --" << t.event << "--> "
                                  << t.to << ": " << fired.error().title;
          EXPECT_EQ(fired->state, t.to);
          EXPECT_EQ(engine_->history(instance->id).back().event, t.event);
          ++checked;
        }
      }
    }
  }
  EXPECT_GE(checked, 50) << "request, offer and application transitions";
}

TEST_P(WorkflowEngineTest, YearlyRenewalAndSuspensionEndTimers) {
  const std::string registered = format_utc(clock_.now()).substr(0, 10);
  const Instance request = active_request("yearly", {{"registeredOn", registered}});
  // An applicant who logs in every two months, but never renews.
  for (int i = 0; i < 6; ++i) {
    clock_.advance(60 * kDay);
    engine_->run_due_timers();
    ASSERT_TRUE(engine_->fire(request.id, "activity", {"applicant", ""}).ok());
  }
  clock_.advance(31 * kDay);  // 391 days after registration
  engine_->run_due_timers();
  EXPECT_EQ(engine_->get(request.id)->state, "closed") << "not renewed in 13 months: struck off";
  EXPECT_EQ(engine_->history(request.id).back().event, "expire");

  const Instance fraud = active_request("fraud");
  const std::string until = format_utc(clock_.now() + 200 * kDay).substr(0, 10);
  ASSERT_TRUE(
      engine_->fire(fraud.id, "suspend_for_fraud", {"adviser", ""}, {{"suspendedUntil", until}})
          .ok());
  clock_.advance(199 * kDay);
  engine_->run_due_timers();
  EXPECT_EQ(engine_->get(fraud.id)->state, "suspended");
  clock_.advance(2 * kDay);
  engine_->run_due_timers();
  EXPECT_EQ(engine_->get(fraud.id)->state, "closed")
      << "the suspension ends; a new request starts from scratch";
  EXPECT_EQ(engine_->history(fraud.id).back().event, "end_suspension");
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowEngineTest,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return alin::testing::to_string(info.param); });

}  // namespace
