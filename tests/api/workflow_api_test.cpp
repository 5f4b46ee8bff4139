// Workflows over HTTP: definitions and drawings, instances driven by hand, the inactivity
// timeline with the test clock, and a kill -9 in the middle of a stream of transitions.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "alin/store/database.hpp"
#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

class WorkflowApi : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HostOptions options;
    options.backend = GetParam();
    options.config["outbox.leaseSeconds"] = "2";  // so a killed host's claims expire quickly
    host_ = std::make_unique<HostProcess>(options);
    if (host_->skipped()) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    admin_ = host_->admin_token();
  }

  Reply start(const std::string& name, const std::string& subject,
              const json& context = json::object()) {
    return host_->post("/api/v1/admin/workflows/" + name + "/instances",
                       {{"subjectId", subject}, {"context", context}}, admin_);
  }
  Reply send(const std::string& instance, const json& body) {
    return host_->post("/api/v1/admin/workflow-instances/" + instance + "/events", body, admin_);
  }

  std::unique_ptr<HostProcess> host_;
  std::string admin_;
};

TEST_P(WorkflowApi, DefinitionsAndDrawings) {
  const Reply list = host_->get("/api/v1/workflows", admin_);
  ASSERT_EQ(list.status, 200);
  std::set<std::string> names;
  for (const auto& d : list.json()["items"]) names.insert(d["name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"application", "offer", "request"}));
  const Reply application = host_->get("/api/v1/workflows/application", admin_);
  ASSERT_EQ(application.status, 200);
  EXPECT_EQ(application.json()["initial"], "applied");
  EXPECT_EQ(host_->get("/api/v1/workflows/nothing", admin_).status, 404);

  const Reply instance = start("application", "app-1");
  ASSERT_EQ(instance.status, 201) << instance.body;
  const std::string id = instance.json()["id"];
  ASSERT_EQ(send(id, {{"event", "validate"}, {"actor", "adviser"}}).status, 200);
  const Reply dot = host_->get("/api/v1/workflows/application/graph?instance=" + id, admin_);
  ASSERT_EQ(dot.status, 200);
  EXPECT_EQ(dot.header("content-type").rfind("text/vnd.graphviz", 0), 0u);
  EXPECT_NE(dot.body.find("\"applied\" -> \"validated\" [label=\"validate\", color=red"),
            std::string::npos)
      << dot.body;
  const Reply mermaid = host_->get("/api/v1/workflows/application/graph?format=mermaid", admin_);
  EXPECT_NE(mermaid.body.find("stateDiagram-v2"), std::string::npos);
  EXPECT_EQ(host_->get("/api/v1/workflows/application/graph?format=svg", admin_).status, 400);
}

TEST_P(WorkflowApi, EventsAreCheckedAndRevisionsLocked) {
  const Reply started = start("application", "app-1");
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string id = started.json()["id"];
  const Reply wrong_actor = send(id, {{"event", "validate"}, {"actor", "landlord"}});
  EXPECT_EQ(wrong_actor.status, 403);
  EXPECT_EQ(wrong_actor.json()["code"], "actor_not_allowed");
  const Reply wrong_state = send(id, {{"event", "sign_lease"}, {"actor", "landlord"}});
  EXPECT_EQ(wrong_state.status, 409);
  EXPECT_EQ(wrong_state.json()["code"], "event_not_allowed");
  EXPECT_EQ(send(id, {{"event", "validate"}, {"actor", "adviser"}, {"revision", 1}}).status, 200);
  const Reply stale = send(id, {{"event", "transmit"}, {"revision", 1}});
  EXPECT_EQ(stale.status, 409) << "the caller saw revision 1; it is 2 now";
  EXPECT_EQ(stale.json()["code"], "workflow_conflict");
  const Reply detail = host_->get("/api/v1/admin/workflow-instances/" + id, admin_);
  EXPECT_EQ(detail.json()["history"].size(), 2u);
  EXPECT_EQ(start("application", "app-1").status, 409) << "one instance per subject";
}

TEST_P(WorkflowApi, InactivityTimelineWithTheTestClock) {
  const json context = {
      {"email", "idle@example.fr"}, {"firstName", "Léa"}, {"uniqueNumber", "0290423808575GDPUB"}};
  const Reply started = start("request", "req-1", context);
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string id = started.json()["id"];
  for (const auto& [event, actor] :
       std::vector<std::pair<std::string, std::string>>{{"complete", "applicant"},
                                                        {"confirm_documents", "applicant"},
                                                        {"submit", "applicant"},
                                                        {"company_validate", "company"},
                                                        {"adviser_validate", "adviser"}}) {
    ASSERT_EQ(send(id, {{"event", event}, {"actor", actor}}).status, 200) << event;
  }
  auto templates = [&] {
    std::vector<std::string> names;
    const json messages = host_->messages_to("idle@example.fr");
    for (auto it = messages.rbegin(); it != messages.rend(); ++it)
      names.push_back(it->value("template", ""));
    return names;
  };
  auto advance = [&](long long seconds) {
    ASSERT_EQ(
        host_->post("/api/v1/admin/clock", {{"seconds", seconds}}, host_->admin_token()).status,
        200);
    admin_ = host_->admin_token();  // the jump ended the admin's session too
  };
  auto wait_for = [&](std::size_t emails) {
    for (int i = 0; i < 100 && templates().size() < emails; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return templates();
  };
  advance(90 * 86400);
  EXPECT_EQ(wait_for(3).back(), "inactivity_warning");
  advance(27 * 86400);
  EXPECT_EQ(wait_for(4).back(), "inactivity_reminder");
  advance(3 * 86400);
  EXPECT_EQ(wait_for(5).back(), "request_closed_inactive");
  const Reply closed = host_->get("/api/v1/admin/workflow-instances/" + id, admin_);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["instance"]["state"], "closed");
}

// kill -9 in the middle of a stream of transitions, then a restart on the same data: no
// acknowledged transition lost, state and history agree, every email delivered exactly once.
TEST_P(WorkflowApi, CrashInTheMiddleOfTransitionsLosesNothing) {
  const std::vector<std::pair<std::string, std::string>> journey = {
      {"validate", "adviser"},  {"transmit", "system"},
      {"contact", "landlord"},  {"schedule_committee", "landlord"},
      {"allocate", "landlord"}, {"sign_lease", "landlord"}};
  std::vector<std::string> instances;
  for (int i = 0; i < 100; ++i) {
    const Reply r = start("application", "app-" + std::to_string(i),
                          {{"email", "crash" + std::to_string(i) + "@example.fr"},
                           {"offerReference", "BR-" + std::to_string(i)}});
    ASSERT_EQ(r.status, 201);
    instances.push_back(r.json()["id"]);
  }
  std::mutex mutex;
  std::set<std::pair<std::string, int>> acknowledged;  // (instance, revision) answered 200
  std::atomic<bool> stop{false};
  std::thread stream([&] {
    for (std::size_t step = 0; step < journey.size() && !stop; ++step) {
      for (const std::string& id : instances) {
        try {
          const Reply r =
              send(id, {{"event", journey[step].first}, {"actor", journey[step].second}});
          if (r.status == 200) {
            std::lock_guard lock(mutex);
            acknowledged.insert({id, r.json()["revision"].get<int>()});
          }
        } catch (const std::exception&) {
          stop = true;  // the host is gone
          return;
        }
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  host_->kill();
  stream.join();
  ASSERT_GT(acknowledged.size(), 5u) << "the kill came after some transitions";
  ASSERT_LT(acknowledged.size(), instances.size() * journey.size()) << "and before the last";

  HostOptions again;
  again.backend = GetParam();
  // PostgreSQL may have several hosts: a crashed host's claims expire with their lease.
  again.config["outbox.leaseSeconds"] = "2";
  again.connection = host_->connection();
  again.maildir = host_->maildir();
  HostProcess restarted(again);
  // Let the outbox deliver what the crash left pending.
  alin::store::Database db({host_->connection(), 1});
  auto pending = [&] {
    return db.read([](soci::session& sql) {
      int n = 0;
      sql << "SELECT COUNT(*) FROM outbox WHERE topic = 'email.send' AND state <> 'done'",
          soci::into(n);
      return n;
    });
  };
  for (int i = 0; i < 400 && pending() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(pending(), 0);

  db.read([&](soci::session& sql) {
    for (const auto& [id, revision] : acknowledged) {
      int found = 0;
      sql << "SELECT COUNT(*) FROM workflow_history WHERE instance_id = :i AND revision = :r",
          soci::use(id), soci::use(revision), soci::into(found);
      EXPECT_EQ(found, 1) << "acknowledged transition " << id << "@" << revision << " lost";
    }
    for (const std::string& id : instances) {
      int revision = 0, rows = 0, newest = 0;
      sql << "SELECT revision FROM workflow_instances WHERE id = :i", soci::use(id),
          soci::into(revision);
      sql << "SELECT COUNT(*), MAX(revision) FROM workflow_history WHERE instance_id = :i",
          soci::use(id), soci::into(rows), soci::into(newest);
      EXPECT_EQ(revision, newest) << "state and history disagree for " << id;
      EXPECT_EQ(rows, revision) << "a history row per revision for " << id;
    }
    int emails = 0, distinct = 0, queued = 0;
    sql << "SELECT COUNT(*), COUNT(DISTINCT id) FROM emails", soci::into(emails),
        soci::into(distinct);
    sql << "SELECT COUNT(*) FROM outbox WHERE topic = 'email.send'", soci::into(queued);
    EXPECT_EQ(emails, queued) << "every email queued was sent and recorded";
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(host_->maildir() + "/new"))
      files += entry.is_regular_file();
    EXPECT_EQ(files, static_cast<std::size_t>(emails)) << "each email delivered once, none lost";
    EXPECT_EQ(distinct, emails);
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowApi,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
