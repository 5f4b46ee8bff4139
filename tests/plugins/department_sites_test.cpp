// Each department plugin against its site's simulator, over real HTTP on loopback: a code
// emailed, the request fetched and translated, wrong and expired codes, refresh, unknown numbers,
// a site that does not answer.
#include <gtest/gtest.h>

#include "alin/plugins/plugin_library.hpp"
#include "support/simulator_process.hpp"

using namespace alin;
using alin::testing::SimulatorProcess;
using alin::testing::SiteKind;

namespace {

std::shared_ptr<sdk::DepartmentSite> make_site(const std::string& name, const std::string& url) {
  auto library = plugins::PluginLibrary::load(alin::testing::built_plugin_directory() + "/alin-" +
                                              name + ".so");
  EXPECT_TRUE(library.ok()) << library.error().title;
  auto site = library.value()->create_department({{"url", url}});
  EXPECT_TRUE(site.ok()) << site.error().title;
  return site.value();
}

TEST(GouvFrSite, ImportsARequestWithTheEmailedCode) {
  SimulatorProcess simulator(SiteKind::gouv_fr);
  auto site = make_site("gouv_fr", simulator.url());
  EXPECT_EQ(site->site_url("75"), "https://www.demande-logement-social.gouv.fr");

  auto sent = site->send_access_code("1111023517879GDPUB");
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_EQ(sent->masked_email, "c***@e***.fr");
  EXPECT_GT(sent->expires_at, std::time(nullptr) + 23 * 3600);
  const std::string code = simulator.last_code("camille.martin@example.fr");
  ASSERT_EQ(code.size(), 5u);

  auto wrong = site->fetch("1111023517879GDPUB", code == "AAAAA" ? "BBBBB" : "AAAAA");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().fault, sdk::Fault::denied);
  EXPECT_EQ(wrong.error().code, "wrong_code");

  auto imported = site->fetch("1111023517879GDPUB", code);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  const sdk::SiteRequest& r = imported->request;
  EXPECT_EQ(r.department, "75");
  EXPECT_EQ(r.couple_status, "pacs");
  ASSERT_EQ(r.members.size(), 3u);
  EXPECT_EQ(r.members[0].role, "applicant");
  EXPECT_EQ(r.members[0].title, "Mme");
  EXPECT_EQ(r.members[0].last_name, "Martin");
  EXPECT_EQ(r.members[0].birth_date, "1991-04-17");
  EXPECT_EQ(r.members[2].role, "dependant");
  EXPECT_EQ(r.tax_income_n2, 36900);
  EXPECT_EQ(r.tax_income_n1.value_or(0), 38450);
  EXPECT_EQ(r.wanted_communes, (std::vector<std::string>{"75111", "75120", "93048"}));
  EXPECT_EQ(r.employer_siret, "41234567800004");
  EXPECT_EQ(r.workplace_town, "Saint-Denis");
  EXPECT_FALSE(imported->refresh_token.empty());

  // A code works once.
  auto again = site->fetch("1111023517879GDPUB", code);
  EXPECT_FALSE(again.ok());

  auto refreshed = site->refresh("1111023517879GDPUB", imported->refresh_token);
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().message;
  EXPECT_EQ(refreshed->members.size(), 3u);
  auto refused = site->refresh("1111023517879GDPUB", "forged");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "refresh_refused");
}

TEST(GouvFrSite, ExpiredAndUnknown) {
  SimulatorProcess simulator(SiteKind::gouv_fr);
  auto site = make_site("gouv_fr", simulator.url());
  auto unknown = site->send_access_code("1110101000000GDPUB");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fault, sdk::Fault::not_found);
  ASSERT_TRUE(site->send_access_code("0590423808575GDPUB").ok());
  const std::string code = simulator.last_code("manon.lefebvre@example.fr");
  simulator.advance(24 * 3600 + 1);
  auto expired = site->fetch("0590423808575GDPUB", code);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().fault, sdk::Fault::expired);
  EXPECT_EQ(expired.error().code, "code_expired");
}

TEST(FinistereSite, ImportsARequestInTheImhowebFormat) {
  SimulatorProcess simulator(SiteKind::finistere);
  auto site = make_site("finistere", simulator.url());
  EXPECT_EQ(site->site_url("29"), "https://www.demandelogement29.fr/imhowebGP29");
  auto sent = site->send_access_code("0290423808575GDPUB");
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_EQ(sent->masked_email, "e***@e***.fr");
  const std::string code = simulator.last_code("erwan.lebihan@example.fr");
  ASSERT_EQ(code.size(), 5u);
  auto wrong = site->fetch("0290423808575GDPUB", "ZZZZ9");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "wrong_code");
  auto imported = site->fetch("0290423808575GDPUB", code);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  const sdk::SiteRequest& r = imported->request;
  EXPECT_EQ(r.department, "29");
  EXPECT_EQ(r.couple_status, "married");
  ASSERT_EQ(r.members.size(), 4u);
  EXPECT_EQ(r.members[1].role, "coApplicant");
  EXPECT_EQ(r.members[1].first_name, "Maëlle");
  EXPECT_EQ(r.members[0].birth_date, "1987-07-14");
  EXPECT_TRUE(r.members[3].disabled);
  EXPECT_EQ(r.tax_income_n2, 33480);
  EXPECT_EQ(r.monthly_resources, 3180);
  EXPECT_EQ(r.wanted_communes, (std::vector<std::string>{"29019", "29075", "29103"}));
  EXPECT_EQ(r.employer_siret, "55234567800007");
  EXPECT_EQ(r.registered_on, "2023-04-11");
  auto refreshed = site->refresh("0290423808575GDPUB", imported->refresh_token);
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().message;
  EXPECT_FALSE(site->refresh("0290423808575GDPUB", "forged").ok());

  ASSERT_TRUE(site->send_access_code("0291123017882GDPUB").ok());
  const std::string late = simulator.last_code("anne.kerouac@example.fr");
  simulator.advance(24 * 3600 + 1);
  auto expired = site->fetch("0291123017882GDPUB", late);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "code_expired");
  EXPECT_EQ(site->send_access_code("0290000000000GDPUB").error().code, "unknown_request");
}

TEST(DepartmentSites, ASiteThatDoesNotAnswerIsUnavailable) {
  auto site = make_site("gouv_fr", "http://127.0.0.1:1");
  auto sent = site->send_access_code("1111023517879GDPUB");
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().fault, sdk::Fault::unavailable);
  EXPECT_EQ(sent.error().code, "site_unavailable");
}

}  // namespace
