// Idempotency-Key on POSTs that create: the same key and body return the first answer.
#include <gtest/gtest.h>

#include <thread>

#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

class IdempotencyApi : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HostOptions options;
    options.backend = GetParam();
    host_ = std::make_unique<HostProcess>(options);
    if (host_->skipped()) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    admin_ = host_->admin_token();
  }

  Reply create_landlord(const std::string& key, const std::string& name) {
    return host_->request("POST", "/api/v1/admin/organisations", json({{"name", name}}).dump(),
                          {{"Authorization", "Bearer " + admin_}, {"Idempotency-Key", key}});
  }

  std::unique_ptr<HostProcess> host_;
  std::string admin_;
};

TEST_P(IdempotencyApi, SameKeySameBodyReturnsTheFirstAnswer) {
  const Reply first = create_landlord("key-1", "Bailleur Un");
  ASSERT_EQ(first.status, 201) << first.body;
  const Reply again = create_landlord("key-1", "Bailleur Un");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.json()["id"], first.json()["id"]) << "no second organisation";
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  const Reply other_key = create_landlord("key-2", "Bailleur Un");
  EXPECT_NE(other_key.json()["id"], first.json()["id"]);
}

TEST_P(IdempotencyApi, SameKeyOtherBodyIsRefused) {
  ASSERT_EQ(create_landlord("key-1", "Bailleur Un").status, 201);
  const Reply reused = create_landlord("key-1", "Bailleur Deux");
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.json()["code"], "idempotency_key_reused");
}

TEST_P(IdempotencyApi, RefusalsAreReplayedToo) {
  const auto post = [&] {
    return host_->request("POST", "/api/v1/accounts", json({{"email", "bad"}}).dump(),
                          {{"Idempotency-Key", "anon-1"}});
  };
  const Reply first = post();
  EXPECT_EQ(first.status, 400);
  EXPECT_EQ(post().body, first.body);
}

TEST_P(IdempotencyApi, ConcurrentRepeatsCreateOnce) {
  std::vector<Reply> replies(16);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    threads.emplace_back([&, i] { replies[i] = create_landlord("burst", "Bailleur Rafale"); });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> ids;
  for (const Reply& r : replies) {
    ASSERT_TRUE(r.status == 201 || r.status == 409) << r.status << " " << r.body;
    if (r.status == 201) {
      ids.insert(r.json()["id"].get<std::string>());
    } else {
      EXPECT_EQ(r.json()["code"], "request_in_progress");
    }
  }
  EXPECT_EQ(ids.size(), 1u) << "one organisation, whoever answered";
}

TEST_P(IdempotencyApi, AMalformedKeyIsA400) {
  const Reply reply = host_->request(
      "POST", "/api/v1/admin/organisations", json({{"name", "X"}}).dump(),
      {{"Authorization", "Bearer " + admin_}, {"Idempotency-Key", std::string(200, 'k')}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.json()["errors"][0]["field"], "Idempotency-Key");
}

INSTANTIATE_TEST_SUITE_P(Backends, IdempotencyApi,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
