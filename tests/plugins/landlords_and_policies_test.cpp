// The landlord plugins (what each returns for a transmission; In'li's email, account and socle
// documents, RULES.md §5 T 11.28; the effects the kernel queues), the company policies (the
// example plugin, a Lua policy) and the unique number's shape.
#include <gtest/gtest.h>

#include "alin/landlords/transmission.hpp"
#include "alin/mail/mail.hpp"
#include "alin/plugins/plugin_registry.hpp"
#include "alin/requests/unique_number.hpp"
#include "plugins/lua_company_policy.hpp"
#include "support/simulator_process.hpp"
#include "support/test_database.hpp"

using namespace alin;

namespace {

std::unique_ptr<plugins::PluginRegistry> shipped() {
  plugins::RegistryOptions options;
  options.directories = {alin::testing::built_plugin_directory()};
  options.settings["example"] = {
      {"sites", "BREST,QUIMPER"}, {"yearly_budget", "50"}, {"used", "12"}};
  return plugins::PluginRegistry::load(options);
}

sdk::Transmission transmission() {
  sdk::Transmission t;
  t.application_id = "app-1";
  t.offer_id = "offer-1";
  t.offer_reference = "INLI-75011-T3-042";
  t.landlord_name = "In'li";
  t.applicant = {"Martin", "Camille", "camille.martin@example.fr", "1111023517879GDPUB"};
  t.household_size = 3;
  t.tax_income = 36900;
  t.documents = {{"identity", "identity", true, ""},
                 {"resources", "resources", true, "2026-12-31"},
                 {"tax_notice", "tax_notice", true, ""},
                 {"motive", "motive", false, ""},
                 {"current_housing", "housing", false, ""}};
  return t;
}

TEST(InliLandlord, SendsTheSocleOnlyAndTellsTheApplicantInliWillCall) {
  auto registry = shipped();
  auto inli = registry->landlord("inli");
  ASSERT_NE(inli, nullptr);
  auto plan = inli->plan(transmission());
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->documents.size(), 3u);
  for (const auto& d : plan->documents) EXPECT_TRUE(d.socle) << d.kind;
  EXPECT_TRUE(plan->landlord_account_required);
  ASSERT_EQ(plan->emails.size(), 1u);
  const sdk::ApplicantEmail& email = plan->emails[0];
  EXPECT_EQ(email.template_name, "inli_contact");
  EXPECT_EQ(email.subject, "Votre candidature est transmise à In'li");
  EXPECT_NE(email.body.find("In'li va prendre contact avec vous"), std::string::npos);
  EXPECT_NE(email.body.find("vous devrez ouvrir un compte In'li"), std::string::npos);
  EXPECT_NE(email.body.find("INLI-75011-T3-042"), std::string::npos);
  // In'li refuses anything but the socle, and speaks its own words.
  EXPECT_EQ(inli->transmit(transmission()).error().code, "not_socle");
  sdk::Transmission planned = transmission();
  planned.documents = plan->documents;
  EXPECT_EQ(inli->transmit(planned)->reference, "INLI-app-1");
  auto decision = inli->interpret({"DECISION_CAL", "ATTRIBUE", "2026-05-04T10:00:00Z"});
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->type, "committeeDecision");
  EXPECT_EQ(decision->decision, "allocated");
  EXPECT_EQ(inli->interpret({"PRISE_CONTACT", "", ""})->type, "contacted");
  EXPECT_EQ(inli->interpret({"contacted", "", ""}).error().code, "unknown_event");
}

TEST(GenericLandlord, SendsWhatItsPolicyAllowsAndReportsInThePlatformsWords) {
  auto registry = shipped();
  auto generic = registry->landlord("generic");
  ASSERT_NE(generic, nullptr);
  auto plan = generic->plan(transmission());
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->documents.size(), 5u) << "by default, every confirmed document";
  EXPECT_TRUE(plan->emails.empty());
  EXPECT_FALSE(plan->landlord_account_required);
  EXPECT_EQ(generic->transmit(transmission())->reference, "GEN-app-1");
  EXPECT_EQ(generic->interpret({"committeeDecision", "waitingList", ""})->decision, "waitingList");
  EXPECT_FALSE(generic->interpret({"committeeDecision", "", ""}).ok());
  EXPECT_FALSE(generic->interpret({"visitScheduled", "allocated", ""}).ok());

  plugins::RegistryOptions socle;
  socle.directories = {alin::testing::built_plugin_directory()};
  socle.settings["generic"] = {{"documents", "socle"}};
  auto strict = plugins::PluginRegistry::load(socle);
  EXPECT_EQ(strict->landlord("generic")->plan(transmission())->documents.size(), 3u);
}

TEST(Transmission, QueuesInlisEmailAndTheTransmissionInTheCallersTransaction) {
  auto registry = shipped();
  auto test_db = alin::testing::TestDatabase::create(alin::testing::TestBackend::sqlite);
  auto db = test_db->open();
  auto plan = db->write([&](soci::session& sql) {
    return landlords::plan_transmission(sql, *registry, "inli", transmission(), 1'780'000'000);
  });
  ASSERT_TRUE(plan.ok()) << plan.error().title;
  const auto emails = db->read([](soci::session& sql) {
    return mail::list(sql, std::string("camille.martin@example.fr"), 10);
  });
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0].email.template_name, "inli_contact");
  EXPECT_NE(emails[0].email.body.find("compte In'li"), std::string::npos);
  const std::string payload = db->read([](soci::session& sql) {
    std::string p;
    sql << "SELECT payload FROM outbox WHERE topic = 'landlord.transmit'", soci::into(p);
    return p;
  });
  const auto json = nlohmann::json::parse(payload);
  EXPECT_EQ(json["plugin"], "inli");
  EXPECT_EQ(json["documents"].size(), 3u) << "the outbox carries the socle only";
  EXPECT_EQ(landlords::transmission_from_json(json).documents.size(), 3u);
  // The same application planned twice queues one transmission.
  db->write([&](soci::session& sql) {
    return landlords::plan_transmission(sql, *registry, "inli", transmission(), 1'780'000'001);
  });
  const int transmissions = db->read([](soci::session& sql) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM outbox WHERE topic = 'landlord.transmit'", soci::into(n);
    return n;
  });
  EXPECT_EQ(transmissions, 1);
  const auto unknown = db->write([&](soci::session& sql) {
    return landlords::plan_transmission(sql, *registry, "nobody", transmission(), 1'780'000'000);
  });
  EXPECT_FALSE(unknown.ok());
}

TEST(ExampleCompanyPolicy, ChecksItsOwnCodes) {
  auto registry = shipped();
  auto policy = registry->company("example");
  ASSERT_NE(policy, nullptr);
  const sdk::Company company{"c1", "41234567800004", "Groupe Exemple", 300, "PSEEC", 99};
  EXPECT_EQ(policy->rules(company)->consent_levels, (std::vector<int>{2, 3}));
  EXPECT_TRUE(policy->check_employment(company, {"BREST-2019", "E42", "2019-03-01"})->accepted);
  auto wrong = policy->check_employment(company, {"BREST-2020", "E42", "2019-03-01"});
  EXPECT_FALSE(wrong->accepted);
  EXPECT_EQ(wrong->field, "companyCode");
  EXPECT_EQ(policy->check_employment(company, {"LYON-2019", "E42", "2019-03-01"})->code,
            "wrong_access_code");
  EXPECT_EQ(policy->check_employment(company, {"BREST-2019", "", "2019-03-01"})->code,
            "employee_number_required");
  EXPECT_EQ(policy->pseec_rights_left(company)->value_or(-1), 38);
}

TEST(LuaCompanyPolicy, ReadsTheCommonCaseFromAPlainFile) {
  auto policy = plugins::LuaCompanyPolicy::from_source("coop", R"(
    policy = {
      version = "1",
      access_code = { required = true, codes = { "LEON29", "LEON-" .. string.format("%d", 2026) } },
      consent_levels = { 1, 3 },
      hire_date_required = true,
      local_income_ceiling = 42000,
      pseec_rights_left = 7,
    })");
  ASSERT_TRUE(policy.ok()) << policy.error().title;
  const sdk::Company company{};
  auto rules = policy.value()->rules(company);
  EXPECT_EQ(rules->consent_levels, (std::vector<int>{1, 3}));
  EXPECT_EQ(rules->local_income_ceiling.value_or(0), 42000);
  EXPECT_TRUE(policy.value()->check_employment(company, {"LEON-2026", "", "2020-01-01"})->accepted);
  EXPECT_EQ(policy.value()->check_employment(company, {"LEON-2026", "", ""})->code,
            "hire_date_required");
  EXPECT_EQ(policy.value()->check_employment(company, {"", "", ""})->code, "access_code_required");
  EXPECT_EQ(policy.value()->pseec_rights_left(company)->value_or(0), 7);
}

TEST(LuaCompanyPolicy, RefusesBadFilesWithTheReason) {
  EXPECT_EQ(plugins::LuaCompanyPolicy::from_source("x", "policy = 1").error().code, "no_policy");
  EXPECT_EQ(plugins::LuaCompanyPolicy::from_source("x", "policy = {}").error().code, "no_version");
  EXPECT_EQ(
      plugins::LuaCompanyPolicy::from_source("x", "policy = {version='1', consent_levels={4}}")
          .error()
          .code,
      "bad_consent_level");
  EXPECT_EQ(plugins::LuaCompanyPolicy::from_source(
                "x", "policy = {version='1', access_code={required=true}}")
                .error()
                .code,
            "no_codes");
  // The sandbox: no io or os, no loading, an instruction budget, a syntax error named.
  EXPECT_EQ(plugins::LuaCompanyPolicy::from_source("x", "io.open('/etc/passwd')").error().code,
            "lua_error");
  EXPECT_EQ(plugins::LuaCompanyPolicy::from_source("x", "os.exit(1)").error().code, "lua_error");
  EXPECT_EQ(plugins::LuaCompanyPolicy::from_source("x", "load('x=1')()").error().code, "lua_error");
  auto looping = plugins::LuaCompanyPolicy::from_source("x", "while true do end");
  EXPECT_NE(looping.error().title.find("instruction budget"), std::string::npos)
      << looping.error().title;
  auto syntax = plugins::LuaCompanyPolicy::from_source("x", "policy = {");
  EXPECT_NE(syntax.error().title.find("companies/x.lua"), std::string::npos)
      << syntax.error().title;
  auto memory =
      plugins::LuaCompanyPolicy::from_source("x", "local t = {} for i = 1, 1e7 do t[i] = i end");
  EXPECT_FALSE(memory.ok());
}

TEST(UniqueNumber, ParsesBothFormsAndNamesTheFault) {
  auto idf = requests::parse_unique_number("1111023517879GDPUB");
  ASSERT_TRUE(idf.number);
  EXPECT_TRUE(idf.number->ile_de_france);
  EXPECT_EQ(idf.number->month, 10);
  EXPECT_EQ(idf.number->year, 2023);
  EXPECT_EQ(idf.number->sequence, "517879");
  EXPECT_EQ(idf.number->office, "GDPUB");
  auto nord = requests::parse_unique_number("0590423808575GDPUB");
  ASSERT_TRUE(nord.number);
  EXPECT_EQ(nord.number->department, "59");
  auto g = requests::parse_unique_number("1110318016982G1104");
  ASSERT_TRUE(g.number);
  EXPECT_EQ(g.number->office, "G1104");
  auto short_form = requests::parse_unique_number("110920621114ACLOG");
  ASSERT_TRUE(short_form.number);
  EXPECT_TRUE(short_form.number->ile_de_france);
  EXPECT_EQ(short_form.number->month, 9);
  EXPECT_TRUE(requests::parse_unique_number("11072002043961175").number);
  auto corsica = requests::parse_unique_number("02A0124000001GDPUB");
  ASSERT_TRUE(corsica.number);
  EXPECT_EQ(corsica.number->department, "2A");
  auto reunion = requests::parse_unique_number("9740124000001GDPUB");
  ASSERT_TRUE(reunion.number);
  EXPECT_EQ(reunion.number->department, "974");
  EXPECT_EQ(requests::parse_unique_number("1111323517879GDPUB").error->code, "bad_month");
  EXPECT_EQ(requests::parse_unique_number("1110023517879GDPUB").error->code, "bad_month");
  EXPECT_EQ(requests::parse_unique_number("0961023517879GDPUB").error->code, "bad_territory");
  EXPECT_EQ(requests::parse_unique_number("9751023517879GDPUB").error->code, "bad_territory");
  EXPECT_EQ(requests::parse_unique_number("").error->code, "wrong_length");
  EXPECT_EQ(requests::parse_unique_number("1111023517879GD_UB").error->code, "bad_office");
  EXPECT_EQ(requests::parse_unique_number(std::string(1000, '1')).error->code, "wrong_length");
}

}  // namespace
