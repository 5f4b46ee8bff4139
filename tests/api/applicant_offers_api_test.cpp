// What an applicant sees of the offers (API.md "Offers and applications", issue 6), over HTTP
// against the real host and the national registration-site simulator, on SQLite and PostgreSQL:
// the three tabs and their counts, the radius, each filter, paging, the answers when the request
// is not active, the detail with the position and similar offers, the "why" of an offer not shown,
// and the in-memory sets following offers as they are published, withdrawn and run out of time.
//
// Requests are made active through the API (import, complete, submit, company and adviser
// validations), as a person and the staff would.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <set>

#include "alin/util/clock.hpp"
#include "support/host_process.hpp"
#include "support/simulator_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

constexpr const char* kSiret = "41234567800004";

// A national-site request: a couple and a child (T2 to T4), wanting `communes`, with `income` €
// of reference tax income and 3,500 € of monthly resources.
json site_request(int i, const std::vector<std::string>& communes, int income) {
  json wanted = json::array();
  for (const auto& c : communes) wanted.push_back({{"codeInsee", c}, {"libelle", c}});
  return {{"numeroUnique", "1111023" + std::to_string(517900 + i) + "GDPUB"},
          {"departement", "75"},
          {"courriel", "offers" + std::to_string(i) + "@example.fr"},
          {"situationFamiliale", "PACSE"},
          {"personnes",
           {{{"lien", "DEMANDEUR"},
             {"civilite", "MME"},
             {"nom", "Martin"},
             {"prenom", "Camille"},
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
           {{"revenuFiscalN1", income},
            {"revenuFiscalN2", income},
            {"ressourcesMensuelles", 3500},
            {"aideLogement", 0}}},
          {"communesSouhaitees", wanted},
          {"situationProfessionnelle",
           {{"siretEmployeur", kSiret},
            {"raisonSociale", "Acme Industrie"},
            {"plusieursEmployeurs", false},
            {"lieuTravail", {{"codePostal", "75011"}, {"commune", "Paris"}}}}},
          {"logementActuel", {{"commune", "Montreuil"}}},
          {"dateDepot", "2025-10-02"},
          {"dateRenouvellement", "2026-10-02"}};
}

std::set<std::string> ids_of(const json& items) {
  std::set<std::string> ids;
  for (const auto& o : items) ids.insert(o["id"].get<std::string>());
  return ids;
}

std::set<std::string> fields_of(const Reply& reply) {
  std::set<std::string> fields;
  for (const auto& e : reply.json().value("errors", json::array()))
    fields.insert(e.value("field", ""));
  return fields;
}

class ApplicantOffersApi : public ::testing::TestWithParam<TestBackend> {
 protected:
  // Applicants 0–2 want Paris 11e; 3 is too rich for social housing; 4 wants Paris 20e.
  void SetUp() override {
    data_dir_ = std::make_unique<TempDir>();
    const json requests = {site_request(0, {"75111"}, 30000), site_request(1, {"75111"}, 30000),
                           site_request(2, {"75111"}, 30000), site_request(3, {"75111"}, 95000),
                           site_request(4, {"75120"}, 30000)};
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
    const Reply landlord = host_->post(
        "/api/v1/admin/organisations",
        {{"kind", "landlord"}, {"name", "Habitat Social Francilien"}, {"plugin", "generic"}},
        admin_);
    ASSERT_EQ(landlord.status, 201) << landlord.body;
    company_ = staff("rh@acme.fr", "company", company.json()["id"]);
    landlord_ = staff("location@hsf.fr", "landlord", landlord.json()["id"]);
    adviser_ = staff("conseil@al.fr", "adviser", "");
  }

  std::string staff(const std::string& email, const std::string& role,
                    const std::string& organisation) {
    return host_->staff(admin_, email, role, organisation);
  }

  Reply put(const std::string& path, const json& body, const std::string& token) {
    return host_->put(path, body, token);
  }
  Reply patch(const std::string& path, const json& body, const std::string& token) {
    return host_->patch(path, body, token);
  }

  std::string email(int i) { return "offers" + std::to_string(i) + "@example.fr"; }

  // A confirmed applicant account without a request.
  std::string account(int i) { return host_->applicant(email(i), "Martin", "Camille"); }

  // Imported, employment and consent given, every document confirmed: ready to submit.
  std::string completed(int i) {
    const std::string token = account(i);
    const std::string nur = "1111023" + std::to_string(517900 + i) + "GDPUB";
    EXPECT_EQ(
        host_->post("/api/v1/me/request/import", {{"nur", nur}, {"birthDate", "1991-04-17"}}, token)
            .status,
        202);
    const Reply imported = host_->post("/api/v1/me/request/import/confirm",
                                       {{"nur", nur}, {"code", site_->last_code(email(i))}}, token);
    EXPECT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(
        put("/api/v1/me/request/employment",
            {{"employerName", "Acme Industrie"}, {"attachTo", "applicant"}, {"cdii", true}}, token)
            .status,
        200);
    EXPECT_EQ(put("/api/v1/me/request/consent", {{"level", 2}}, token).status, 200);
    for (const auto& category : host_->get("/api/v1/me/request/documents", token)
                                    .json()
                                    .value("categories", json::array())) {
      for (const auto& document : category["documents"]) {
        EXPECT_EQ(put("/api/v1/me/request/documents/" + document["kind"].get<std::string>(),
                      {{"confirmed", true}}, token)
                      .status,
                  200);
      }
    }
    return token;
  }

  std::string request_id(const std::string& token) {
    return host_->get("/api/v1/me/request", token).json()["id"];
  }

  // Submitted and validated by the company (the adviser's validation makes it active).
  std::string company_validated(int i) {
    const std::string token = completed(i);
    EXPECT_EQ(host_->post("/api/v1/me/request/submit", json::object(), token).status, 200);
    EXPECT_EQ(host_
                  ->post("/api/v1/company/requests/" + request_id(token) + "/validate",
                         json::object(), company_)
                  .json()["state"],
              "company_validated");
    return token;
  }

  std::string active(int i) {
    const std::string token = company_validated(i);
    EXPECT_EQ(host_
                  ->post("/api/v1/adviser/requests/" + request_id(token) + "/validate",
                         json::object(), adviser_)
                  .json()["state"],
              "active");
    return token;
  }

  std::string publish(const std::string& reference, const std::string& commune, int typology,
                      const std::string& housing = "flat", int rent = 600,
                      bool reduced_mobility = false, const std::string& deadline = "2027-01-15") {
    const Reply offer = host_->post("/api/v1/landlord/offers",
                                    {{"programme", "Programme " + reference},
                                     {"reference", reference},
                                     {"kind", "classic"},
                                     {"financing", "PLUS"},
                                     {"typology", typology},
                                     {"housing", housing},
                                     {"surface", 20 + 15 * typology},
                                     {"rent", rent},
                                     {"charges", 100},
                                     {"commune", commune},
                                     {"address", "12 rue de la Roquette"},
                                     {"reducedMobility", reduced_mobility},
                                     {"availableFrom", "2027-01-01"},
                                     {"deadline", deadline}},
                                    landlord_);
    EXPECT_EQ(offer.status, 201) << offer.body;
    return offer.json().value("id", "");
  }

  json offers(const std::string& token, const std::string& query = "") {
    const Reply reply = host_->get("/api/v1/me/offers" + query, token);
    EXPECT_EQ(reply.status, 200) << query << ": " << reply.body;
    return reply.json();
  }

  json counts(int requested, int neighbouring, int department) {
    return {{"requested", requested}, {"neighbouring", neighbouring}, {"department", department}};
  }

  std::unique_ptr<TempDir> data_dir_;
  std::unique_ptr<SimulatorProcess> site_;
  std::unique_ptr<HostProcess> host_;
  std::string admin_, company_, landlord_, adviser_;
};

// Paris 11e is wanted; 10e is its neighbour; 16e is elsewhere in Paris; Lyon another department.
// The T3s and the T2 fit a household of three; the T6 does not.
TEST_P(ApplicantOffersApi, TabsCountsRadiusFiltersAndPaging) {
  const std::string flat = publish("R-FLAT", "75111", 3, "flat", 600);
  const std::string house = publish("R-HOUSE", "75111", 3, "house", 700, true);
  const std::string small = publish("R-T2", "75111", 2, "flat", 450);
  const std::string near = publish("N-T3", "75110", 3);
  const std::string far = publish("D-T3", "75116", 3);
  const std::string too_big = publish("R-T6", "75111", 6, "flat", 900);
  const std::string lyon = publish("L-T3", "69123", 3);

  const std::string token = active(0);
  const json all = offers(token);
  EXPECT_EQ(all["tab"], "requested");
  EXPECT_EQ(all["counts"], counts(3, 1, 1));
  EXPECT_EQ(ids_of(all["items"]), (std::set<std::string>{flat, house, small}))
      << "neither the T6 nor another department's offer";
  EXPECT_EQ(all["total"], 3);
  EXPECT_FALSE(all["ruleSetVersion"].get<std::string>().empty());
  // Each offer in API.md's shape.
  const json& first = all["items"][0];
  for (const char* field :
       {"id", "landlordId", "programme", "reference", "kind", "financing", "typology", "housing",
        "surface", "rent", "charges", "commune", "address", "lat", "lon", "reducedMobility",
        "availableFrom", "deadline", "showcase"}) {
    EXPECT_TRUE(first.contains(field)) << field;
  }
  EXPECT_EQ(ids_of(offers(token, "?tab=neighbouring")["items"]), std::set<std::string>{near});
  EXPECT_EQ(ids_of(offers(token, "?tab=department")["items"]), std::set<std::string>{far});

  // A radius takes the nearby towns into the first tab; the neighbours are then theirs.
  const json wide = offers(token, "?radiusKm=3");
  EXPECT_EQ(ids_of(wide["items"]), (std::set<std::string>{flat, house, small, near}));
  EXPECT_EQ(wide["counts"]["requested"], 4);
  EXPECT_EQ(wide["counts"]["neighbouring"].get<int>() + wide["counts"]["department"].get<int>(), 1)
      << "the 16e is either a neighbour of the widened towns or elsewhere in the department";
  const json widest = offers(token, "?radiusKm=100");
  EXPECT_EQ(widest["counts"], counts(5, 0, 0)) << "Lyon stays out of reach";

  // Each filter narrows the counts as well as the items; rents are rent + charges.
  EXPECT_EQ(offers(token, "?rooms=2")["counts"], counts(1, 0, 0));
  EXPECT_EQ(ids_of(offers(token, "?rooms=2")["items"]), std::set<std::string>{small});
  EXPECT_EQ(offers(token, "?rooms=3")["counts"], counts(2, 1, 1));
  EXPECT_EQ(offers(token, "?housing=house")["counts"], counts(1, 0, 0));
  EXPECT_EQ(offers(token, "?housing=flat")["counts"], counts(2, 1, 1));
  EXPECT_EQ(ids_of(offers(token, "?reducedMobility=true")["items"]), std::set<std::string>{house});
  EXPECT_EQ(offers(token, "?reducedMobility=false")["counts"], counts(2, 1, 1));
  EXPECT_EQ(ids_of(offers(token, "?minRent=750")["items"]), std::set<std::string>{house});
  EXPECT_EQ(ids_of(offers(token, "?maxRent=700")["items"]), (std::set<std::string>{flat, small}));
  EXPECT_EQ(offers(token, "?minRent=560&maxRent=700&housing=flat")["counts"], counts(1, 1, 1));

  // Pages, soonest deadline first (all equal here: then by id), never overlapping.
  std::vector<std::string> paged;
  for (int page = 1; page <= 3; ++page) {
    const json p = offers(token, "?pageSize=1&page=" + std::to_string(page));
    EXPECT_EQ(p["page"], page);
    EXPECT_EQ(p["pageSize"], 1);
    EXPECT_EQ(p["total"], 3);
    ASSERT_EQ(p["items"].size(), 1u);
    paged.push_back(p["items"][0]["id"]);
  }
  EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()),
            (std::set<std::string>{flat, house, small}));
  EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end()));
  EXPECT_TRUE(offers(token, "?pageSize=1&page=4")["items"].empty());
  EXPECT_EQ(offers(token, "?pageSize=2")["items"].size(), 2u);

  // Every bad parameter is a 400 naming it.
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"tab=elsewhere", "tab"},
                                                        {"radiusKm=101", "radiusKm"},
                                                        {"radiusKm=-1", "radiusKm"},
                                                        {"rooms=7", "rooms"},
                                                        {"rooms=deux", "rooms"},
                                                        {"housing=villa", "housing"},
                                                        {"reducedMobility=oui", "reducedMobility"},
                                                        {"minRent=-5", "minRent"},
                                                        {"maxRent=beaucoup", "maxRent"},
                                                        {"page=0", "page"},
                                                        {"pageSize=101", "pageSize"}}) {
    const Reply bad = host_->get("/api/v1/me/offers?" + query, token);
    EXPECT_EQ(bad.status, 400) << query;
    EXPECT_EQ(fields_of(bad), std::set<std::string>{field}) << query << ": " << bad.body;
  }

  // Too rich for social housing: every tab empty, and the "why" says so.
  const std::string rich = active(3);
  EXPECT_EQ(offers(rich)["counts"], counts(0, 0, 0));
  const Reply why = host_->get("/api/v1/me/offers/" + flat + "/eligibility", rich);
  ASSERT_EQ(why.status, 200) << why.body;
  EXPECT_EQ(why.json()["eligible"], false);
  for (const auto& tab : {"", "?tab=neighbouring", "?tab=department", "?radiusKm=100"}) {
    const auto shown = ids_of(offers(token, tab)["items"]);
    EXPECT_FALSE(shown.count(too_big) || shown.count(lyon)) << tab;
  }
}

// A neighbour across the department's border (Montreuil, 93, touches Paris 20e) is in the
// neighbouring tab; the department tab is only the requested towns' own department.
TEST_P(ApplicantOffersApi, NeighboursAcrossADepartmentBorder) {
  const std::string montreuil = publish("M-T3", "93048", 3);
  const std::string saint_denis = publish("SD-T3", "93066", 3);
  const std::string here = publish("P20-T3", "75120", 3);
  const std::string token = active(4);
  EXPECT_EQ(offers(token)["counts"], counts(1, 1, 0));
  EXPECT_EQ(ids_of(offers(token)["items"]), std::set<std::string>{here});
  EXPECT_EQ(ids_of(offers(token, "?tab=neighbouring")["items"]), std::set<std::string>{montreuil});
  (void)saint_denis;  // in Seine-Saint-Denis but not a neighbour: in no tab
  // The tab merges both departments' offers, soonest deadline first (Montreuil's: 2027-01-15).
  const std::string paris_first = publish("P11-T3", "75111", 3, "flat", 600, false, "2027-01-10");
  const std::string paris_third = publish("P19-T3", "75119", 3, "flat", 600, false, "2027-01-18");
  const std::string bagnolet = publish("B-T3", "93006", 3, "flat", 600, false, "2027-01-20");
  const json items = offers(token, "?tab=neighbouring")["items"];
  ASSERT_EQ(items.size(), 4u) << items.dump();
  EXPECT_EQ(items[0]["id"], paris_first);
  EXPECT_EQ(items[1]["id"], montreuil);
  EXPECT_EQ(items[2]["id"], paris_third);
  EXPECT_EQ(items[3]["id"], bagnolet);
  const json second_page = offers(token, "?tab=neighbouring&pageSize=2&page=2")["items"];
  ASSERT_EQ(second_page.size(), 2u);
  EXPECT_EQ(second_page[0]["id"], paris_third);
}

TEST_P(ApplicantOffersApi, ARequestNotActiveIsToldWhatIsMissing) {
  const std::string offer = publish("R-FLAT", "75111", 3);
  const std::string none = account(0);
  const Reply no_request = host_->get("/api/v1/me/offers", none);
  EXPECT_EQ(no_request.status, 404);
  EXPECT_EQ(no_request.json()["code"], "no_request");

  const std::string waiting = completed(1);
  const Reply not_submitted = host_->get("/api/v1/me/offers", waiting);
  EXPECT_EQ(not_submitted.status, 409);
  EXPECT_EQ(not_submitted.json()["code"], "request_not_active");
  EXPECT_EQ(fields_of(not_submitted), std::set<std::string>{"state"});

  const std::string half = company_validated(2);
  const Reply adviser_missing = host_->get("/api/v1/me/offers", half);
  EXPECT_EQ(adviser_missing.status, 409);
  ASSERT_EQ(adviser_missing.json()["errors"].size(), 1u);
  EXPECT_EQ(adviser_missing.json()["errors"][0]["code"], "request_company_validated");
  EXPECT_NE(
      adviser_missing.json()["errors"][0]["message"].get<std::string>().find("Action Logement"),
      std::string::npos)
      << adviser_missing.body;
  // The detail needs an active request too; the "why" does not.
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + offer, half).status, 409);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + offer + "/eligibility", half).status, 200);
  // Once the adviser validates, the same applicant sees the offer.
  EXPECT_EQ(host_
                ->post("/api/v1/adviser/requests/" + request_id(half) + "/validate", json::object(),
                       adviser_)
                .json()["state"],
            "active");
  EXPECT_EQ(ids_of(offers(half)["items"]), std::set<std::string>{offer});
}

TEST_P(ApplicantOffersApi, DetailWithPositionAndSimilarOffers) {
  const std::string flat = publish("R-FLAT", "75111", 3, "flat", 600);
  const std::string house = publish("R-HOUSE", "75111", 3, "house", 700);
  const std::string small = publish("R-T2", "75111", 2);
  const std::string near = publish("N-T3", "75110", 3);
  const std::string far = publish("D-T3", "75116", 3);
  const std::string first = active(0);
  const std::string second = active(1);
  active(3);     // too rich: not an eligible applicant
  completed(2);  // not active: not counted

  const Reply detail = host_->get("/api/v1/me/offers/" + flat, first);
  ASSERT_EQ(detail.status, 200) << detail.body;
  const json& d = detail.json();
  EXPECT_EQ(d["id"], flat);
  EXPECT_EQ(d["deadline"], "2027-01-15");
  EXPECT_EQ(d["availableFrom"], "2027-01-01");
  EXPECT_EQ(d["rent"], 600);
  EXPECT_EQ(d["position"]["rank"], nullptr) << "not applied yet";
  EXPECT_EQ(d["position"]["eligibleApplicants"], 2);
  // Similar: the same typology in the same town first, then in a neighbouring one; not the T2,
  // not the 16e, not itself.
  std::vector<std::string> similar;
  for (const auto& s : d["similar"]) similar.push_back(s["id"]);
  EXPECT_EQ(similar, (std::vector<std::string>{house, near}));

  ASSERT_EQ(host_->post("/api/v1/me/applications", {{"offerId", flat}}, first).status, 201);
  ASSERT_EQ(host_->post("/api/v1/me/applications", {{"offerId", flat}}, second).status, 201);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + flat, first).json()["position"]["rank"], 1);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + flat, second).json()["position"]["rank"], 2);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + house, second).json()["position"]["rank"], nullptr);

  EXPECT_EQ(host_->get("/api/v1/me/offers/no-such-offer", first).status, 404);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + flat, company_).status, 403);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + flat).status, 401);
  const std::string waiting = completed(4);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + flat, waiting).status, 409);
  (void)small;
  (void)far;
}

TEST_P(ApplicantOffersApi, WhyAnOfferIsOrIsNotOpenEvenWhenNotShown) {
  const std::string too_big = publish("R-T6", "75111", 6, "flat", 900);
  const std::string lyon = publish("L-T3", "69123", 3);
  const std::string token = active(0);
  EXPECT_TRUE(offers(token)["items"].empty());

  const Reply why = host_->get("/api/v1/me/offers/" + too_big + "/eligibility", token);
  ASSERT_EQ(why.status, 200) << why.body;
  EXPECT_EQ(why.json()["eligible"], false);
  bool typology = false;
  for (const auto& r : why.json()["reasons"]) {
    EXPECT_FALSE(r["message"].get<std::string>().empty()) << r.dump();
    if (r["code"] == "typology_mismatch" && r["outcome"] == "fail") {
      typology = true;
      EXPECT_EQ(r["figures"]["typology"], 6);
      EXPECT_EQ(r["figures"]["persons"], 3);
      EXPECT_EQ(r["figures"]["maxTypology"], 4);
    }
  }
  EXPECT_TRUE(typology) << why.body;
  // Open to them, though in another department and so in no tab.
  const Reply open = host_->get("/api/v1/me/offers/" + lyon + "/eligibility", token);
  EXPECT_EQ(open.json()["eligible"], true) << open.body;
  EXPECT_FALSE(open.json()["reasons"].empty());
  // A request not yet active still gets its "why"; no request, no household to judge.
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + lyon + "/eligibility", completed(1)).status, 200);
  EXPECT_EQ(host_->get("/api/v1/me/offers/" + lyon + "/eligibility", account(2)).status, 404);
  EXPECT_EQ(host_->get("/api/v1/me/offers/no-such-offer/eligibility", token).status, 404);
}

// The department's offers are kept in memory: a new offer, a withdrawal, a changed deadline and
// the passing of a deadline show at once.
TEST_P(ApplicantOffersApi, TheTabsFollowTheOffersAtOnce) {
  const std::string flat = publish("R-FLAT", "75111", 3);
  const std::string token = active(0);
  EXPECT_EQ(offers(token)["counts"], counts(1, 0, 0));
  const std::string tomorrow = publish("R-SOON", "75111", 3, "flat", 600, false,
                                       alin::format_utc(std::time(nullptr) + 86400).substr(0, 10));
  const std::string near = publish("N-T3", "75110", 3);
  EXPECT_EQ(offers(token)["counts"], counts(2, 1, 0)) << "published, shown at once";
  // Soonest deadline first.
  EXPECT_EQ(offers(token)["items"][0]["id"], tomorrow);

  ASSERT_EQ(patch("/api/v1/landlord/offers/" + near, {{"state", "withdrawn"}}, landlord_).status,
            200);
  EXPECT_EQ(offers(token)["counts"], counts(2, 0, 0)) << "withdrawn, gone at once";
  // Ten days from now: later than the short offer's, and still open after the clock moves.
  const std::string in_ten_days = alin::format_utc(std::time(nullptr) + 10 * 86400).substr(0, 10);
  ASSERT_EQ(patch("/api/v1/landlord/offers/" + flat, {{"deadline", in_ten_days}}, landlord_).status,
            200);
  EXPECT_EQ(offers(token)["items"][1]["deadline"], in_ten_days) << "the new deadline is read";

  // Two days later the short offer's deadline has passed: it is no longer open.
  ASSERT_EQ(host_->post("/api/v1/admin/clock", {{"days", 2}}, admin_).status, 200);
  const std::string again = host_->login(email(0), "Secret2026x");
  const json later = offers(again);
  EXPECT_EQ(ids_of(later["items"]), std::set<std::string>{flat});
}

INSTANTIATE_TEST_SUITE_P(Backends, ApplicantOffersApi,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
