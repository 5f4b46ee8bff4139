// Completing a request and having it validated, over HTTP against the real host and the real
// national registration-site simulator, on SQLite and PostgreSQL (RULES.md §3): the documents by
// category with their validity, what submit says is missing, the validations in either order, a
// rejection and a new submission, consent level 1 hiding the applicant from the company, the
// company's policy of today checked at validation, documents going out of date, the yearly renewal
// and a new request refused within 12 months of being housed (T 11.3).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/host_process.hpp"
#include "support/simulator_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

constexpr const char* kSiret = "41234567800004";
constexpr long long kDay = 86400;

// A national-site request for applicant `i` (first name Camille<letter>): a couple and a child,
// 30,000 €, working for the partner company. `number` and `children` vary the household.
json site_request(int i, const std::string& number, int children = 1, bool disabled = false) {
  const std::string first = "Camille" + std::string(1, static_cast<char>('A' + i));
  json people = {{{"lien", "DEMANDEUR"},
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
                  {"handicap", false}}};
  for (int c = 0; c < children; ++c) {
    people.push_back({{"lien", "ENFANT"},
                      {"civilite", ""},
                      {"nom", "Nguyen"},
                      {"prenom", "Enfant" + std::to_string(c)},
                      {"dateNaissance", "2019-06-" + std::to_string(10 + c)},
                      {"handicap", disabled && c == 0}});
  }
  return {{"numeroUnique", number},
          {"departement", "75"},
          {"courriel", "applicant" + std::to_string(i) + "@example.fr"},
          {"situationFamiliale", "PACSE"},
          {"personnes", people},
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

std::string number_of(int i) {
  return "1111023" + std::to_string(517800 + i) + "GDPUB";
}
// A second request of applicant 0's, with two children: a changed situation.
const std::string kSecondNumber = number_of(9);

// "2026-11-22" + n months, the day clamped to the month's last.
std::string plus_months(const std::string& date, int months) {
  using namespace std::chrono;
  const year_month ym = year{std::stoi(date.substr(0, 4))} /
                            month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))} +
                        std::chrono::months{months};
  const unsigned last = static_cast<unsigned>((ym.year() / ym.month() / std::chrono::last).day());
  const unsigned d = std::min(static_cast<unsigned>(std::stoi(date.substr(8, 2))), last);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ym.year()),
                static_cast<unsigned>(ym.month()), d);
  return text;
}

// A company policy in Lua; `strict` asks for the employee number and the hire date.
void write_policy(const std::string& directory, bool strict, const std::string& more = "") {
  std::filesystem::create_directories(directory);
  std::ofstream(directory + "/maison.lua")
      << "policy = {\n  version = \"1\",\n  description = \"Maison\",\n"
      << "  access_code = { required = false },\n  consent_levels = { 1, 2, 3 },\n"
      << "  employee_number_required = " << (strict ? "true" : "false") << ",\n"
      << "  hire_date_required = " << (strict ? "true" : "false") << ",\n"
      << more << "}\n";
}

class RequestLifecycleApi : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    data_dir_ = std::make_unique<TempDir>();
    json requests = json::array();
    for (int i = 0; i < 3; ++i) requests.push_back(site_request(i, number_of(i)));
    requests.push_back(site_request(3, number_of(3), 1, true));  // a disabled child
    requests.push_back(site_request(0, kSecondNumber, 2));
    std::ofstream(data_dir_->path() + "/requests.json") << requests.dump();
    site_ =
        std::make_unique<SimulatorProcess>(SiteKind::gouv_fr, data_dir_->path() + "/requests.json");
    write_policy(data_dir_->path() + "/policies", false);
    start_host({});
    if (host_->skipped()) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    admin_ = host_->admin_token();
    const Reply company = host_->post("/api/v1/admin/organisations",
                                      {{"siret", kSiret},
                                       {"name", "Acme Industrie"},
                                       {"employees", 1200},
                                       {"sector", "non_agricultural"},
                                       {"contribution", "PEEC"},
                                       {"policy", "maison"}},
                                      admin_);
    ASSERT_EQ(company.status, 201) << company.body;
    const Reply other = host_->post("/api/v1/admin/organisations",
                                    {{"siret", "73282932000074"},
                                     {"name", "Autre Entreprise"},
                                     {"employees", 40},
                                     {"sector", "non_agricultural"},
                                     {"contribution", "PEEC"}},
                                    admin_);
    ASSERT_EQ(other.status, 201) << other.body;
    company_ = staff("rh@acme.fr", "company", company.json()["id"]);
    other_company_ = staff("rh@autre.fr", "company", other.json()["id"]);
    adviser_ = staff("conseil@al.fr", "adviser", "");
  }

  void start_host(const std::string& connection, const std::string& maildir = "") {
    HostOptions options;
    options.backend = GetParam();
    options.config["plugins.gouv_fr.url"] = site_->url();
    options.config["paths.companyPolicies"] = data_dir_->path() + "/policies";
    options.connection = connection;
    options.maildir = maildir;
    host_ = std::make_unique<HostProcess>(options);
  }

  std::string staff(const std::string& email, const std::string& role,
                    const std::string& organisation) {
    return host_->staff(admin_, email, role, organisation);
  }

  Reply put(const std::string& path, const json& body, const std::string& token) {
    return host_->put(path, body, token);
  }
  Reply post(const std::string& path, const json& body, const std::string& token) {
    return host_->post(path, body, token);
  }

  std::string email_of(int i) { return "applicant" + std::to_string(i) + "@example.fr"; }

  std::string account(int i) {
    const std::string first = "Camille" + std::string(1, static_cast<char>('A' + i));
    return host_->applicant(email_of(i), "Martin", first);
  }

  Reply import(const std::string& token, const std::string& email, const std::string& nur) {
    const Reply started =
        post("/api/v1/me/request/import", {{"nur", nur}, {"birthDate", "1991-04-17"}}, token);
    EXPECT_EQ(started.status, 202) << started.body;
    return post("/api/v1/me/request/import/confirm",
                {{"nur", nur}, {"code", site_->last_code(email)}}, token);
  }

  void confirm_every_document(const std::string& token) {
    const Reply documents = host_->get("/api/v1/me/request/documents", token);
    ASSERT_EQ(documents.status, 200) << documents.body;
    for (const auto& category : documents.json()["categories"]) {
      for (const auto& document : category["documents"]) {
        const Reply confirmed =
            put("/api/v1/me/request/documents/" + document["kind"].get<std::string>(),
                {{"confirmed", true}}, token);
        EXPECT_EQ(confirmed.status, 200) << confirmed.body;
      }
    }
  }

  // Imported, employment and consent `level` given, every document confirmed, submitted.
  std::string submitted(int i, int level, const std::string& employee_number = "") {
    const std::string token = account(i);
    EXPECT_EQ(import(token, email_of(i), number_of(i)).status, 200);
    json employment = {{"employerName", "Acme Industrie"}, {"attachTo", "applicant"}};
    if (!employee_number.empty()) employment["employeeNumber"] = employee_number;
    EXPECT_EQ(put("/api/v1/me/request/employment", employment, token).status, 200);
    EXPECT_EQ(put("/api/v1/me/request/consent", {{"level", level}}, token).status, 200);
    confirm_every_document(token);
    const Reply done = post("/api/v1/me/request/submit", json::object(), token);
    EXPECT_EQ(done.status, 200) << done.body;
    // At level 1 the company does not know of the request: the platform passes its step.
    EXPECT_EQ(done.json()["state"], level >= 2 ? "submitted" : "company_validated");
    return token;
  }

  std::string request_id(const std::string& token) {
    return host_->get("/api/v1/me/request", token).json()["id"];
  }

  std::set<std::string> templates_to(const std::string& email) {
    std::set<std::string> out;
    for (const auto& m : host_->messages_to(email)) out.insert(m["template"]);
    return out;
  }

  void advance(long long seconds) {
    ASSERT_EQ(post("/api/v1/admin/clock", {{"seconds", seconds}}, host_->admin_token()).status,
              200);
  }

  std::unique_ptr<TempDir> data_dir_;
  std::unique_ptr<SimulatorProcess> site_;
  std::unique_ptr<HostProcess> host_;
  std::string admin_, company_, other_company_, adviser_;
};

TEST_P(RequestLifecycleApi, DocumentsByCategoryWithTheirValidityAndWhatSubmitMisses) {
  const std::string token = account(0);
  ASSERT_EQ(import(token, email_of(0), number_of(0)).status, 200);

  const Reply listed = host_->get("/api/v1/me/request/documents", token);
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::map<std::string, json> by_kind;
  std::map<std::string, std::string> category_of;
  for (const auto& category : listed.json()["categories"]) {
    for (const auto& d : category["documents"]) {
      by_kind[d["kind"]] = d;
      category_of[d["kind"]] = category["category"];
    }
  }
  // A couple: the co-applicant's identity and resources are asked too, in the socle.
  for (const char* kind :
       {"identity", "identity_co_applicant", "resources", "resources_co_applicant", "tax_notice",
        "current_housing", "motive", "family_record"}) {
    ASSERT_TRUE(by_kind.count(kind)) << kind;
    EXPECT_TRUE(by_kind[kind]["required"].get<bool>()) << kind;
    EXPECT_FALSE(by_kind[kind]["confirmed"].get<bool>()) << kind;
    EXPECT_TRUE(by_kind[kind]["validUntil"].is_null()) << kind;
  }
  EXPECT_EQ(category_of["identity_co_applicant"], "identity");
  EXPECT_EQ(category_of["tax_notice"], "tax_notice");
  EXPECT_TRUE(by_kind["tax_notice"]["socle"].get<bool>());
  EXPECT_FALSE(by_kind["motive"]["socle"].get<bool>());
  // A child: the family record; no disabled member, so no proof of it.
  EXPECT_EQ(category_of["family_record"], "identity");
  EXPECT_FALSE(by_kind["family_record"]["socle"].get<bool>());
  EXPECT_FALSE(by_kind.count("disability_proof"));
  // A household with a disabled child is asked the proof, in its own category.
  const std::string other = account(3);
  ASSERT_EQ(import(other, email_of(3), number_of(3)).status, 200);
  bool proof = false;
  const json documents = host_->get("/api/v1/me/request/documents", other).json();
  for (const auto& category : documents["categories"]) {
    for (const auto& d : category["documents"]) {
      if (d["kind"] == "disability_proof") {
        proof = true;
        EXPECT_EQ(category["category"], "situation");
        EXPECT_FALSE(d["label"].get<std::string>().empty());
      }
    }
  }
  EXPECT_TRUE(proof) << documents.dump();

  // Unknown kind, bad bodies.
  const Reply unknown = put("/api/v1/me/request/documents/passport", {{"confirmed", true}}, token);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["code"], "unknown_document");
  for (const json& body : {json::object(), json{{"confirmed", "yes"}}}) {
    const Reply bad = put("/api/v1/me/request/documents/identity", body, token);
    EXPECT_EQ(bad.status, 400) << body.dump();
    EXPECT_EQ(bad.json()["errors"][0]["field"], "confirmed") << bad.body;
  }

  // Submitting now lists precisely what is missing.
  const Reply early = post("/api/v1/me/request/submit", json::object(), token);
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(early.json()["code"], "request_incomplete");
  std::set<std::string> fields;
  for (const auto& e : early.json()["errors"]) fields.insert(e["field"]);
  // The employer named by the registration site stands until the applicant changes it.
  EXPECT_FALSE(fields.count("employment"));
  EXPECT_TRUE(fields.count("consent"));
  EXPECT_TRUE(fields.count("documents.resources_co_applicant"));
  EXPECT_EQ(fields.size(), 9u) << early.body;

  // Validity from the clock: payslips a month, the tax notice a year, the identity for ever.
  const Reply payslips =
      put("/api/v1/me/request/documents/resources", {{"confirmed", true}}, token);
  ASSERT_EQ(payslips.status, 200) << payslips.body;
  ASSERT_EQ(put("/api/v1/me/request/documents/tax_notice", {{"confirmed", true}}, token).status,
            200);
  ASSERT_EQ(put("/api/v1/me/request/documents/identity", {{"confirmed", true}}, token).status, 200);
  const json relisted = host_->get("/api/v1/me/request/documents", token).json();
  for (const auto& category : relisted["categories"]) {
    for (const auto& d : category["documents"]) by_kind[d["kind"]] = d;
  }
  EXPECT_TRUE(by_kind["identity"]["validUntil"].is_null());
  EXPECT_TRUE(by_kind["resources"]["confirmed"].get<bool>());
  const std::string day = by_kind["resources"]["confirmedAt"].get<std::string>().substr(0, 10);
  EXPECT_EQ(by_kind["resources"]["validUntil"], plus_months(day, 1));
  EXPECT_EQ(by_kind["tax_notice"]["validUntil"], plus_months(day, 12));

  // Employment and consent given: the request is completed, still not submittable.
  ASSERT_EQ(put("/api/v1/me/request/employment",
                {{"employerName", "Acme Industrie"}, {"attachTo", "applicant"}}, token)
                .status,
            200);
  EXPECT_EQ(put("/api/v1/me/request/consent", {{"level", 2}}, token).json()["state"], "completed");
  const Reply still = post("/api/v1/me/request/submit", json::object(), token);
  EXPECT_EQ(still.status, 422);
  EXPECT_EQ(still.json()["errors"].size(), 5u) << still.body;
  confirm_every_document(token);
  EXPECT_EQ(host_->get("/api/v1/me/request", token).json()["state"], "documents_confirmed");
  EXPECT_EQ(post("/api/v1/me/request/submit", json::object(), token).status, 200);
  const Reply twice = post("/api/v1/me/request/submit", json::object(), token);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.json()["code"], "already_submitted");
  EXPECT_TRUE(templates_to(email_of(0)).count("request_submitted"));
}

TEST_P(RequestLifecycleApi, ValidationsRejectionExpiryAndRenewal) {
  const std::string token = submitted(0, 2);
  const std::string id = request_id(token);
  const std::string anonymous = submitted(1, 1);
  const std::string anonymous_id = request_id(anonymous);

  // Not active yet: no offers, and the reason says what is awaited.
  const Reply waiting = host_->get("/api/v1/me/offers", token);
  EXPECT_EQ(waiting.status, 409);
  EXPECT_EQ(waiting.json()["code"], "request_not_active");
  EXPECT_EQ(waiting.json()["errors"][0]["field"], "state") << waiting.body;

  // The adviser's queue, oldest submission first, paged.
  const std::string third = submitted(2, 3);
  const std::string third_id = request_id(third);
  const Reply queue = host_->get("/api/v1/adviser/requests?state=submitted&pageSize=1", adviser_);
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_EQ(queue.json()["total"], 2);
  ASSERT_EQ(queue.json()["items"].size(), 1u);
  const Reply second =
      host_->get("/api/v1/adviser/requests?state=submitted&page=2&pageSize=1", adviser_);
  ASSERT_EQ(second.json()["items"].size(), 1u) << second.body;
  EXPECT_EQ((std::set<std::string>{queue.json()["items"][0]["requestId"],
                                   second.json()["items"][0]["requestId"]}),
            (std::set<std::string>{id, third_id}));
  EXPECT_EQ(queue.json()["items"][0]["lastName"], "Martin");
  // The anonymous request waits for the adviser alone, the company's step passed by the platform.
  const Reply passed = host_->get("/api/v1/adviser/requests?state=company_validated", adviser_);
  ASSERT_EQ(passed.json()["items"].size(), 1u) << passed.body;
  EXPECT_EQ(passed.json()["items"][0]["requestId"], anonymous_id);
  EXPECT_EQ(host_->get("/api/v1/adviser/requests?state=nowhere", adviser_).status, 400);
  EXPECT_EQ(host_->get("/api/v1/adviser/requests", company_).status, 403);

  // At consent level 1 the applicant does not exist for the company; nor for another company.
  EXPECT_EQ(post("/api/v1/company/requests/" + anonymous_id + "/validate", json::object(), company_)
                .status,
            404);
  EXPECT_EQ(
      post("/api/v1/company/requests/" + id + "/validate", json::object(), other_company_).status,
      404);
  EXPECT_EQ(post("/api/v1/company/requests/" + id + "/validate", json::object(), adviser_).status,
            403);

  // A rejection needs a reason; the applicant is told and may submit again.
  const Reply no_reason =
      post("/api/v1/adviser/requests/" + id + "/reject", {{"reason", " "}}, adviser_);
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.json()["errors"][0]["field"], "reason");
  const Reply rejected = post("/api/v1/adviser/requests/" + id + "/reject",
                              {{"reason", "Avis d'imposition illisible."}}, adviser_);
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["state"], "rejected");
  EXPECT_TRUE(templates_to(email_of(0)).count("request_rejected"));
  EXPECT_EQ(post("/api/v1/adviser/requests/" + id + "/validate", json::object(), adviser_).status,
            409);
  ASSERT_EQ(post("/api/v1/me/request/submit", json::object(), token).status, 200);

  // Either order: the adviser first, then the company.
  EXPECT_EQ(post("/api/v1/adviser/requests/" + id + "/validate", json::object(), adviser_)
                .json()["state"],
            "adviser_validated");
  const Reply active =
      post("/api/v1/company/requests/" + id + "/validate", json::object(), company_);
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_EQ(active.json()["state"], "active");
  EXPECT_EQ(host_->get("/api/v1/me/request", token).json()["state"], "active");
  EXPECT_TRUE(templates_to(email_of(0)).count("request_active"));
  EXPECT_EQ(host_->get("/api/v1/me/offers", token).status, 200);
  // The anonymous applicant needs only the adviser.
  EXPECT_EQ(post("/api/v1/adviser/requests/" + anonymous_id + "/validate", json::object(), adviser_)
                .json()["state"],
            "active");

  // The yearly renewal.
  const Reply renewed = post("/api/v1/me/request/renew", json::object(), token);
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  EXPECT_EQ(renewed.json()["state"], "active");
  EXPECT_TRUE(templates_to(email_of(0)).count("request_renewed"));
  EXPECT_EQ(post("/api/v1/me/request/renew", json::object(), third).status, 409) << "not active";

  // Five weeks on, the payslips are out of date: no offers until they are confirmed again.
  advance(35 * kDay);
  const std::string fresh = host_->login(email_of(0), "Secret2026x");
  const Reply expired = host_->get("/api/v1/me/offers", fresh);
  EXPECT_EQ(expired.status, 409);
  std::set<std::string> fields;
  for (const auto& e : expired.json()["errors"]) {
    fields.insert(e["field"]);
    EXPECT_EQ(e["code"], "expired") << e.dump();
  }
  EXPECT_TRUE(fields.count("documents.resources")) << expired.body;
  EXPECT_TRUE(fields.count("documents.current_housing"));
  EXPECT_FALSE(fields.count("documents.tax_notice"));
  for (const char* kind : {"resources", "resources_co_applicant", "current_housing"}) {
    ASSERT_EQ(put(std::string("/api/v1/me/request/documents/") + kind, {{"confirmed", true}}, fresh)
                  .status,
              200);
  }
  EXPECT_EQ(host_->get("/api/v1/me/offers", fresh).status, 200);
  EXPECT_EQ(host_->get("/api/v1/me/request", fresh).json()["state"], "active");
}

TEST_P(RequestLifecycleApi, TheCompanyValidatesAgainstItsPolicyOfToday) {
  const std::string token = submitted(2, 2);
  const std::string id = request_id(token);
  // The company tightens its policy: the employee number and hire date are now asked.
  write_policy(data_dir_->path() + "/policies", true);
  const std::string connection = host_->connection(), maildir = host_->maildir();
  auto previous = std::move(host_);  // keeps its database alive
  ASSERT_EQ(previous->stop(), 0);
  start_host(connection, maildir);
  const std::string company = host_->login("rh@acme.fr", "Staff2026x");
  const Reply refused =
      post("/api/v1/company/requests/" + id + "/validate", json::object(), company);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.json()["code"], "employment_incomplete");
  std::set<std::string> fields;
  for (const auto& e : refused.json()["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"employment.employeeNumber", "employment.hireDate"}));
  // The applicant gives them; the company validates.
  const std::string again = host_->login(email_of(2), "Secret2026x");
  ASSERT_EQ(put("/api/v1/me/request/employment",
                {{"employerName", "Acme Industrie"},
                 {"attachTo", "applicant"},
                 {"employeeNumber", "A-1234"},
                 {"hireDate", "2020-09-01"}},
                again)
                .status,
            200);
  EXPECT_EQ(
      post("/api/v1/company/requests/" + id + "/validate", json::object(), company).json()["state"],
      "company_validated");
}

// The company's own limits on its support: a local income ceiling, a yearly quota of requests.
TEST_P(RequestLifecycleApi, TheCompanysCeilingAndYearlyQuotaLimitItsValidations) {
  const std::string first_token = submitted(2, 2);
  const std::string first = request_id(first_token);
  const std::string second = request_id(submitted(3, 2));
  std::vector<std::unique_ptr<HostProcess>> stopped;  // each keeps its database alive
  const auto restart_with = [&](const std::string& limits) {
    write_policy(data_dir_->path() + "/policies", false, limits);
    const std::string connection = host_->connection(), maildir = host_->maildir();
    stopped.push_back(std::move(host_));
    ASSERT_EQ(stopped.back()->stop(), 0);
    start_host(connection, maildir);
  };
  // Reference income 30,000 € (N−2; N−1 is not 10 % lower) above the company's 29,000 €.
  restart_with("  local_income_ceiling = 29000,\n");
  std::string company = host_->login("rh@acme.fr", "Staff2026x");
  const Reply above =
      post("/api/v1/company/requests/" + first + "/validate", json::object(), company);
  EXPECT_EQ(above.status, 409) << above.body;
  EXPECT_EQ(above.json()["code"], "above_company_ceiling");
  EXPECT_EQ(above.json()["errors"][0]["field"], "household.taxIncomeN2");
  EXPECT_NE(above.json()["title"].get<std::string>().find("29000"), std::string::npos);

  // One request a year: the first is supported, the second is refused.
  restart_with("  local_income_ceiling = 31000,\n  yearly_quota = 1,\n");
  company = host_->login("rh@acme.fr", "Staff2026x");
  EXPECT_EQ(post("/api/v1/company/requests/" + first + "/validate", json::object(), company).status,
            200);
  const Reply quota =
      post("/api/v1/company/requests/" + second + "/validate", json::object(), company);
  EXPECT_EQ(quota.status, 409) << quota.body;
  EXPECT_EQ(quota.json()["code"], "company_quota_reached");
  // The supported applicant deletes the request (to re-import it): the company did support them,
  // so the quota stays reached.
  ASSERT_EQ(host_->del("/api/v1/me/request", first_token).status, 204);
  const Reply still =
      post("/api/v1/company/requests/" + second + "/validate", json::object(), company);
  EXPECT_EQ(still.status, 409) << still.body;
  EXPECT_EQ(still.json()["code"], "company_quota_reached");
  // The adviser's validation is not the company's: it is not limited by the company's quota.
  EXPECT_EQ(post("/api/v1/adviser/requests/" + second + "/validate", json::object(),
                 host_->login("conseil@al.fr", "Staff2026x"))
                .status,
            200);
}

TEST_P(RequestLifecycleApi, ANewRequestWithinTwelveMonthsOfBeingHousedIsRefused) {
  const std::string token = submitted(0, 2);
  const std::string id = request_id(token);
  ASSERT_EQ(post("/api/v1/company/requests/" + id + "/validate", json::object(), company_).status,
            200);
  ASSERT_EQ(post("/api/v1/adviser/requests/" + id + "/validate", json::object(), adviser_).status,
            200);
  // Housed: an offer, the application, the landlord up to the lease.
  const Reply landlord =
      post("/api/v1/admin/organisations",
           {{"kind", "landlord"}, {"name", "Habitat"}, {"plugin", "generic"}}, admin_);
  ASSERT_EQ(landlord.status, 201) << landlord.body;
  const std::string landlord_token =
      staff("location@habitat.fr", "landlord", landlord.json()["id"]);
  const Reply offer = post("/api/v1/landlord/offers",
                           {{"programme", "Les Tilleuls"},
                            {"reference", "H-1"},
                            {"kind", "classic"},
                            {"financing", "PLUS"},
                            {"typology", 3},
                            {"housing", "flat"},
                            {"surface", 65},
                            {"rent", 600},
                            {"charges", 100},
                            {"commune", "75111"},
                            {"address", "12 rue Oberkampf"},
                            {"availableFrom", "2027-01-01"},
                            {"deadline", "2027-01-15"}},
                           landlord_token);
  ASSERT_EQ(offer.status, 201) << offer.body;
  const std::string offer_id = offer.json()["id"];
  const Reply applied = post("/api/v1/me/applications", {{"offerId", offer_id}}, token);
  ASSERT_EQ(applied.status, 201) << applied.body;
  const std::string application = applied.json()["id"];
  ASSERT_EQ(
      post("/api/v1/adviser/applications/" + application + "/validate", json::object(), adviser_)
          .status,
      200);
  ASSERT_EQ(post("/api/v1/adviser/offers/" + offer_id + "/close", json::object(), adviser_).status,
            202);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const json items = host_->get("/api/v1/me/applications", token).json()["items"];
    if (!items.empty() && items[0]["state"] == "transmitted") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto& [type, decision] :
       std::vector<std::pair<std::string, std::string>>{{"contacted", ""},
                                                        {"committeeScheduled", ""},
                                                        {"committeeDecision", "allocated"},
                                                        {"leaseSigned", ""}}) {
    json event = {{"type", type}};
    if (!decision.empty()) event["decision"] = decision;
    const Reply moved =
        post("/api/v1/landlord/applications/" + application + "/events", event, landlord_token);
    ASSERT_EQ(moved.status, 200) << type << ": " << moved.body;
  }

  // The request deleted, the same household comes back: refused for twelve months.
  ASSERT_EQ(host_->del("/api/v1/me/request", token).status, 204);
  const Reply refused = import(token, email_of(0), number_of(0));
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json()["code"], "recently_housed") << refused.body;
  EXPECT_EQ(refused.json()["errors"][0]["field"], "household");
  EXPECT_EQ(host_->get("/api/v1/me/request", token).status, 404);
  // A changed household (a second child) may file a new request at once.
  const Reply changed = import(token, email_of(0), kSecondNumber);
  ASSERT_EQ(changed.status, 200) << changed.body;
  ASSERT_EQ(host_->del("/api/v1/me/request", token).status, 204);
  // Twelve months on, the same household may too.
  advance(366 * kDay);
  const std::string later = host_->login(email_of(0), "Secret2026x");
  const Reply accepted = import(later, email_of(0), number_of(0));
  EXPECT_EQ(accepted.status, 200) << accepted.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, RequestLifecycleApi,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return alin::testing::to_string(info.param); });

}  // namespace
