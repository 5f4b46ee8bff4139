// Emails through the outbox: delivered after commit by a real SMTP session to a loopback server,
// or into a maildir; failures retried with backoff and parked; each effect run once per key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "alin/mail/mail.hpp"
#include "alin/outbox/outbox.hpp"
#include "support/smtp_server.hpp"
#include "support/test_database.hpp"

using namespace alin;
using alin::testing::TestBackend;
using alin::testing::TestDatabase;

namespace {

class MailOutboxTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    db_ = test_db_->open();
  }

  std::string enqueue(const std::string& to) {
    return db_->write([&](soci::session& sql) {
      return mail::enqueue(
          sql,
          {to, "Votre candidature a été transmise", "Bonjour,\nVotre dossier avance.\n", "test"},
          clock_.now());
    });
  }

  std::string outbox_state(const std::string& key, int* attempts = nullptr) {
    return db_->read([&](soci::session& sql) {
      std::string state;
      int tries = 0;
      sql << "SELECT state, attempts FROM outbox WHERE id = :k", soci::use(key),
          soci::into(state), soci::into(tries);
      if (attempts) *attempts = tries;
      return state;
    });
  }

  TestClock clock_;
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(MailOutboxTest, SmtpDeliversToARealServer) {
  alin::testing::SmtpServer server;
  auto transport = mail::make_smtp_transport(
      {"127.0.0.1", server.port(), "AL'in <ne-pas-repondre@alin.local>", 5});
  outbox::Dispatcher dispatcher(*db_, clock_);
  mail::register_delivery(dispatcher, *db_, *transport, clock_);

  const std::string id = enqueue("lea@example.fr");
  EXPECT_EQ(dispatcher.run_once(), 1);
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_NE(received[0].recipients.at(0).find("lea@example.fr"), std::string::npos);
  EXPECT_NE(received[0].data.find("Message-ID: <" + id + "@alin>"), std::string::npos)
      << received[0].data;
  EXPECT_NE(received[0].data.find("=?UTF-8?"), std::string::npos)
      << "the accented subject is RFC 2047 encoded";
  EXPECT_EQ(outbox_state("email:" + id), "done");
  const auto sent = db_->read(
      [](soci::session& sql) { return mail::list(sql, std::string("lea@example.fr"), 10); });
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].sent_at.has_value());
  EXPECT_EQ(dispatcher.run_once(), 0) << "nothing left to do";
}

TEST_P(MailOutboxTest, SmtpFailureIsRetriedWithBackoffThenDelivered) {
  alin::testing::SmtpServer server;
  server.refuse = true;
  auto transport = mail::make_smtp_transport({"127.0.0.1", server.port(), "alin@alin.local", 5});
  outbox::DispatcherOptions options;
  options.first_retry_delay = 10;
  outbox::Dispatcher dispatcher(*db_, clock_, options);
  mail::register_delivery(dispatcher, *db_, *transport, clock_);

  const std::string id = enqueue("retry@example.fr");
  EXPECT_EQ(dispatcher.run_once(), 1);
  int attempts = 0;
  EXPECT_EQ(outbox_state("email:" + id, &attempts), "pending");
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(dispatcher.run_once(), 0) << "not due again before the backoff";
  clock_.advance(10);
  server.refuse = false;
  EXPECT_EQ(dispatcher.run_once(), 1);
  EXPECT_EQ(outbox_state("email:" + id), "done");
  EXPECT_EQ(server.received().size(), 1u);
}

TEST_P(MailOutboxTest, RepeatedFailuresAreParked) {
  outbox::DispatcherOptions options;
  options.max_attempts = 3;
  options.first_retry_delay = 1;
  outbox::Dispatcher dispatcher(*db_, clock_, options);
  int calls = 0;
  dispatcher.register_handler("landlord.transmit", [&](const outbox::Effect&) {
    ++calls;
    throw std::runtime_error("landlord unreachable");
  });
  db_->write([&](soci::session& sql) {
    outbox::enqueue(sql, "landlord.transmit", "app:1:transmit", {{"a", 1}}, clock_.now());
  });
  for (int i = 0; i < 5; ++i) {
    dispatcher.run_once();
    clock_.advance(100);
  }
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(outbox_state("app:1:transmit"), "parked");
  const std::string error = db_->read([](soci::session& sql) {
    std::string e;
    sql << "SELECT last_error FROM outbox WHERE id = 'app:1:transmit'", soci::into(e);
    return e;
  });
  EXPECT_EQ(error, "landlord unreachable");

  // Support lists the incident and sends it again once the landlord is back.
  const auto parked = db_->read([](soci::session& sql) { return outbox::incidents(sql, 10); });
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].idempotency_key, "app:1:transmit");
  EXPECT_EQ(parked[0].last_error, "landlord unreachable");
  outbox::Dispatcher healed(*db_, clock_, options);
  std::vector<std::string> delivered;
  healed.register_handler("landlord.transmit",
                          [&](const outbox::Effect& e) { delivered.push_back(e.idempotency_key); });
  EXPECT_TRUE(db_->write(
      [&](soci::session& sql) { return outbox::retry_incident(sql, parked[0].id, clock_.now()); }));
  EXPECT_FALSE(db_->write([&](soci::session& sql) {
    return outbox::retry_incident(sql, parked[0].id, clock_.now());
  })) << "no longer parked";
  healed.run_once();
  EXPECT_EQ(delivered, (std::vector<std::string>{"app:1:transmit"}));
  EXPECT_EQ(outbox_state("app:1:transmit"), "done");
}

TEST_P(MailOutboxTest, SameIdempotencyKeyIsOneEffect) {
  outbox::Dispatcher dispatcher(*db_, clock_);
  std::vector<std::string> seen;
  dispatcher.register_handler("hook",
                              [&](const outbox::Effect& e) { seen.push_back(e.idempotency_key); });
  db_->write([&](soci::session& sql) {
    outbox::enqueue(sql, "hook", "k1", {}, clock_.now());
    outbox::enqueue(sql, "hook", "k1", {}, clock_.now());
    outbox::enqueue(sql, "hook", "k2", {}, clock_.now());
  });
  dispatcher.run_once();
  EXPECT_EQ(seen, (std::vector<std::string>{"k1", "k2"}));
}

TEST_P(MailOutboxTest, RolledBackTransactionLeavesNoEffect) {
  auto refused = db_->write([&](soci::session& sql) -> Result<int> {
    mail::enqueue(sql, {"ghost@example.fr", "Sujet", "Corps", "test"}, clock_.now());
    return Error::invalid("refused", "Refusé");
  });
  ASSERT_FALSE(refused.ok());
  const auto emails =
      db_->read([](soci::session& sql) { return mail::list(sql, std::nullopt, 10); });
  EXPECT_TRUE(emails.empty());
  outbox::Dispatcher dispatcher(*db_, clock_);
  EXPECT_EQ(dispatcher.run_once(), 0);
}

TEST_P(MailOutboxTest, MaildirHoldsOneFilePerMessage) {
  alin::testing::TempDir dir;
  const std::string maildir = dir.path() + "/mail";
  auto transport = mail::make_maildir_transport(maildir, "alin@alin.local");
  outbox::Dispatcher dispatcher(*db_, clock_);
  mail::register_delivery(dispatcher, *db_, *transport, clock_);
  const std::string id = enqueue("maildir@example.fr");
  dispatcher.run_once();
  // Delivered again (as after a crash between sending and recording): still one file.
  transport->send({"maildir@example.fr", "Votre candidature a été transmise", "x", "test"}, id);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(maildir + "/new"))
    files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(std::filesystem::is_empty(maildir + "/tmp"));
  std::ifstream in(files[0]);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_NE(content.str().find("To: <maildir@example.fr>"), std::string::npos) << content.str();
}

TEST_P(MailOutboxTest, AQueuedEmailIsListedUntilDeliveredThenRecordedOnce) {
  alin::testing::SmtpServer server;
  auto transport = mail::make_smtp_transport({"127.0.0.1", server.port(), "alin@alin.local", 5});
  outbox::Dispatcher dispatcher(*db_, clock_);
  mail::register_delivery(dispatcher, *db_, *transport, clock_);
  const std::string id = enqueue("lea@example.fr");
  auto listed = [&] {
    return db_->read(
        [](soci::session& sql) { return mail::list(sql, std::string("lea@example.fr"), 10); });
  };
  auto rows = [&] {
    return db_->read([](soci::session& sql) {
      int n = 0;
      sql << "SELECT COUNT(*) FROM emails", soci::into(n);
      return n;
    });
  };
  ASSERT_EQ(listed().size(), 1u);
  EXPECT_EQ(listed()[0].id, id);
  EXPECT_FALSE(listed()[0].sent_at.has_value()) << "queued, not sent";
  EXPECT_EQ(listed()[0].email.template_name, "test");
  EXPECT_EQ(rows(), 0) << "recorded only once delivered";
  EXPECT_EQ(dispatcher.run_once(), 1);
  ASSERT_EQ(listed().size(), 1u) << "not listed twice";
  EXPECT_TRUE(listed()[0].sent_at.has_value());
  EXPECT_EQ(rows(), 1);
}

TEST_P(MailOutboxTest, AnEffectQueuedBeforeEmailsTravelledInTheirPayloadIsStillDelivered) {
  alin::testing::SmtpServer server;
  auto transport = mail::make_smtp_transport({"127.0.0.1", server.port(), "alin@alin.local", 5});
  outbox::Dispatcher dispatcher(*db_, clock_);
  mail::register_delivery(dispatcher, *db_, *transport, clock_);
  // What an earlier version left pending: the email in its row, the effect naming it.
  db_->write([&](soci::session& sql) {
    sql << "INSERT INTO emails (id, recipient, subject, body, template, created_at)"
           " VALUES ('old1', 'lea@example.fr', 'Ancien', 'Bonjour', 'test', 1)";
    outbox::enqueue(sql, mail::kSendTopic, "email:old1", {{"emailId", "old1"}}, clock_.now());
  });
  EXPECT_EQ(dispatcher.run_once(), 1);
  ASSERT_EQ(server.received().size(), 1u);
  EXPECT_EQ(outbox_state("email:old1"), "done");
  const auto sent = db_->read(
      [](soci::session& sql) { return mail::list(sql, std::string("lea@example.fr"), 10); });
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].email.subject, "Ancien");
  EXPECT_TRUE(sent[0].sent_at.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, MailOutboxTest,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return alin::testing::to_string(info.param); });

}  // namespace
