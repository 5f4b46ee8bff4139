// The account flow end to end over HTTP against the real host, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

json applicant(const std::string& email) {
  return {{"lastName", "Dupont"}, {"firstName", "Léa"},     {"mobile", "06 12 34 56 78"},
          {"email", email},       {"acceptsDataUse", true}, {"acceptsTerms", true}};
}

std::set<std::string> error_codes(const Reply& reply) {
  std::set<std::string> codes;
  for (const auto& e : reply.json().value("errors", json::array()))
    codes.insert(e.value("code", ""));
  return codes;
}

class AccountsApi : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HostOptions options;
    options.backend = GetParam();
    options.config["limits.loginFailuresPerAccount"] = "3";
    options.config["limits.loginFailuresPerAddress"] = "50";
    host_ = std::make_unique<HostProcess>(options);
    if (host_->skipped()) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
  }

  // Creates and confirms an applicant; returns nothing, the account can then log in.
  void create_confirmed(const std::string& email, const std::string& password) {
    ASSERT_EQ(host_->post("/api/v1/accounts", applicant(email)).status, 201);
    const std::string token = host_->link_token(email, "account_confirmation");
    ASSERT_FALSE(token.empty());
    ASSERT_EQ(
        host_->post("/api/v1/accounts/confirm", {{"token", token}, {"password", password}}).status,
        200);
  }

  std::unique_ptr<HostProcess> host_;
};

TEST_P(AccountsApi, CreateConfirmLoginLogout) {
  const Reply created = host_->post("/api/v1/accounts", applicant("Lea.Dupont@Example.fr"));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["id"].get<std::string>().size(), 36u);

  // The email is stored normalised and the confirmation email went out in French.
  const json messages = host_->messages_to("lea.dupont@example.fr");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["template"], "account_confirmation");
  EXPECT_NE(messages[0]["body"].get<std::string>().find("valable 72 heures"), std::string::npos);

  // Not yet confirmed: no password, no login.
  EXPECT_EQ(host_
                ->post("/api/v1/sessions",
                       {{"email", "lea.dupont@example.fr"}, {"password", "Secret2026x"}})
                .status,
            401);

  const std::string token = host_->link_token("lea.dupont@example.fr", "account_confirmation");
  // Password rules: each broken rule listed.
  const Reply weak =
      host_->post("/api/v1/accounts/confirm", {{"token", token}, {"password", "abc"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(error_codes(weak), (std::set<std::string>{"too_short", "no_digit", "no_uppercase"}));
  const json weak_body = weak.json();
  for (const auto& e : weak_body["errors"]) EXPECT_EQ(e["field"], "password");

  ASSERT_EQ(host_->post("/api/v1/accounts/confirm", {{"token", token}, {"password", "Secret2026x"}})
                .status,
            200);
  // A link works once.
  EXPECT_EQ(host_->post("/api/v1/accounts/confirm", {{"token", token}, {"password", "Secret2026x"}})
                .status,
            404);

  const Reply session = host_->post(
      "/api/v1/sessions", {{"email", "LEA.DUPONT@example.fr"}, {"password", "Secret2026x"}});
  ASSERT_EQ(session.status, 201) << session.body;
  EXPECT_EQ(session.json()["role"], "applicant");
  EXPECT_FALSE(session.json()["expiresAt"].get<std::string>().empty());
  const std::string bearer = session.json()["token"];

  const Reply me = host_->get("/api/v1/me", bearer);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["email"], "lea.dupont@example.fr");

  EXPECT_EQ(host_->del("/api/v1/sessions/current", bearer).status, 204);
  EXPECT_EQ(host_->get("/api/v1/me", bearer).status, 401);
}

TEST_P(AccountsApi, DuplicateEmailIsAConflictAndNothingIsStoredTwice) {
  ASSERT_EQ(host_->post("/api/v1/accounts", applicant("twice@example.fr")).status, 201);
  const Reply again = host_->post("/api/v1/accounts", applicant("Twice@Example.fr"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(host_->messages_to("twice@example.fr").size(), 1u);
}

TEST_P(AccountsApi, ExpiredConfirmationLinkIs410AndCanBeResent) {
  ASSERT_EQ(host_->post("/api/v1/accounts", applicant("late@example.fr")).status, 201);
  const std::string old_token = host_->link_token("late@example.fr", "account_confirmation");
  const std::string admin = host_->admin_token();
  ASSERT_EQ(host_->post("/api/v1/admin/clock", {{"seconds", 72 * 3600 + 1}}, admin).status, 200);
  const Reply expired =
      host_->post("/api/v1/accounts/confirm", {{"token", old_token}, {"password", "Secret2026x"}});
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(expired.json()["code"], "expired_token");

  // Resend: 202 for a known and for an unknown address alike.
  const Reply known =
      host_->post("/api/v1/accounts/confirm/resend", {{"email", "late@example.fr"}});
  const Reply unknown =
      host_->post("/api/v1/accounts/confirm/resend", {{"email", "nobody@example.fr"}});
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.status, 202);
  EXPECT_EQ(known.body, unknown.body);
  EXPECT_TRUE(host_->messages_to("nobody@example.fr").empty());
  const std::string fresh = host_->link_token("late@example.fr", "account_confirmation");
  ASSERT_NE(fresh, old_token);
  EXPECT_EQ(host_->post("/api/v1/accounts/confirm", {{"token", fresh}, {"password", "Secret2026x"}})
                .status,
            200);
}

TEST_P(AccountsApi, SessionExpiresAfterInactivity) {
  create_confirmed("idle@example.fr", "Secret2026x");
  const std::string bearer = host_->login("idle@example.fr", "Secret2026x");
  const std::string admin = host_->admin_token();
  ASSERT_EQ(host_->post("/api/v1/admin/clock", {{"seconds", 20 * 60}}, admin).status, 200);
  EXPECT_EQ(host_->get("/api/v1/me", bearer).status, 200) << "20 minutes idle: still in";
  ASSERT_EQ(host_->post("/api/v1/admin/clock", {{"seconds", 29 * 60}}, admin).status, 200);
  EXPECT_EQ(host_->get("/api/v1/me", bearer).status, 200)
      << "the previous request reset the idle clock";
  ASSERT_EQ(host_->post("/api/v1/admin/clock", {{"seconds", 31 * 60}}, admin).status, 200);
  const Reply expired = host_->get("/api/v1/me", bearer);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.json()["code"], "session_expired");
}

TEST_P(AccountsApi, FailedLoginsAreRateLimitedPerAccount) {
  create_confirmed("target@example.fr", "Secret2026x");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        host_
            ->post("/api/v1/sessions", {{"email", "target@example.fr"}, {"password", "Wrong2026x"}})
            .status,
        401);
  }
  const Reply limited = host_->post("/api/v1/sessions",
                                    {{"email", "target@example.fr"}, {"password", "Secret2026x"}});
  EXPECT_EQ(limited.status, 429) << "even the right password waits once the limit is reached";
  EXPECT_FALSE(limited.header("retry-after").empty());
  const std::string admin = host_->admin_token();
  ASSERT_EQ(host_->post("/api/v1/admin/clock", {{"seconds", 15 * 60 + 1}}, admin).status, 200);
  EXPECT_EQ(
      host_->post("/api/v1/sessions", {{"email", "target@example.fr"}, {"password", "Secret2026x"}})
          .status,
      201);
}

TEST_P(AccountsApi, PasswordResetChangesThePasswordAndEndsSessions) {
  create_confirmed("forgot@example.fr", "Secret2026x");
  const std::string old_session = host_->login("forgot@example.fr", "Secret2026x");
  EXPECT_EQ(host_->post("/api/v1/accounts/password-reset", {{"email", "forgot@example.fr"}}).status,
            202);
  EXPECT_EQ(host_->post("/api/v1/accounts/password-reset", {{"email", "ghost@example.fr"}}).status,
            202);
  const std::string token = host_->link_token("forgot@example.fr", "password_reset");
  ASSERT_FALSE(token.empty());
  const Reply same_as_email = host_->post("/api/v1/accounts/password-reset/confirm",
                                          {{"token", token}, {"password", "Forgot@example.fr1"}});
  EXPECT_EQ(same_as_email.status, 200) << "differs from the email once the digit is there";
  EXPECT_EQ(host_->get("/api/v1/me", old_session).status, 401);
  EXPECT_EQ(
      host_->post("/api/v1/sessions", {{"email", "forgot@example.fr"}, {"password", "Secret2026x"}})
          .status,
      401);
  EXPECT_EQ(host_
                ->post("/api/v1/sessions",
                       {{"email", "forgot@example.fr"}, {"password", "Forgot@example.fr1"}})
                .status,
            201);
}

TEST_P(AccountsApi, AdminCreatesStaffWhoActivateByEmail) {
  const std::string admin = host_->admin_token();
  const Reply company = host_->post("/api/v1/admin/organisations",
                                    {{"siret", "41234567800004"},
                                     {"name", "Acme"},
                                     {"employees", 120},
                                     {"sector", "non_agricultural"},
                                     {"contribution", "PEEC"}},
                                    admin);
  ASSERT_EQ(company.status, 201) << company.body;
  const std::string company_id = company.json()["id"];

  const Reply missing_org = host_->post(
      "/api/v1/admin/users",
      {{"email", "rh@acme.fr"}, {"lastName", "Rh"}, {"firstName", "Anne"}, {"role", "company"}},
      admin);
  EXPECT_EQ(missing_org.status, 400);
  EXPECT_EQ(missing_org.json()["errors"][0]["field"], "organisationId");

  const Reply user = host_->post("/api/v1/admin/users",
                                 {{"email", "rh@acme.fr"},
                                  {"lastName", "Rh"},
                                  {"firstName", "Anne"},
                                  {"role", "company"},
                                  {"organisationId", company_id}},
                                 admin);
  ASSERT_EQ(user.status, 201) << user.body;
  const std::string token = host_->link_token("rh@acme.fr", "staff_invitation");
  ASSERT_EQ(host_->post("/api/v1/accounts/confirm", {{"token", token}, {"password", "Company2026"}})
                .status,
            200);
  const std::string staff = host_->login("rh@acme.fr", "Company2026");
  const Reply me = host_->get("/api/v1/me", staff);
  EXPECT_EQ(me.json()["role"], "company");
  EXPECT_EQ(me.json()["organisationId"], company_id);

  // Least privilege: a company user is no admin.
  EXPECT_EQ(host_->get("/api/v1/admin/messages", staff).status, 403);
  EXPECT_EQ(host_->post("/api/v1/admin/users", {{"email", "x@acme.fr"}}, staff).status, 403);
  EXPECT_EQ(host_->get("/api/v1/admin/messages").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsApi,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
