// Landlords publish, extend and withdraw offers; visitors see the showcase.
#include <gtest/gtest.h>

#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

json offer(const std::string& reference, const std::string& commune, bool showcase) {
  return {{"programme", "Résidence des Capucins"},
          {"reference", reference},
          {"kind", "classic"},
          {"financing", "PLUS"},
          {"typology", 3},
          {"housing", "flat"},
          {"surface", 64},
          {"rent", 612},
          {"charges", 95},
          {"commune", commune},
          {"address", "12 rue des Capucins"},
          {"floor", 2},
          {"reducedMobility", false},
          {"availableFrom", "2027-01-15"},
          {"deadline", "2099-12-31"},
          {"showcase", showcase}};
}

class OffersApi : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HostOptions options;
    options.backend = GetParam();
    options.demo = true;
    options.config["demo.offers"] = "0";  // the demo's landlords, not its offers
    host_ = std::make_unique<HostProcess>(options);
    if (host_->skipped()) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    landlord_ = host_->login("location@habitat-social.demo", "Demo2026alin");
    inli_ = host_->login("location@inli.demo", "Demo2026alin");
  }

  Reply patch(const std::string& id, const json& body, const std::string& token) {
    return host_->request("PATCH", "/api/v1/landlord/offers/" + id, body.dump(),
                          {{"Authorization", "Bearer " + token}});
  }

  std::unique_ptr<HostProcess> host_;
  std::string landlord_, inli_;
};

TEST_P(OffersApi, PublishShowExtendWithdraw) {
  const Reply brest =
      host_->post("/api/v1/landlord/offers", offer("BR-1", "29019", true), landlord_);
  ASSERT_EQ(brest.status, 201) << brest.body;
  const json published = brest.json();
  EXPECT_EQ(published["department"], "29");
  EXPECT_EQ(published["state"], "published");
  EXPECT_NEAR(published["lat"].get<double>(), 48.4, 0.1)
      << "no coordinates given: the town's centre";
  ASSERT_EQ(host_->post("/api/v1/landlord/offers", offer("PA-1", "75056", true), inli_).status,
            201);
  ASSERT_EQ(host_->post("/api/v1/landlord/offers", offer("PA-2", "75056", false), inli_).status,
            201);

  // Visitors: only showcase offers, filtered by region, department or town; no login.
  EXPECT_EQ(host_->get("/api/v1/showcase/offers").json()["total"], 2);
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?region=53").json()["total"], 1) << "Bretagne";
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?region=11").json()["total"], 1) << "Île-de-France";
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?department=29").json()["items"][0]["reference"],
            "BR-1");
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?city=75056").json()["total"], 1);
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?region=99").json()["total"], 0);

  const std::string id = published["id"];
  const Reply extended = patch(id, {{"deadline", "2100-06-30"}}, landlord_);
  ASSERT_EQ(extended.status, 200) << extended.body;
  EXPECT_EQ(extended.json()["deadline"], "2100-06-30");
  // Another landlord's offer is not found, not forbidden: nothing is revealed.
  EXPECT_EQ(patch(id, {{"state", "withdrawn"}}, inli_).status, 404);
  ASSERT_EQ(patch(id, {{"state", "withdrawn"}}, landlord_).status, 200);
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?department=29").json()["total"], 0);
  EXPECT_EQ(patch(id, {{"deadline", "2100-07-30"}}, landlord_).status, 409) << "withdrawn is final";

  // Each landlord lists its own offers only, withdrawn ones included.
  const Reply mine = host_->get("/api/v1/landlord/offers", landlord_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json()["total"], 1);
  EXPECT_EQ(mine.json()["items"][0]["state"], "withdrawn");
  EXPECT_EQ(host_->get("/api/v1/landlord/offers", inli_).json()["total"], 2);
}

TEST_P(OffersApi, EveryBadFieldIsListed) {
  json bad = offer("X", "99999", true);
  bad["kind"] = "luxury";
  bad["typology"] = 9;
  bad["rent"] = "cheap";
  bad["deadline"] = "2020-01-01";
  bad["availableFrom"] = "2027-02-30";
  bad.erase("address");
  const Reply reply = host_->post("/api/v1/landlord/offers", bad, landlord_);
  ASSERT_EQ(reply.status, 400);
  std::map<std::string, std::string> errors;
  for (const auto& e : reply.json()["errors"]) errors[e["field"]] = e["code"];
  EXPECT_EQ(errors, (std::map<std::string, std::string>{{"kind", "invalid_kind"},
                                                        {"typology", "out_of_range"},
                                                        {"rent", "wrong_type"},
                                                        {"commune", "unknown_commune"},
                                                        {"address", "required"},
                                                        {"availableFrom", "invalid_date"},
                                                        {"deadline", "in_the_past"}}));
  EXPECT_EQ(host_->get("/api/v1/showcase/offers").json()["total"], 0) << "nothing stored";

  // A PLI offer names its zone (its ceilings depend on it); no other offer does.
  json pli = offer("PLI-1", "75111", true);
  pli["financing"] = "PLI";
  EXPECT_EQ(host_->post("/api/v1/landlord/offers", pli, landlord_).json()["errors"][0]["field"],
            "pliZone");
  pli["pliZone"] = "C";
  EXPECT_EQ(host_->post("/api/v1/landlord/offers", pli, landlord_).json()["errors"][0]["code"],
            "invalid_zone");
  pli["pliZone"] = "A_bis";
  const Reply published = host_->post("/api/v1/landlord/offers", pli, landlord_);
  ASSERT_EQ(published.status, 201) << published.body;
  EXPECT_EQ(published.json()["pliZone"], "A_bis");
  json plus = offer("PLUS-1", "75111", true);
  plus["pliZone"] = "A";
  EXPECT_EQ(host_->post("/api/v1/landlord/offers", plus, landlord_).json()["errors"][0]["code"],
            "only_for_pli");
}

TEST_P(OffersApi, OnlyLandlordsPublishAndReferencesAreUnique) {
  const std::string applicant = host_->login("camille.martin@example.fr", "Demo2026alin");
  EXPECT_EQ(host_->post("/api/v1/landlord/offers", offer("A-1", "29019", true), applicant).status,
            403);
  EXPECT_EQ(host_->post("/api/v1/landlord/offers", offer("A-1", "29019", true)).status, 401);
  ASSERT_EQ(host_->post("/api/v1/landlord/offers", offer("A-1", "29019", true), landlord_).status,
            201);
  EXPECT_EQ(host_->post("/api/v1/landlord/offers", offer("A-1", "29019", true), landlord_).status,
            409);
  EXPECT_EQ(host_->post("/api/v1/landlord/offers", offer("A-1", "29019", true), inli_).status, 201)
      << "references are per landlord";
}

TEST_P(OffersApi, ShowcasePagingIsChecked) {
  for (int i = 0; i < 25; ++i) {
    ASSERT_EQ(host_
                  ->post("/api/v1/landlord/offers", offer("P-" + std::to_string(i), "29019", true),
                         landlord_)
                  .status,
              201);
  }
  const json first = host_->get("/api/v1/showcase/offers").json();
  EXPECT_EQ(first["total"], 25);
  EXPECT_EQ(first["items"].size(), 20u);
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?page=2").json()["items"].size(), 5u);
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?page=0").status, 400);
  EXPECT_EQ(host_->get("/api/v1/showcase/offers?page=abc").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, OffersApi,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
