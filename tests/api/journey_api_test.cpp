// The whole journey over HTTP against the real host, the real national registration-site simulator
// and the real landlord plugins, on SQLite and PostgreSQL: several applicants import their
// requests, complete them, are validated by their company and an adviser, apply; the offer closes,
// the first validated files go to the landlord, who takes one to the lease. Each refusal on the
// way, what each party sees of another's, and 64 simultaneous applications by one applicant.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "support/host_process.hpp"
#include "support/simulator_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

constexpr const char* kSiret = "41234567800004";

// A national-site request for applicant `i`: a couple and a child in Paris 11e, 30,000 €.
json site_request(int i) {
  const std::string number = "1111023" + std::to_string(517800 + i) + "GDPUB";
  const std::string first = "Camille" + std::string(1, static_cast<char>('A' + i % 26));
  return {{"numeroUnique", number},
          {"departement", "75"},
          {"courriel", "applicant" + std::to_string(i) + "@example.fr"},
          {"situationFamiliale", "PACSE"},
          {"personnes",
           {{{"lien", "DEMANDEUR"},
             {"civilite", "MME"},
             {"nom", "Martin"},
             {"prenom", first},
             {"dateNaissance", "1991-04-17"},
             {"handicap", false}},
            {{"lien", "CODEMANDEUR"},
             {"civilite", "M"},
             {"nom", "Nguyen"},
             {"prenom", "Thomas"},
             {"dateNaissance", "1989-11-02"},
             {"handicap", false}},
            {{"lien", "ENFANT"},
             {"civilite", ""},
             {"nom", "Nguyen"},
             {"prenom", "Lina"},
             {"dateNaissance", "2019-06-30"},
             {"handicap", false}}}},
          {"revenus",
           {{"revenuFiscalN1", 30500},
            {"revenuFiscalN2", 30000},
            {"ressourcesMensuelles", 3500},
            {"aideLogement", 0}}},
          {"communesSouhaitees", {{{"codeInsee", "75111"}, {"libelle", "Paris 11e"}}}},
          {"situationProfessionnelle",
           {{"siretEmployeur", kSiret},
            {"raisonSociale", "Acme Industrie"},
            {"plusieursEmployeurs", false},
            {"lieuTravail", {{"codePostal", "93200"}, {"commune", "Saint-Denis"}}}}},
          {"logementActuel", {{"commune", "Montreuil"}}},
          {"dateDepot", "2025-10-02"},
          {"dateRenouvellement", "2026-10-02"}};
}

class JourneyApi : public ::testing::TestWithParam<TestBackend> {
 protected:
  static constexpr int kApplicants = 8;

  void SetUp() override {
    data_dir_ = std::make_unique<TempDir>();
    json requests = json::array();
    for (int i = 0; i < kApplicants + 2; ++i) requests.push_back(site_request(i));
    const std::string data = data_dir_->path() + "/requests.json";
    std::ofstream(data) << requests.dump();
    site_ = std::make_unique<SimulatorProcess>(SiteKind::gouv_fr, data);
    HostOptions options;
    options.backend = GetParam();
    options.config["plugins.gouv_fr.url"] = site_->url();
    host_ = std::make_unique<HostProcess>(options);
    if (host_->skipped()) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    admin_ = host_->admin_token();
    const Reply company = host_->post("/api/v1/admin/organisations",
                                      {{"siret", kSiret},
                                       {"name", "Acme Industrie"},
                                       {"employees", 1200},
                                       {"sector", "non_agricultural"},
                                       {"contribution", "PEEC"},
                                       {"policy", "default"}},
                                      admin_);
    ASSERT_EQ(company.status, 201) << company.body;
    const Reply other_company = host_->post("/api/v1/admin/organisations",
                                            {{"siret", "73282932000074"},
                                             {"name", "Autre Entreprise"},
                                             {"employees", 40},
                                             {"sector", "non_agricultural"},
                                             {"contribution", "PEEC"}},
                                            admin_);
    ASSERT_EQ(other_company.status, 201) << other_company.body;
    const Reply landlord = host_->post(
        "/api/v1/admin/organisations",
        {{"kind", "landlord"}, {"name", "Habitat Social Francilien"}, {"plugin", "generic"}},
        admin_);
    ASSERT_EQ(landlord.status, 201) << landlord.body;
    const Reply other_landlord = host_->post(
        "/api/v1/admin/organisations", {{"kind", "landlord"}, {"name", "Autre Bailleur"}}, admin_);
    company_ = staff("rh@acme.fr", "company", company.json()["id"]);
    other_company_ = staff("rh@autre.fr", "company", other_company.json()["id"]);
    landlord_ = staff("location@hsf.fr", "landlord", landlord.json()["id"]);
    other_landlord_ = staff("location@autre.fr", "landlord", other_landlord.json()["id"]);
    adviser_ = staff("conseil@al.fr", "adviser", "");
  }

  std::string staff(const std::string& email, const std::string& role,
                    const std::string& organisation) {
    return host_->staff(admin_, email, role, organisation);
  }

  Reply put(const std::string& path, const json& body, const std::string& token) {
    return host_->put(path, body, token);
  }

  // Account, import, employment, consent 2, every document: the request waits to be submitted.
  std::string completed_applicant(int i, int consent_level = 2) {
    const json request = site_request(i);
    const std::string email = request["courriel"];
    const std::string first = request["personnes"][0]["prenom"];
    const std::string token = host_->applicant(email, "Martin", first);
    const std::string nur = request["numeroUnique"];
    EXPECT_EQ(
        host_->post("/api/v1/me/request/import", {{"nur", nur}, {"birthDate", "1991-04-17"}}, token)
            .status,
        202);
    const Reply imported = host_->post("/api/v1/me/request/import/confirm",
                                       {{"nur", nur}, {"code", site_->last_code(email)}}, token);
    EXPECT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(imported.json()["state"], "imported");
    EXPECT_EQ(
        put("/api/v1/me/request/employment",
            {{"employerName", "Acme Industrie"}, {"attachTo", "applicant"}, {"cdii", true}}, token)
            .status,
        200);
    const Reply consent = put("/api/v1/me/request/consent", {{"level", consent_level}}, token);
    EXPECT_EQ(consent.json()["state"], "completed") << consent.body;
    const Reply documents = host_->get("/api/v1/me/request/documents", token);
    EXPECT_EQ(documents.status, 200);
    for (const auto& category : documents.json()["categories"]) {
      for (const auto& document : category["documents"]) {
        const Reply confirmed =
            put("/api/v1/me/request/documents/" + document["kind"].get<std::string>(),
                {{"confirmed", true}}, token);
        EXPECT_EQ(confirmed.status, 200) << confirmed.body;
      }
    }
    EXPECT_EQ(host_->get("/api/v1/me/request", token).json()["state"], "documents_confirmed");
    return token;
  }

  std::string request_id(const std::string& token) {
    return host_->get("/api/v1/me/request", token).json()["id"];
  }

  // Submitted, then validated by the company and an adviser: active.
  std::string active_applicant(int i, int consent_level = 2) {
    const std::string token = completed_applicant(i, consent_level);
    EXPECT_EQ(host_->post("/api/v1/me/request/submit", json::object(), token).status, 200);
    const std::string id = request_id(token);
    EXPECT_EQ(host_->post("/api/v1/company/requests/" + id + "/validate", json::object(), company_)
                  .json()["state"],
              "company_validated");
    EXPECT_EQ(host_->post("/api/v1/adviser/requests/" + id + "/validate", json::object(), adviser_)
                  .json()["state"],
              "active");
    return token;
  }

  std::string publish(const std::string& reference, const std::string& programme,
                      const std::string& commune = "75111", int typology = 3,
                      const std::string& housing = "flat", int rent = 600,
                      const std::string& landlord = "", const std::string& kind = "classic",
                      const std::string& financing = "PLUS") {
    const Reply offer = host_->post("/api/v1/landlord/offers",
                                    {{"programme", programme},
                                     {"reference", reference},
                                     {"kind", kind},
                                     {"financing", financing},
                                     {"typology", typology},
                                     {"housing", housing},
                                     {"surface", 20 + 15 * typology},
                                     {"rent", rent},
                                     {"charges", 100},
                                     {"commune", commune},
                                     {"address", "12 rue Oberkampf"},
                                     {"availableFrom", "2027-01-01"},
                                     {"deadline", "2027-01-15"}},
                                    landlord.empty() ? landlord_ : landlord);
    EXPECT_EQ(offer.status, 201) << offer.body;
    return offer.json()["id"];
  }

  // Applied, validated by an adviser, the offer closed: transmitted to its landlord (step 3).
  std::string transmitted(const std::string& offer, const std::string& token) {
    const Reply applied = host_->post("/api/v1/me/applications", {{"offerId", offer}}, token);
    EXPECT_EQ(applied.status, 201) << applied.body;
    const std::string id = applied.json()["id"];
    EXPECT_EQ(
        host_->post("/api/v1/adviser/applications/" + id + "/validate", json::object(), adviser_)
            .status,
        200);
    EXPECT_EQ(
        host_->post("/api/v1/adviser/offers/" + offer + "/close", json::object(), adviser_).status,
        202);
    EXPECT_EQ(wait_for_state(token, {"transmitted"})["state"], "transmitted");
    return id;
  }

  Reply event(const std::string& application, const json& body, const std::string& landlord) {
    return host_->post("/api/v1/landlord/applications/" + application + "/events", body, landlord);
  }

  std::set<std::string> templates_to(const std::string& email) {
    std::set<std::string> out;
    for (const auto& m : host_->messages_to(email)) out.insert(m["template"]);
    return out;
  }

  json applications(const std::string& token) {
    const Reply reply = host_->get("/api/v1/me/applications", token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json()["items"];
  }

  // The outbox runs the closing right after the adviser's request: wait for it.
  json wait_for_state(const std::string& token, const std::set<std::string>& states) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      const json items = applications(token);
      if (!items.empty() && states.count(items[0]["state"].get<std::string>())) return items[0];
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return applications(token)[0];
  }

  std::unique_ptr<TempDir> data_dir_;
  std::unique_ptr<SimulatorProcess> site_;
  std::unique_ptr<HostProcess> host_;
  std::string admin_, company_, other_company_, landlord_, other_landlord_, adviser_;
};

TEST_P(JourneyApi, FromImportToLease) {
  const std::string home = publish("HSF-11-0042", "Les Tilleuls");

  // A request not yet active sees why, and cannot apply.
  const std::string first = completed_applicant(0);
  Reply early = host_->post("/api/v1/me/applications", {{"offerId", home}}, first);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.json()["code"], "request_not_active");
  // Submitting: what is missing is listed, field by field.
  ASSERT_EQ(put("/api/v1/me/request/documents/tax_notice", {{"confirmed", false}}, first).status,
            200);
  const Reply incomplete = host_->post("/api/v1/me/request/submit", json::object(), first);
  EXPECT_EQ(incomplete.status, 422);
  EXPECT_EQ(incomplete.json()["code"], "request_incomplete");
  EXPECT_EQ(incomplete.json()["errors"][0]["field"], "documents.tax_notice");
  EXPECT_EQ(
      put("/api/v1/me/request/documents/payslips_of_2019", {{"confirmed", true}}, first).status,
      404);
  ASSERT_EQ(put("/api/v1/me/request/documents/tax_notice", {{"confirmed", true}}, first).status,
            200);
  ASSERT_EQ(host_->post("/api/v1/me/request/submit", json::object(), first).status, 200);
  const std::string first_request = request_id(first);
  // Another company's user does not see this applicant; the adviser may go first.
  EXPECT_EQ(host_
                ->post("/api/v1/company/requests/" + first_request + "/validate", json::object(),
                       other_company_)
                .status,
            404);
  const Reply queue = host_->get("/api/v1/adviser/requests?state=submitted", adviser_);
  ASSERT_EQ(queue.status, 200);
  EXPECT_EQ(queue.json()["total"], 1);
  EXPECT_EQ(host_
                ->post("/api/v1/adviser/requests/" + first_request + "/validate", json::object(),
                       adviser_)
                .json()["state"],
            "adviser_validated");
  EXPECT_EQ(host_
                ->post("/api/v1/company/requests/" + first_request + "/validate", json::object(),
                       company_)
                .json()["state"],
            "active");

  std::vector<std::string> tokens = {first};
  for (int i = 1; i < kApplicants; ++i) tokens.push_back(active_applicant(i));
  std::vector<std::string> ids;
  for (const auto& token : tokens) {
    const Reply applied = host_->post("/api/v1/me/applications", {{"offerId", home}}, token);
    ASSERT_EQ(applied.status, 201) << applied.body;
    EXPECT_EQ(applied.json()["step"], 1);
    ids.push_back(applied.json()["id"]);
  }
  const Reply twice = host_->post("/api/v1/me/applications", {{"offerId", home}}, tokens[1]);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.json()["code"], "already_applied");
  EXPECT_EQ(applications(tokens[2])[0]["position"], 3) << "ranked by application time";
  // Another applicant's application does not exist for this one.
  EXPECT_EQ(host_->del("/api/v1/me/applications/" + ids[1], tokens[2]).status, 404);
  EXPECT_EQ(host_->get("/api/v1/applications/" + ids[1] + "/history", tokens[2]).status, 404);

  // Step 2: the adviser validates every file but the first.
  for (std::size_t i = 1; i < ids.size(); ++i) {
    const Reply validated = host_->post("/api/v1/adviser/applications/" + ids[i] + "/validate",
                                        json::object(), adviser_);
    ASSERT_EQ(validated.status, 200) << validated.body;
    EXPECT_EQ(validated.json()["step"], 2);
  }
  EXPECT_EQ(
      host_->post("/api/v1/adviser/offers/" + home + "/close", json::object(), landlord_).status,
      403);
  ASSERT_EQ(
      host_->post("/api/v1/adviser/offers/" + home + "/close", json::object(), adviser_).status,
      202);

  // Step 3: the first five validated files are transmitted; the others are not kept.
  EXPECT_EQ(wait_for_state(tokens[1], {"transmitted"})["step"], 3);
  EXPECT_EQ(wait_for_state(tokens[0], {"not_kept"})["state"], "not_kept");
  EXPECT_EQ(wait_for_state(tokens[6], {"not_kept"})["state"], "not_kept");
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(applications(tokens[i])[0]["state"], "transmitted") << i;
  EXPECT_EQ(host_->del("/api/v1/me/applications/" + ids[1], tokens[1]).json()["code"],
            "already_transmitted");
  const Reply files = host_->get("/api/v1/landlord/offers/" + home + "/applications", landlord_);
  ASSERT_EQ(files.status, 200) << files.body;
  ASSERT_EQ(files.json()["files"].size(), 5u);
  EXPECT_EQ(files.json()["files"][0]["applicationId"], ids[1]);
  EXPECT_EQ(host_->get("/api/v1/landlord/offers/" + home + "/applications", other_landlord_).status,
            404);

  // Steps 4 to 7, reported by the landlord.
  for (const auto& [type, decision, step] :
       std::vector<std::tuple<std::string, std::string, int>>{{"contacted", "", 4},
                                                              {"committeeScheduled", "", 5},
                                                              {"committeeDecision", "allocated", 6},
                                                              {"leaseSigned", "", 7}}) {
    json event = {{"type", type}};
    if (!decision.empty()) event["decision"] = decision;
    const Reply moved =
        host_->post("/api/v1/landlord/applications/" + ids[1] + "/events", event, landlord_);
    ASSERT_EQ(moved.status, 200) << type << ": " << moved.body;
    EXPECT_EQ(moved.json()["step"], step);
    EXPECT_EQ(
        host_->post("/api/v1/landlord/applications/" + ids[1] + "/events", event, other_landlord_)
            .status,
        404);
  }
  const json leased = applications(tokens[1])[0];
  EXPECT_EQ(leased["state"], "lease_signed");
  EXPECT_EQ(leased["step"], 7);
  EXPECT_GE(leased["history"].size(), 7u);

  // Every step was told in French, by email.
  std::set<std::string> templates;
  for (const auto& m : host_->messages_to("applicant1@example.fr")) templates.insert(m["template"]);
  for (const char* t :
       {"request_submitted", "request_active", "application_validated", "application_transmitted",
        "application_contacted", "application_allocated", "application_lease_signed"}) {
    EXPECT_TRUE(templates.count(t)) << t;
  }
  std::set<std::string> not_kept;
  for (const auto& m : host_->messages_to("applicant0@example.fr")) not_kept.insert(m["template"]);
  EXPECT_TRUE(not_kept.count("application_not_kept"));

  // Not kept, the first applicant may apply again elsewhere.
  const std::string next = publish("HSF-11-0043", "Le Clos");
  EXPECT_EQ(host_->post("/api/v1/me/applications", {{"offerId", next}}, tokens[0]).status, 201);
  // The company, at consent level 2, sees its applicants; the other company none of them.
  EXPECT_EQ(host_->get("/api/v1/company/employees", company_).json()["items"].size(),
            static_cast<std::size_t>(kApplicants));
  EXPECT_TRUE(host_->get("/api/v1/company/employees", other_company_).json()["items"].empty());
}

TEST_P(JourneyApi, EligibleOffersInThreeTabsWithFiltersDetailAndWhy) {
  const std::string flat = publish("A-FLAT", "Oberkampf", "75111");
  const std::string house = publish("A-HOUSE", "Maisons", "75111", 3, "house", 700);
  const std::string neighbour = publish("B-NEAR", "Parmentier", "75110");
  const std::string far = publish("C-FAR", "Auteuil", "75116");
  const std::string too_big = publish("D-T6", "Grands", "75111", 6, "flat", 900);
  const std::string elsewhere = publish("E-LYON", "Lyon", "69123");

  const std::string waiting = completed_applicant(0);
  const Reply not_active = host_->get("/api/v1/me/offers", waiting);
  EXPECT_EQ(not_active.status, 409);
  EXPECT_EQ(not_active.json()["code"], "request_not_active");
  EXPECT_FALSE(not_active.json()["errors"].empty()) << "it says what is missing";

  const std::string token = active_applicant(1);
  const Reply requested = host_->get("/api/v1/me/offers", token);
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_EQ(requested.json()["counts"],
            json({{"requested", 2}, {"neighbouring", 1}, {"department", 1}}));
  std::set<std::string> ids;
  for (const auto& o : requested.json()["items"]) ids.insert(o["id"]);
  EXPECT_EQ(ids, (std::set<std::string>{flat, house})) << "not the T6, nor another department";
  EXPECT_EQ(host_->get("/api/v1/me/offers?tab=neighbouring", token).json()["items"][0]["id"],
            neighbour);
  EXPECT_EQ(host_->get("/api/v1/me/offers?tab=department", token).json()["items"][0]["id"], far);
  // Filters narrow the counts too.
  const Reply houses = host_->get("/api/v1/me/offers?housing=house", token);
  EXPECT_EQ(houses.json()["counts"]["requested"], 1);
  EXPECT_EQ(houses.json()["items"][0]["id"], house);
  EXPECT_EQ(host_->get("/api/v1/me/offers?maxRent=750", token).json()["counts"]["requested"], 1);
  EXPECT_EQ(host_->get("/api/v1/me/offers?rooms=4", token).json()["counts"]["requested"], 0);
  // A radius takes nearby towns into the first tab.
  const Reply wide = host_->get("/api/v1/me/offers?radiusKm=3", token);
  EXPECT_EQ(wide.json()["counts"]["requested"], 3);
  // Paging.
  const Reply page2 = host_->get("/api/v1/me/offers?pageSize=1&page=2", token);
  EXPECT_EQ(page2.json()["items"].size(), 1u);
  EXPECT_EQ(page2.json()["total"], 2);
  // Bad parameters are named.
  const Reply bad = host_->get("/api/v1/me/offers?tab=elsewhere&radiusKm=101", token);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "tab");
  EXPECT_EQ(host_->get("/api/v1/me/offers?radiusKm=101", token).json()["errors"][0]["field"],
            "radiusKm");

  // The detail: no rank before applying; the eligible applicants of the department; similar.
  const Reply before = host_->get("/api/v1/me/offers/" + flat, token);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json()["position"]["rank"], nullptr);
  EXPECT_EQ(before.json()["position"]["eligibleApplicants"], 1);
  EXPECT_EQ(before.json()["deadline"], "2027-01-15");
  ASSERT_FALSE(before.json()["similar"].empty());
  EXPECT_EQ(before.json()["similar"][0]["id"], house);
  ASSERT_EQ(host_->post("/api/v1/me/applications", {{"offerId", flat}}, token).status, 201);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + flat, token).json()["position"]["rank"], 1);
  EXPECT_EQ(host_->get("/api/v1/me/offers/no-such-offer", token).status, 404);

  // Why not the T6: the typology, with the figures; the other department's offer is explained too.
  const Reply why = host_->get("/api/v1/me/offers/" + too_big + "/eligibility", token);
  ASSERT_EQ(why.status, 200) << why.body;
  EXPECT_EQ(why.json()["eligible"], false);
  bool typology = false;
  for (const auto& r : why.json()["reasons"]) {
    if (r["code"] == "typology_mismatch" && r["outcome"] == "fail") {
      typology = true;
      EXPECT_FALSE(r["message"].get<std::string>().empty());
      EXPECT_FALSE(r["figures"].empty());
    }
  }
  EXPECT_TRUE(typology) << why.body;
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + elsewhere + "/eligibility", token).json()["eligible"],
            true);
  // A request not yet active still gets its "why".
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + flat + "/eligibility", waiting).status, 200);
}

TEST_P(JourneyApi, ALoginRestartsTheInactivityClock) {
  active_applicant(2);
  const std::string email = "applicant2@example.fr";
  constexpr long long kDay = 86400;
  const auto warnings = [&] {
    int n = 0;
    for (const auto& m : host_->messages_to(email)) n += m["template"] == "inactivity_warning";
    return n;
  };
  // Sessions last 12 hours: support logs in again after each move of the clock.
  // The scheduler fires due timers within a second of the clock moving.
  const auto wait_for_warnings = [&](int expected) {
    for (int i = 0; i < 40 && warnings() != expected; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return warnings();
  };
  ASSERT_EQ(
      host_->post("/api/v1/admin/clock", {{"seconds", 80 * kDay}}, host_->admin_token()).status,
      200);
  host_->login(email, "Secret2026x");
  ASSERT_EQ(
      host_->post("/api/v1/admin/clock", {{"seconds", 20 * kDay}}, host_->admin_token()).status,
      200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(warnings(), 0) << "100 days after activation, but 20 after the last login";
  ASSERT_EQ(
      host_->post("/api/v1/admin/clock", {{"seconds", 71 * kDay}}, host_->admin_token()).status,
      200);
  EXPECT_EQ(wait_for_warnings(1), 1) << "91 days after the last login";
}

TEST_P(JourneyApi, SixtyFourSimultaneousApplicationsAndTheSameKeyTwice) {
  std::vector<std::string> offers;
  for (int i = 0; i < 64; ++i) {
    offers.push_back(publish("REF-" + std::to_string(i), "Programme " + std::to_string(i)));
  }
  const std::string token = active_applicant(kApplicants);
  std::atomic<int> created{0}, limited{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      const Reply reply = host_->post("/api/v1/me/applications",
                                      {{"offerId", offers[static_cast<size_t>(i)]}}, token);
      if (reply.status == 201) {
        ++created;
      } else if (reply.status == 409 && reply.json()["code"] == "limit_reached") {
        ++limited;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 5);
  EXPECT_EQ(limited, 59);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(applications(token).size(), 5u);

  // The same Idempotency-Key returns the first answer, even when the second would be refused.
  const std::string other_token = active_applicant(kApplicants + 1);
  const std::string body = json{{"offerId", offers[0]}}.dump();
  const std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + other_token},
                                                      {"Idempotency-Key", "apply-once-42"}};
  const Reply first = host_->request("POST", "/api/v1/me/applications", body, headers);
  const Reply again = host_->request("POST", "/api/v1/me/applications", body, headers);
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(first.json()["id"], again.json()["id"]);
  EXPECT_EQ(applications(other_token).size(), 1u);
}

// In'li (RULES.md §5): the applicant is told In'li will contact them and needs an In'li account;
// In'li receives the socle documents only, and reports its events in its own words, which its
// plugin reads into the platform's; the platform's words are understood too.
TEST_P(JourneyApi, InliReceivesTheSocleAndSpeaksItsOwnWords) {
  const Reply inli =
      host_->post("/api/v1/admin/organisations",
                  {{"kind", "landlord"}, {"name", "In'li"}, {"plugin", "inli"}}, admin_);
  ASSERT_EQ(inli.status, 201) << inli.body;
  const std::string inli_user = staff("location@inli.fr", "landlord", inli.json()["id"]);
  const std::string offer =
      publish("INLI-11-7", "Les Ateliers", "75111", 3, "flat", 600, inli_user);
  const std::string token = active_applicant(0);
  const std::string id = transmitted(offer, token);

  EXPECT_TRUE(templates_to("applicant0@example.fr").count("inli_contact"));
  const Reply files = host_->get("/api/v1/landlord/offers/" + offer + "/applications", inli_user);
  ASSERT_EQ(files.status, 200) << files.body;
  ASSERT_EQ(files.json()["files"].size(), 1u);
  const json documents = files.json()["files"][0]["documents"];
  EXPECT_FALSE(documents.empty());
  for (const auto& d : documents) EXPECT_EQ(d["socle"], true) << d.dump();
  EXPECT_EQ(host_->get("/api/v1/landlord/offers/" + offer + "/applications", landlord_).status,
            404);

  // Words neither the platform's nor In'li's: 400 naming the field.
  const Reply unknown = event(id, {{"type", "APPEL_TELEPHONIQUE"}}, inli_user);
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(unknown.json()["errors"][0]["field"], "type");
  EXPECT_EQ(event(id, {{"type", "PRISE_CONTACT"}}, landlord_).status, 404) << "not its file";
  for (const auto& [body, step] :
       std::vector<std::pair<json, int>>{{{{"type", "PRISE_CONTACT"}}, 4},
                                         {{{"type", "visitScheduled"}}, 4},
                                         {{{"type", "PASSAGE_CAL"}}, 5}}) {
    const Reply moved = event(id, body, inli_user);
    ASSERT_EQ(moved.status, 200) << body.dump() << ": " << moved.body;
    EXPECT_EQ(moved.json()["step"], step) << body.dump();
  }
  const Reply no_decision =
      event(id, {{"type", "DECISION_CAL"}, {"decision", "PEUT_ETRE"}}, inli_user);
  EXPECT_EQ(no_decision.status, 400) << no_decision.body;
  EXPECT_EQ(
      event(id, {{"type", "DECISION_CAL"}, {"decision", "ATTRIBUE"}}, inli_user).json()["state"],
      "allocated");
  EXPECT_EQ(event(id, {{"type", "BAIL_SIGNE"}}, inli_user).json()["state"], "lease_signed");
  EXPECT_EQ(applications(token)[0]["step"], 7);
}

// Each refusal of an application, as the applicant meets it over HTTP; the adviser's
// invalidation; a committee's refusal, after which the applicant may apply again; an offer
// withdrawn under its applications, with the email.
TEST_P(JourneyApi, RefusalsInvalidationCommitteeRefusalAndWithdrawal) {
  const std::string t3 = publish("HSF-P-1", "Le Parc", "75111", 3);
  const std::string other_t3 = publish("HSF-P-2", "Le Parc", "75111", 3);
  const std::string t2 = publish("HSF-P-3", "Le Parc", "75111", 2);
  const std::string too_big = publish("HSF-BIG", "Le Grand", "75111", 6);
  const std::string dear = publish("HSF-CHER", "Le Cher", "75111", 3, "flat", 4000);
  const std::string token = active_applicant(0);

  const Reply applied = host_->post("/api/v1/me/applications", {{"offerId", t3}}, token);
  ASSERT_EQ(applied.status, 201) << applied.body;
  const std::string first = applied.json()["id"];
  for (const auto& [offer, code] : std::vector<std::pair<std::string, std::string>>{
           {other_t3, "same_programme"}, {too_big, "not_eligible"}, {dear, "not_eligible"}}) {
    const Reply refused = host_->post("/api/v1/me/applications", {{"offerId", offer}}, token);
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(refused.json()["code"], code) << refused.body;
  }
  // Another typology in the same programme is allowed.
  const Reply second = host_->post("/api/v1/me/applications", {{"offerId", t2}}, token);
  ASSERT_EQ(second.status, 201) << second.body;

  // Step 2 refused by the adviser: invalidated, and the applicant is told.
  const Reply invalidated = host_->post(
      "/api/v1/adviser/applications/" + second.json()["id"].get<std::string>() + "/invalidate",
      json::object(), adviser_);
  ASSERT_EQ(invalidated.status, 200) << invalidated.body;
  EXPECT_EQ(invalidated.json()["state"], "invalidated");

  // Closed: no more applications.
  const std::string late = active_applicant(1);
  ASSERT_EQ(
      host_->post("/api/v1/adviser/offers/" + other_t3 + "/close", json::object(), adviser_).status,
      202);
  const Reply closed = host_->post("/api/v1/me/applications", {{"offerId", other_t3}}, late);
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(closed.json()["code"], "offer_closed") << closed.body;

  // The committee refuses the file: the applicant may apply again, even in the same programme.
  ASSERT_EQ(
      host_->post("/api/v1/adviser/applications/" + first + "/validate", json::object(), adviser_)
          .status,
      200);
  ASSERT_EQ(host_->post("/api/v1/adviser/offers/" + t3 + "/close", json::object(), adviser_).status,
            202);
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (host_->get("/api/v1/applications/" + first + "/history", token).body.find("transmit") !=
        std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(event(first, {{"type", "committeeScheduled"}}, landlord_).status, 200);
  const Reply refused =
      event(first, {{"type", "committeeDecision"}, {"decision", "refused"}}, landlord_);
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json()["state"], "refused");
  EXPECT_EQ(refused.json()["step"], 6);
  const std::string again = publish("HSF-P-4", "Le Parc", "75111", 3);
  const Reply reapplied = host_->post("/api/v1/me/applications", {{"offerId", again}}, token);
  ASSERT_EQ(reapplied.status, 201) << reapplied.body;

  // Withdrawn by its landlord: the application ends, the applicant is emailed.
  const Reply withdrawn = host_->request("PATCH", "/api/v1/landlord/offers/" + again,
                                         json{{"state", "withdrawn"}}.dump(),
                                         {{"Authorization", "Bearer " + landlord_}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  bool emailed = false;
  for (int attempt = 0; attempt < 100 && !emailed; ++attempt) {
    emailed = templates_to("applicant0@example.fr").count("application_offer_withdrawn") > 0;
    if (!emailed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(emailed);
  for (const auto& a : applications(token)) {
    if (a["id"] == reapplied.json()["id"]) {
      EXPECT_EQ(a["state"], "withdrawn");
    }
  }
}

// What the company sees, field by field (RULES.md §3): at level 2 the listed identity and
// employment fields, no income and no applications; at level 3 the whole request and the history
// of its applications.
TEST_P(JourneyApi, TheCompanySeesTheApplicationsAtConsentLevelThreeOnly) {
  const std::string offer = publish("HSF-C-1", "Les Cerisiers");
  const std::string partial = active_applicant(0, 2);
  const std::string whole = active_applicant(1, 3);
  std::map<std::string, std::string> applied;  // request → application
  for (const auto& token : {partial, whole}) {
    const Reply reply = host_->post("/api/v1/me/applications", {{"offerId", offer}}, token);
    ASSERT_EQ(reply.status, 201) << reply.body;
    applied[request_id(token)] = reply.json()["id"];
  }
  const Reply seen = host_->get("/api/v1/company/employees", company_);
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(seen.json()["items"].size(), 2u) << seen.body;
  for (const auto& item : seen.json()["items"]) {
    const std::string id = item["requestId"];
    if (id == request_id(partial)) {
      EXPECT_EQ(item["consentLevel"], 2);
      EXPECT_FALSE(item.contains("applications")) << item.dump();
      EXPECT_EQ(item.dump().find("taxIncome"), std::string::npos) << item.dump();
      EXPECT_EQ(item.dump().find(applied[id]), std::string::npos) << item.dump();
    } else {
      EXPECT_EQ(id, request_id(whole));
      EXPECT_EQ(item["consentLevel"], 3);
      EXPECT_TRUE(item["household"].contains("taxIncomeN2")) << item.dump();
      ASSERT_EQ(item["applications"].size(), 1u) << item.dump();
      EXPECT_EQ(item["applications"][0]["id"], applied[id]);
      EXPECT_EQ(item["applications"][0]["offerId"], offer);
      EXPECT_EQ(item["applications"][0]["step"], 1);
    }
  }
  EXPECT_TRUE(host_->get("/api/v1/company/employees", other_company_).json()["items"].empty());
}

// An analyst tries a candidate rule set on the current data before reloading it: the PLUS
// ceilings of the year lowered to 1,000 €, nobody is eligible any more for a PLUS offer; the
// candidate's tables (written for the official ceilings) fail and are reported; nothing changes
// for the applicants.
TEST_P(JourneyApi, ACandidateRuleSetIsSimulatedOnTheCurrentData) {
  const std::string offer = publish("HSF-S-1", "Les Simulations");
  active_applicant(0);
  active_applicant(1);
  std::ifstream in(std::string(ALIN_SOURCE_DIR) + "/rules/data/income_ceilings.csv");
  std::string line, lowered;
  while (std::getline(in, line)) {
    if (line.rfind("PLUS,", 0) == 0) {
      // financing,year,zone then the six categories and the per-person amount: all 1000.
      std::string head = line.substr(0, line.find(',', line.find(',', 5) + 1) + 1);
      line = head + "1000,1000,1000,1000,1000,1000,1000," + line.substr(line.rfind(',') + 1);
    }
    lowered += line + "\n";
  }
  const json body = {{"department", "75"}, {"files", {{"data/income_ceilings.csv", lowered}}}};
  const Reply simulated = host_->post("/api/v1/admin/rules/simulate", body, admin_);
  ASSERT_EQ(simulated.status, 200) << simulated.body;
  const json& result = simulated.json();
  EXPECT_EQ(result["activeRequests"], 2);
  ASSERT_EQ(result["offers"].size(), 1u) << simulated.body;
  EXPECT_EQ(result["offers"][0]["offerId"], offer);
  EXPECT_EQ(result["offers"][0]["before"], 2);
  EXPECT_EQ(result["offers"][0]["after"], 0);
  EXPECT_EQ(result["totals"]["changed"], 1);
  EXPECT_FALSE(result["candidate"]["tests"]["failures"].empty()) << "boundary cases now fail";
  EXPECT_NE(result["candidate"]["version"], result["current"]["version"]);
  // Nothing was served: the rules in force are unchanged.
  EXPECT_EQ(host_->get("/api/v1/admin/rules", admin_).json()["version"],
            result["current"]["version"]);

  // Bad candidates, each named.
  const Reply outside =
      host_->post("/api/v1/admin/rules/simulate",
                  {{"department", "75"}, {"files", {{"../../etc/passwd", "x"}}}}, admin_);
  EXPECT_EQ(outside.status, 400);
  EXPECT_EQ(outside.json()["errors"][0]["field"], "files.../../etc/passwd") << outside.body;
  const Reply nowhere =
      host_->post("/api/v1/admin/rules/simulate",
                  {{"department", "00"}, {"files", {{"income.lua", nullptr}}}}, admin_);
  EXPECT_EQ(nowhere.status, 400);
  EXPECT_EQ(nowhere.json()["errors"][0]["field"], "department") << nowhere.body;
  const Reply broken = host_->post(
      "/api/v1/admin/rules/simulate",
      {{"department", "75"}, {"files", {{"zone.lua", "local M = {\nreturn M +"}}}}, admin_);
  EXPECT_EQ(broken.status, 400) << broken.body;
  EXPECT_EQ(broken.json()["code"], "candidate_invalid");
  EXPECT_NE(broken.body.find("zone.lua"), std::string::npos) << broken.body;
  const Reply not_text =
      host_->post("/api/v1/admin/rules/simulate",
                  {{"department", "75"}, {"files", {{"income.lua", 42}}}}, admin_);
  EXPECT_EQ(not_text.status, 400);
  EXPECT_EQ(not_text.json()["errors"][0]["field"], "files.income.lua") << not_text.body;
  const Reply bad_date = host_->post(
      "/api/v1/admin/rules/simulate",
      {{"department", "75"}, {"asOf", "2026-13-01"}, {"files", {{"income.lua", nullptr}}}}, admin_);
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_EQ(bad_date.json()["errors"][0]["field"], "asOf") << bad_date.body;
  const Reply no_files = host_->post("/api/v1/admin/rules/simulate",
                                     {{"department", "75"}, {"files", json::object()}}, admin_);
  EXPECT_EQ(no_files.status, 400);
  EXPECT_EQ(no_files.json()["errors"][0]["field"], "files") << no_files.body;
  EXPECT_EQ(host_->post("/api/v1/admin/rules/simulate", body, company_).status, 403);
}

// Another applicant's, another company's and another landlord's resources: 404, as if they did
// not exist, and nothing of them in the answer.
TEST_P(JourneyApi, OthersResourcesAreNotFoundAndNothingOfThemLeaks) {
  const std::string offer = publish("HSF-X-1", "Les Voisins");
  const std::string owner = active_applicant(0);
  const std::string intruder = active_applicant(1);
  const Reply applied = host_->post("/api/v1/me/applications", {{"offerId", offer}}, owner);
  ASSERT_EQ(applied.status, 201) << applied.body;
  const std::string application = applied.json()["id"];
  const std::string request = request_id(owner);
  const std::string secret_email = "applicant0@example.fr";
  const std::string secret_number = site_request(0)["numeroUnique"];

  const auto hidden = [&](const Reply& reply, const std::string& what) {
    EXPECT_EQ(reply.status, 404) << what << ": " << reply.body;
    EXPECT_EQ(reply.body.find(secret_email), std::string::npos) << what;
    EXPECT_EQ(reply.body.find(secret_number), std::string::npos) << what;
  };
  hidden(host_->get("/api/v1/applications/" + application + "/history", intruder),
         "another applicant's history");
  hidden(host_->del("/api/v1/me/applications/" + application, intruder),
         "cancelling another applicant's application");
  hidden(host_->post("/api/v1/company/requests/" + request + "/validate", json::object(),
                     other_company_),
         "another company's employee");
  hidden(host_->get("/api/v1/landlord/offers/" + offer + "/applications", other_landlord_),
         "another landlord's offer");
  hidden(host_->post("/api/v1/landlord/applications/" + application + "/events",
                     {{"type", "contacted"}}, other_landlord_),
         "another landlord's file");
  hidden(host_->post("/api/v1/landlord/applications/" + application + "/events",
                     {{"type", "contacted"}}, landlord_),
         "its own offer's file, not transmitted yet");
  const Reply employees = host_->get("/api/v1/company/employees", other_company_);
  EXPECT_EQ(employees.status, 200);
  EXPECT_EQ(employees.body.find(secret_email), std::string::npos);
  // The intruder's own lists say nothing of the owner.
  for (const char* path : {"/api/v1/me/applications", "/api/v1/me/request"}) {
    const Reply own = host_->get(path, intruder);
    EXPECT_EQ(own.status, 200) << path;
    EXPECT_EQ(own.body.find(application), std::string::npos) << path;
    EXPECT_EQ(own.body.find(secret_number), std::string::npos) << path;
  }
  // And the owner still has it all.
  EXPECT_EQ(host_->get("/api/v1/applications/" + application + "/history", owner).status, 200);
}

// Every kind and financing over HTTP (T 11.22–11.23): one short-term "identified" offer at a time,
// any number of short-term "type" offers beside the classic ones; each financing decided on its
// own ceilings.
TEST_P(JourneyApi, EveryKindAndFinancingWithTheirLimits) {
  const std::string token = active_applicant(0);
  const auto offer = [&](const std::string& reference, const std::string& kind,
                         const std::string& financing) {
    return publish(reference, "Programme " + reference, "75111", 3, "flat", 600, "", kind,
                   financing);
  };
  const auto apply = [&](const std::string& offer_id) {
    return host_->post("/api/v1/me/applications", {{"offerId", offer_id}}, token);
  };
  const std::string identified = offer("ID-1", "shortTermIdentified", "PLUS");
  const std::string another_identified = offer("ID-2", "shortTermIdentified", "PLUS");
  EXPECT_EQ(apply(identified).status, 201);
  const Reply second = apply(another_identified);
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(second.json()["code"], "short_term_limit_reached") << second.body;
  for (int i = 0; i < 3; ++i) {
    const Reply typed = apply(offer("TY-" + std::to_string(i), "shortTermType", "PLUS"));
    EXPECT_EQ(typed.status, 201) << typed.body;
  }
  // Each financing its own ceiling, read from its row: PLAI below PLUS below PLS.
  std::map<std::string, long long> ceiling;
  for (const char* financing : {"PLAI", "PLUS", "PLS"}) {
    const std::string id = offer(std::string("F-") + financing, "classic", financing);
    const Reply why = host_->get("/api/v1/me/offers/" + id + "/eligibility", token);
    ASSERT_EQ(why.status, 200) << why.body;
    for (const auto& r : why.json()["reasons"]) {
      if (r["code"] == "income_within_ceiling" || r["code"] == "income_above_ceiling") {
        EXPECT_EQ(r["figures"]["financing"], financing);
        ceiling[financing] = r["figures"]["ceiling"].get<long long>();
      }
    }
    EXPECT_EQ(apply(id).status, 201) << financing;
  }
  EXPECT_LT(ceiling["PLAI"], ceiling["PLUS"]);
  EXPECT_LT(ceiling["PLUS"], ceiling["PLS"]);
  EXPECT_EQ(applications(token).size(), 7u) << "1 identified, 3 type, 3 classic";
}

INSTANTIATE_TEST_SUITE_P(Backends, JourneyApi,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return alin::testing::to_string(info.param); });

}  // namespace
