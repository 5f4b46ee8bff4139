// The demo data set the README's first command starts with (host/src/server/demo_data.cpp): the
// landlords of Île-de-France, In'li among them, publish offers of every kind and financing over
// the real towns of the region; Brittany has its own; the demo accounts log in.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "Demo2026alin";

// Every offer of one landlord, page by page.
std::vector<json> offers_of(HostProcess& host, const std::string& token) {
  std::vector<json> out;
  for (int page = 1; page < 100; ++page) {
    const Reply reply =
        host.get("/api/v1/landlord/offers?pageSize=100&page=" + std::to_string(page), token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    const json& items = reply.json()["items"];
    for (const auto& offer : items) out.push_back(offer);
    if (items.size() < 100) break;
  }
  return out;
}

TEST(DemoData, EveryKindAndFinancingOverTheRealTownsOfTheirRegion) {
  HostOptions options;
  options.demo = true;
  options.admin_email = "admin@alin.demo";
  options.admin_password = kPassword;
  HostProcess host(options);

  const std::set<std::string> ile_de_france = {"75", "77", "78", "91", "92", "93", "94", "95"};
  std::map<std::string, int> by_kind, by_financing, by_landlord;
  std::size_t total = 0;
  for (const char* email : {"location@habitat-social.demo", "location@inli.demo"}) {
    const std::vector<json> offers = offers_of(host, host.login(email, kPassword));
    by_landlord[email] = static_cast<int>(offers.size());
    total += offers.size();
    for (const auto& offer : offers) {
      ++by_kind[offer["kind"].get<std::string>()];
      ++by_financing[offer["financing"].get<std::string>()];
      const std::string commune = offer["commune"];
      EXPECT_TRUE(ile_de_france.count(commune.substr(0, 2))) << offer.dump();
      EXPECT_EQ(offer["state"], "published") << offer.dump();
    }
  }
  EXPECT_GT(by_landlord["location@habitat-social.demo"], 0);
  EXPECT_GT(by_landlord["location@inli.demo"], 0) << "In'li publishes in Île-de-France";
  EXPECT_GE(total, 100u);
  for (const char* kind : {"classic", "shortTermIdentified", "shortTermType"}) {
    EXPECT_GT(by_kind[kind], 0) << kind;
  }
  for (const char* financing : {"PLAI", "PLUS", "PLS"}) {
    EXPECT_GT(by_financing[financing], 0) << financing;
  }

  // Brittany's landlords publish in Finistère, and part of it is in the public showcase.
  const Reply brittany = host.get("/api/v1/showcase/offers?department=29&pageSize=5");
  ASSERT_EQ(brittany.status, 200) << brittany.body;
  EXPECT_GT(brittany.json()["total"].get<int>(), 0);

  // The demo applicant and staff log in with the documented password.
  for (const char* email : {"camille.martin@example.fr", "conseiller@alin.demo", "rh@acme.demo",
                            "analyste@alin.demo"}) {
    EXPECT_FALSE(host.login(email, kPassword).empty()) << email;
  }
}

}  // namespace
