// The import of a housing request through the API (API.md "The applicant's request"), against the
// real host and the registration-site simulators, each a process on a free loopback port: the code
// emailed by the site, every error (number shape, identity, wrong and expired code, rate limits),
// refresh and delete; the registration site of each department; the consent levels a company's
// policy offers and what the company then sees at each level.
#include <gtest/gtest.h>

#include <set>

#include "support/host_process.hpp"
#include "support/simulator_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

constexpr const char* kCamille = "1111023517879GDPUB";  // gouv_fr demo: Camille Martin, 1991-04-17
constexpr const char* kErwan = "0290423808575GDPUB";  // finistere demo: Erwan Le Bihan, 1987-07-14

std::set<std::string> error_codes(const Reply& reply) {
  std::set<std::string> codes;
  for (const auto& e : reply.json().value("errors", json::array()))
    codes.insert(e.value("code", ""));
  return codes;
}

class ImportApi : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    national_ = std::make_unique<SimulatorProcess>(SiteKind::gouv_fr);
    finistere_ = std::make_unique<SimulatorProcess>(SiteKind::finistere);
    HostOptions options;
    options.backend = GetParam();
    options.config["plugins.gouv_fr.url"] = national_->url();
    options.config["plugins.finistere.url"] = finistere_->url();
    options.config["limits.importFailuresPerNumber"] = "4";
    options.config["limits.importCodesPerNumber"] = "4";
    host_ = std::make_unique<HostProcess>(options);
    if (host_->skipped()) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
  }

  // An active applicant account; returns its bearer token.
  std::string applicant(const std::string& email, const std::string& last,
                        const std::string& first) {
    return host_->applicant(email, last, first);
  }

  Reply put(const std::string& path, const json& body, const std::string& token) {
    return host_->put(path, body, token);
  }

  // Imports Camille's request for `token`.
  Reply import_camille(const std::string& token) {
    const Reply started = host_->post("/api/v1/me/request/import",
                                      {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, token);
    EXPECT_EQ(started.status, 202) << started.body;
    return host_->post(
        "/api/v1/me/request/import/confirm",
        {{"nur", kCamille}, {"code", national_->last_code("camille.martin@example.fr")}}, token);
  }

  std::unique_ptr<SimulatorProcess> national_, finistere_;
  std::unique_ptr<HostProcess> host_;
};

TEST_P(ImportApi, ImportsRefreshesReadsAndDeletesARequest) {
  const std::string token = applicant("camille@test.fr", "MARTIN", "Camille");
  // Spaces and lower case as a person types them.
  const Reply started =
      host_->post("/api/v1/me/request/import",
                  {{"nur", "111 10 23 517879 gdpub"}, {"birthDate", "1991-04-17"}}, token);
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(started.json()["codeSentTo"], "c***@e***.fr");
  EXPECT_EQ(started.json()["registrationSite"], "gouv_fr");
  EXPECT_FALSE(started.json()["expiresAt"].get<std::string>().empty());
  const std::string code = national_->last_code("camille.martin@example.fr");
  ASSERT_EQ(code.size(), 5u)
      << "the site emailed the code to the request's address, not the account's";

  const Reply wrong =
      host_->post("/api/v1/me/request/import/confirm",
                  {{"nur", kCamille}, {"code", code == "AAAAA" ? "BBBBB" : "AAAAA"}}, token);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json()["code"], "wrong_code");
  EXPECT_EQ(wrong.json()["errors"][0]["field"], "code");

  const Reply imported =
      host_->post("/api/v1/me/request/import/confirm", {{"nur", kCamille}, {"code", code}}, token);
  ASSERT_EQ(imported.status, 200) << imported.body;
  const json& r = imported.json();
  EXPECT_EQ(r["uniqueNumber"], kCamille);
  EXPECT_EQ(r["state"], "imported");
  EXPECT_EQ(r["department"], "75");
  EXPECT_EQ(r["household"]["coupleStatus"], "pacs");
  EXPECT_EQ(r["household"]["members"].size(), 3u);
  EXPECT_EQ(r["household"]["members"][1]["role"], "coApplicant");
  EXPECT_EQ(r["household"]["taxIncomeN2"], 36900);
  EXPECT_EQ(r["household"]["taxIncomeN1"], 38450);
  EXPECT_EQ(r["household"]["wantedCommunes"], json({"75111", "75120", "93048"}));
  EXPECT_EQ(r["employment"]["employerSiret"], "41234567800004");
  EXPECT_EQ(r["consent"], nullptr);
  std::set<std::string> missing;
  for (const auto& m : r["missing"]) missing.insert(m);
  EXPECT_TRUE(missing.count("consent"));
  EXPECT_TRUE(missing.count("documents.identity_co_applicant"));

  const Reply mine = host_->get("/api/v1/me/request", token);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json()["id"], r["id"]);
  const Reply refreshed = host_->post("/api/v1/me/request/refresh", json::object(), token);
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  EXPECT_NE(refreshed.json()["refreshedAt"], nullptr);

  // A second import while one exists is refused; delete, then it can be imported again.
  EXPECT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, token)
                .json()["code"],
            "request_exists");
  EXPECT_EQ(host_->del("/api/v1/me/request", token).status, 204);
  EXPECT_EQ(host_->get("/api/v1/me/request", token).status, 404);
  EXPECT_EQ(host_->del("/api/v1/me/request", token).status, 404);
  EXPECT_EQ(import_camille(token).status, 200);
}

TEST_P(ImportApi, ChecksTheShapeOfTheUniqueNumber) {
  const std::string token = applicant("shape@test.fr", "Martin", "Camille");
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"111132351787GDPUB9", "bad_month"},
      {"1110023517879GDPUB", "bad_month"},
      {"12345", "wrong_length"},
      {"9991023517879GDPUB", "bad_territory"},
      {"0201023517879GDPUB", "bad_territory"},
      {"11110235178X9GDPUB", "bad_sequence"},
      {"1111023517879GD-UB!", "bad_office"},
      {"111AB23517879GDPUB", "bad_month"}};
  for (const auto& [nur, code] : bad) {
    const Reply reply = host_->post("/api/v1/me/request/import",
                                    {{"nur", nur}, {"birthDate", "1991-04-17"}}, token);
    EXPECT_EQ(reply.status, 400) << nur;
    EXPECT_EQ(error_codes(reply), std::set<std::string>{code}) << nur << ": " << reply.body;
  }
  // Both lengths pass the shape check (these two are unknown to the site: 404).
  for (const std::string nur : {"110920621114ACLOG", "11072002043961175"}) {
    const Reply reply = host_->post("/api/v1/me/request/import",
                                    {{"nur", nur}, {"birthDate", "1991-04-17"}}, token);
    EXPECT_EQ(reply.status, 404) << nur << reply.body;
    EXPECT_EQ(reply.json()["code"], "unknown_request");
  }
  const Reply no_date = host_->post("/api/v1/me/request/import",
                                    {{"nur", kCamille}, {"birthDate", "17/04/1991"}}, token);
  EXPECT_EQ(no_date.status, 400);
  EXPECT_EQ(error_codes(no_date), std::set<std::string>{"invalid_date"});
  // A local site without a plugin (Côtes-d'Armor): not importable yet, and said so.
  const Reply local =
      host_->post("/api/v1/me/request/import",
                  {{"nur", "0221023517879GDPUB"}, {"birthDate", "1991-04-17"}}, token);
  EXPECT_EQ(local.status, 422);
  EXPECT_EQ(local.json()["code"], "site_not_supported");
  // Only applicants import; a token is needed.
  EXPECT_EQ(
      host_->post("/api/v1/me/request/import", {{"nur", kCamille}, {"birthDate", "1991-04-17"}})
          .status,
      401);
  EXPECT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, host_->admin_token())
                .status,
            403);
  EXPECT_EQ(
      host_
          ->post("/api/v1/me/request/import/confirm", {{"nur", kCamille}, {"code", "ABCDE"}}, token)
          .json()["code"],
      "no_code_requested");
}

TEST_P(ImportApi, RefusesAnotherPersonsRequest) {
  const std::string other = applicant("lea@test.fr", "Dupont", "Léa");
  const Reply started = host_->post("/api/v1/me/request/import",
                                    {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, other);
  ASSERT_EQ(started.status, 202);
  const Reply mismatch = host_->post(
      "/api/v1/me/request/import/confirm",
      {{"nur", kCamille}, {"code", national_->last_code("camille.martin@example.fr")}}, other);
  EXPECT_EQ(mismatch.status, 409);
  EXPECT_EQ(mismatch.json()["code"], "identity_mismatch");
  EXPECT_EQ(error_codes(mismatch), std::set<std::string>{"mismatch"});
  EXPECT_EQ(host_->get("/api/v1/me/request", other).status, 404) << "nothing stored";

  // The right names with accents and case aside, but another birth date.
  const std::string twin = applicant("twin@test.fr", "martin", "CAMILLE");
  ASSERT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-18"}}, twin)
                .status,
            202);
  const Reply birth = host_->post(
      "/api/v1/me/request/import/confirm",
      {{"nur", kCamille}, {"code", national_->last_code("camille.martin@example.fr")}}, twin);
  EXPECT_EQ(birth.json()["code"], "identity_mismatch");
  ASSERT_EQ(birth.json()["errors"].size(), 1u);
  EXPECT_EQ(birth.json()["errors"][0]["field"], "birthDate");

  // Imported once, a number cannot be imported by a second account.
  const std::string camille = applicant("camille2@test.fr", "Martin", "Camille");
  ASSERT_EQ(import_camille(camille).status, 200);
  const std::string again = applicant("camille3@test.fr", "Martin", "Camille");
  const Reply taken = import_camille(again);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.json()["code"], "already_imported");
}

TEST_P(ImportApi, ExpiredCodesAndRateLimits) {
  std::string token = applicant("late@test.fr", "Martin", "Camille");
  ASSERT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, token)
                .status,
            202);
  const std::string code = national_->last_code("camille.martin@example.fr");
  ASSERT_EQ(
      host_->post("/api/v1/admin/clock", {{"seconds", 24 * 3600 + 1}}, host_->admin_token()).status,
      200);
  token = host_->login("late@test.fr", "Secret2026x");  // the session itself expired meanwhile
  const Reply expired =
      host_->post("/api/v1/me/request/import/confirm", {{"nur", kCamille}, {"code", code}}, token);
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(expired.json()["code"], "code_expired");

  // Wrong codes: 4 allowed per number per 24 h (configured), then 429 even for the right one.
  ASSERT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, token)
                .status,
            202);
  const std::string fresh = national_->last_code("camille.martin@example.fr");
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(host_
                  ->post("/api/v1/me/request/import/confirm",
                         {{"nur", kCamille}, {"code", "WRONG"}}, token)
                  .status,
              400);
  }
  const Reply limited =
      host_->post("/api/v1/me/request/import/confirm", {{"nur", kCamille}, {"code", fresh}}, token);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.json()["code"], "too_many_attempts");
  EXPECT_FALSE(limited.header("retry-after").empty());

  // Codes asked: 4 per number per 24 h (one in this window already), then 429 and no more emails.
  EXPECT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, token)
                .status,
            202);
  EXPECT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, token)
                .status,
            202);
  EXPECT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, token)
                .status,
            202);
  const int emails = national_->emails_to("camille.martin@example.fr");
  EXPECT_EQ(host_
                ->post("/api/v1/me/request/import",
                       {{"nur", kCamille}, {"birthDate", "1991-04-17"}}, token)
                .status,
            429);
  EXPECT_EQ(national_->emails_to("camille.martin@example.fr"), emails);

  // A day later, it works again.
  ASSERT_EQ(
      host_->post("/api/v1/admin/clock", {{"seconds", 24 * 3600 + 1}}, host_->admin_token()).status,
      200);
  token = host_->login("late@test.fr", "Secret2026x");
  EXPECT_EQ(import_camille(token).status, 200);
}

TEST_P(ImportApi, ImportsFromFinistere) {
  const std::string token = applicant("erwan@test.fr", "Le Bihan", "Erwan");
  const Reply started = host_->post("/api/v1/me/request/import",
                                    {{"nur", kErwan}, {"birthDate", "1987-07-14"}}, token);
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(started.json()["registrationSite"], "finistere");
  EXPECT_EQ(started.json()["department"], "29");
  const Reply imported = host_->post(
      "/api/v1/me/request/import/confirm",
      {{"nur", kErwan}, {"code", finistere_->last_code("erwan.lebihan@example.fr")}}, token);
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json()["department"], "29");
  EXPECT_EQ(imported.json()["household"]["members"].size(), 4u);
  EXPECT_EQ(imported.json()["household"]["monthlyResources"], 3180);
  EXPECT_EQ(host_->post("/api/v1/me/request/refresh", json::object(), token).status, 200);
}

TEST_P(ImportApi, RegistrationSiteOfEveryDepartment) {
  int found = 0, local = 0;
  std::vector<std::string> codes;
  for (int i = 1; i <= 95; ++i) {
    char code[3];
    std::snprintf(code, sizeof code, "%02d", i);
    codes.push_back(code);
  }
  for (const char* c : {"2A", "2B", "971", "972", "973", "974", "976"}) codes.push_back(c);
  for (const auto& code : codes) {
    const Reply reply = host_->get("/api/v1/departments/" + code + "/registration-site");
    if (reply.status == 200) {
      ++found;
      if (reply.json()["local"].get<bool>()) ++local;
    }
  }
  EXPECT_EQ(found, 101);
  EXPECT_EQ(local, 33);
  const Reply finistere = host_->get("/api/v1/departments/29/registration-site");
  EXPECT_EQ(finistere.json()["url"], "https://www.demandelogement29.fr/imhowebGP29");
  EXPECT_EQ(finistere.json()["plugin"], "finistere");
  EXPECT_EQ(finistere.json()["importAvailable"], true);
  const Reply paris = host_->get("/api/v1/departments/75/registration-site");
  EXPECT_EQ(paris.json()["url"], "https://www.demande-logement-social.gouv.fr");
  EXPECT_EQ(paris.json()["plugin"], "gouv_fr");
  EXPECT_EQ(host_->get("/api/v1/departments/22/registration-site").json()["plugin"], nullptr);
  EXPECT_EQ(host_->get("/api/v1/departments/971/registration-site").json()["name"], "Guadeloupe");
  EXPECT_EQ(host_->get("/api/v1/departments/20/registration-site").json()["code"],
            "unknown_department");
  EXPECT_EQ(host_->get("/api/v1/departments/975/registration-site").status, 404);

  const Reply plugins = host_->get("/api/v1/admin/plugins", host_->admin_token());
  ASSERT_EQ(plugins.status, 200);
  std::set<std::string> names;
  for (const auto& p : plugins.json()["loaded"]) names.insert(p["name"]);
  for (const char* name :
       {"gouv_fr", "finistere", "generic", "inli", "example", "acme_industrie"}) {
    EXPECT_TRUE(names.count(name)) << name;
  }
  EXPECT_EQ(plugins.json()["departments"]["29"], "finistere");
}

// A company user of a company created with `policy`; returns the company's bearer token.
std::string company_user(HostProcess& host, const std::string& policy) {
  const std::string admin = host.admin_token();
  const Reply company = host.post("/api/v1/admin/organisations",
                                  {{"siret", "41234567800004"},
                                   {"name", "Acme Industrie"},
                                   {"employees", 1200},
                                   {"sector", "non_agricultural"},
                                   {"contribution", "PEEC"},
                                   {"policy", policy}},
                                  admin);
  EXPECT_EQ(company.status, 201) << company.body;
  EXPECT_EQ(host.post("/api/v1/admin/users",
                      {{"email", "rh@acme.fr"},
                       {"lastName", "Bernard"},
                       {"firstName", "Claire"},
                       {"role", "company"},
                       {"organisationId", company.json()["id"]}},
                      admin)
                .status,
            201);
  const std::string token = host.link_token("rh@acme.fr", "staff_invitation");
  EXPECT_EQ(
      host.post("/api/v1/accounts/confirm", {{"token", token}, {"password", "Company2026"}}).status,
      200);
  return host.login("rh@acme.fr", "Company2026");
}

TEST_P(ImportApi, ConsentFiltersWhatTheCompanySees) {
  const std::string company = company_user(*host_, "default");
  const std::string token = applicant("camille@test.fr", "Martin", "Camille");
  ASSERT_EQ(import_camille(token).status, 200);

  const Reply options = host_->get("/api/v1/me/request/consent-options", token);
  ASSERT_EQ(options.status, 200);
  EXPECT_EQ(options.json()["levels"].size(), 3u) << "the default policy offers every level";
  EXPECT_EQ(options.json()["company"]["name"], "Acme Industrie");

  auto employees = [&] {
    const Reply reply = host_->get("/api/v1/company/employees", company);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json()["items"];
  };
  EXPECT_TRUE(employees().empty())
      << "no consent yet: the applicant does not exist for the company";
  ASSERT_EQ(put("/api/v1/me/request/consent", {{"level", 1}}, token).status, 200);
  EXPECT_TRUE(employees().empty()) << "level 1: anonymous";

  ASSERT_EQ(put("/api/v1/me/request/consent", {{"level", 2}}, token).status, 200);
  const json level2 = employees();
  ASSERT_EQ(level2.size(), 1u);
  std::set<std::string> keys;
  for (const auto& [key, value] : level2[0].items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"requestId", "consentLevel", "title", "lastName",
                                         "firstName", "birthDate", "email", "employerName",
                                         "employerSiret", "severalEmployers", "workplacePostcode",
                                         "workplaceTown", "currentTown", "wantedCommunes"}));
  EXPECT_EQ(level2[0]["title"], "Mme");
  EXPECT_EQ(level2[0]["workplaceTown"], "Saint-Denis");
  EXPECT_EQ(level2[0]["email"], "camille@test.fr");

  ASSERT_EQ(put("/api/v1/me/request/consent", {{"level", 3}}, token).status, 200);
  const json level3 = employees();
  ASSERT_EQ(level3.size(), 1u);
  EXPECT_EQ(level3[0]["household"]["taxIncomeN2"], 36900);
  EXPECT_TRUE(level3[0]["applications"].is_array());
  EXPECT_EQ(level3[0]["consentLevel"], 3);

  EXPECT_EQ(host_->get("/api/v1/company/employees", token).status, 403)
      << "an applicant is no company";
  EXPECT_EQ(put("/api/v1/me/request/consent", {{"level", 4}}, token).status, 400);
}

TEST_P(ImportApi, ALuaCompanyPolicyAsksForItsCodeAndLimitsTheLevels) {
  company_user(*host_, "acme_industrie");
  const std::string token = applicant("camille@test.fr", "Martin", "Camille");
  ASSERT_EQ(import_camille(token).status, 200);
  const Reply options = host_->get("/api/v1/me/request/consent-options", token);
  ASSERT_EQ(options.status, 200) << options.body;
  EXPECT_EQ(options.json()["levels"].size(), 2u);
  EXPECT_EQ(options.json()["levels"][0]["level"], 2);
  EXPECT_EQ(options.json()["company"]["accessCodeRequired"], true);
  EXPECT_EQ(options.json()["company"]["employeeNumberRequired"], true);
  const Reply level1 = put("/api/v1/me/request/consent", {{"level", 1}}, token);
  EXPECT_EQ(level1.status, 400);
  EXPECT_EQ(level1.json()["code"], "consent_level_not_offered");

  const json form = {
      {"employerName", "Acme Industrie"}, {"attachTo", "applicant"}, {"employeeNumber", "A-1042"}};
  const Reply no_code = put("/api/v1/me/request/employment", form, token);
  EXPECT_EQ(no_code.status, 400);
  EXPECT_EQ(no_code.json()["code"], "access_code_required");
  EXPECT_EQ(no_code.json()["errors"][0]["field"], "companyCode");
  json wrong = form;
  wrong["companyCode"] = "ACME1999";
  EXPECT_EQ(put("/api/v1/me/request/employment", wrong, token).json()["code"], "wrong_access_code");
  json no_number = form;
  no_number["companyCode"] = "ACME2026";
  no_number.erase("employeeNumber");
  EXPECT_EQ(put("/api/v1/me/request/employment", no_number, token).json()["code"],
            "employee_number_required");
  json right = form;
  right["companyCode"] = "ACME2026";
  right["hireDate"] = "2019-09-02";
  const Reply saved = put("/api/v1/me/request/employment", right, token);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json()["employment"]["companyCode"], "ACME2026");
  EXPECT_EQ(saved.json()["employment"]["employeeNumber"], "A-1042");
  EXPECT_EQ(saved.json()["employment"]["companyName"], "Acme Industrie");
  EXPECT_EQ(put("/api/v1/me/request/consent", {{"level", 2}}, token).status, 200);
  const Reply coapplicant =
      put("/api/v1/me/request/employment",
          {{"employerName", "X"}, {"attachTo", "coApplicant"}, {"employerSiret", "123"}}, token);
  EXPECT_EQ(coapplicant.status, 400);
  EXPECT_EQ(error_codes(coapplicant), std::set<std::string>{"invalid_siret"});
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportApi,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
