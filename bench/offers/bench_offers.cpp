// The applicant offers at national size (issue 6, docs/PERFORMANCE.md "Applicant offers").
//
//   bench_offers generate DB REQUESTS OFFERS   a SQLite file: REQUESTS active requests and OFFERS
//                                             published offers on the real communes, each
//                                             department weighted by its population
//   bench_offers attach DB EMAIL              gives the account EMAIL an active request in Paris
//                                             (11e, 20e), every document in date
//   bench_offers count DB                      the eligible-applicant count of offers of the
//                                             largest departments: cold (loading the households)
//                                             and warm (the rules over the cached set)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "alin/geo/geography.hpp"
#include "alin/offers/applicant_offers.hpp"
#include "alin/offers/offer_service.hpp"
#include "alin/rules/rule_engine.hpp"
#include "alin/store/database.hpp"
#include "alin/util/crypto.hpp"

using namespace alin;

namespace {

const std::string kSource = ALIN_SOURCE_DIR;

std::unique_ptr<store::Database> open(const std::string& path) {
  store::DatabaseOptions options;
  options.connection = "sqlite3://db=" + path;
  options.pool_size = 2;
  auto db = std::make_unique<store::Database>(options);
  db->migrate();
  return db;
}

// Communes of the mainland and overseas, drawn in proportion to their population.
struct Towns {
  std::vector<const geo::Commune*> all;
  std::discrete_distribution<std::size_t> pick;
};

Towns towns_of(const geo::Geography& geography) {
  Towns towns;
  std::vector<double> weights;
  for (int d = 1; d <= 976; ++d) {
    char code[4];
    std::snprintf(code, sizeof code, d < 100 ? "%02d" : "%03d", d);
    for (const std::string& department :
         d == 20 ? std::vector<std::string>{"2A", "2B"} : std::vector<std::string>{code}) {
      for (const geo::Commune* c : geography.in_department(department)) {
        if (c->insee == "75056") continue;  // Paris lives in its arrondissements
        towns.all.push_back(c);
        weights.push_back(static_cast<double>(std::max(c->population, 1L)));
      }
    }
  }
  towns.pick = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
  return towns;
}

int generate(const std::string& path, long requests, long offers) {
  std::remove(path.c_str());
  auto db = open(path);
  const auto geography = geo::Geography::load(kSource + "/rules/data/communes");
  Towns towns = towns_of(*geography);
  std::mt19937_64 random(20261122);
  const auto started = std::chrono::steady_clock::now();
  db->write([&](soci::session& sql) {
    sql << "INSERT INTO organisations (id, kind, name, plugin, created_at)"
           " VALUES ('bench-landlord', 'landlord', 'Bailleur national', 'generic', 0)";
    sql << "INSERT INTO organisations (id, kind, name, siret, employees, sector, contribution,"
           " created_at) VALUES ('bench-company', 'company', 'Grande Entreprise', '41234567800004',"
           " 5000, 'non_agricultural', 'PEEC', 0)";
  });
  const char* kinds[] = {"classic", "classic", "classic", "classic", "shortTermType"};
  const char* financings[] = {"PLAI", "PLUS", "PLUS", "PLUS", "PLS"};
  for (long done = 0; done < offers;) {
    const long batch = std::min(10000L, offers - done);
    db->write([&](soci::session& sql) {
      std::vector<std::string> id(batch), programme(batch), reference(batch), kind(batch),
          financing(batch), housing(batch), commune(batch), department(batch), address(batch),
          available(batch), deadline(batch);
      std::vector<int> typology(batch), surface(batch), rent(batch), charges(batch);
      std::vector<double> lat(batch), lon(batch);
      for (long i = 0; i < batch; ++i) {
        const geo::Commune& town = *towns.all[towns.pick(random)];
        const long n = done + i;
        id[i] = "offer-" + std::to_string(n);
        programme[i] = "Programme " + std::to_string(n / 4);
        reference[i] = "NAT-" + std::to_string(n);
        kind[i] = kinds[n % 5];
        financing[i] = financings[(n / 5) % 5];
        typology[i] = 1 + static_cast<int>(random() % 5);
        housing[i] = random() % 5 == 0 ? "house" : "flat";
        surface[i] = 18 + typology[i] * 14;
        rent[i] = surface[i] * (town.region == "11" ? 10 : 7);
        charges[i] = surface[i] * 3 / 2;
        commune[i] = town.insee;
        department[i] = town.department;
        address[i] = "1 rue de la République";
        lat[i] = town.lat;
        lon[i] = town.lon;
        available[i] = "2027-01-01";
        deadline[i] = "2099-12-31";
      }
      sql << "INSERT INTO offers (id, landlord_id, programme, reference, kind, financing, typology,"
             " housing, surface, rent, charges, commune, department, address, lat, lon,"
             " reduced_mobility, available_from, deadline, showcase, state, created_at)"
             " VALUES (:id, 'bench-landlord', :p, :r, :k, :f, :t, :h, :s, :rent, :c, :commune,"
             " :d, :a, :lat, :lon, 0, :av, :dl, 0, 'published', 0)",
          soci::use(id), soci::use(programme), soci::use(reference), soci::use(kind),
          soci::use(financing), soci::use(typology), soci::use(housing), soci::use(surface),
          soci::use(rent), soci::use(charges), soci::use(commune), soci::use(department),
          soci::use(address), soci::use(lat), soci::use(lon), soci::use(available),
          soci::use(deadline);
    });
    done += batch;
  }
  const char* couples[] = {"none", "married", "pacs", "cohabiting"};
  for (long done = 0; done < requests;) {
    const long batch = std::min(50000L, requests - done);
    db->write([&](soci::session& sql) {
      std::vector<std::string> account(batch), email(batch), request(batch), number(batch),
          department(batch), couple(batch), m_request, m_role, m_birth;
      std::vector<long long> income(batch), resources(batch);
      std::vector<int> m_position;
      std::vector<std::string> e_request;
      for (long i = 0; i < batch; ++i) {
        const long n = done + i;
        const geo::Commune& town = *towns.all[towns.pick(random)];
        account[i] = "acc-" + std::to_string(n);
        email[i] = "a" + std::to_string(n) + "@bench.alin";
        request[i] = "req-" + std::to_string(n);
        number[i] = "NUR" + std::to_string(n);
        department[i] = town.department;
        const int persons = 1 + static_cast<int>(random() % 5);
        const bool pair = persons >= 2 && random() % 3 != 0;
        couple[i] = pair ? couples[1 + random() % 3] : couples[0];
        income[i] = 9000 + static_cast<long long>(random() % 9000) * persons;
        resources[i] = 900 + static_cast<long long>(random() % 1200) * persons;
        for (int p = 0; p < persons; ++p) {
          m_request.push_back(request[i]);
          m_position.push_back(p);
          m_role.push_back(p == 0 ? "applicant" : (p == 1 && pair) ? "coApplicant" : "dependant");
          m_birth.push_back(p < 2 ? std::to_string(1960 + random() % 40) + "-05-14"
                                  : std::to_string(2008 + random() % 17) + "-09-01");
        }
        if (random() % 2 == 0) e_request.push_back(request[i]);
      }
      sql << "INSERT INTO accounts (id, email, last_name, first_name, role, state,"
             " accepts_data_use, accepts_terms, created_at)"
             " VALUES (:id, :e, 'Bench', 'Applicant', 'applicant', 'active', 1, 1, 0)",
          soci::use(account), soci::use(email);
      sql << "INSERT INTO housing_requests (id, account_id, unique_number, department, state,"
             " couple_status, tax_income_n2, monthly_resources, imported_at, last_activity_at)"
             " VALUES (:id, :a, :n, :d, 'active', :c, :i, :r, 0, 0)",
          soci::use(request), soci::use(account), soci::use(number), soci::use(department),
          soci::use(couple), soci::use(income), soci::use(resources);
      sql << "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
             " birth_date) VALUES (:r, :p, :role, 'Bench', 'Member', :b)",
          soci::use(m_request), soci::use(m_position), soci::use(m_role), soci::use(m_birth);
      sql << "INSERT INTO employments (request_id, employer_name, employer_siret, company_id,"
             " attach_to) VALUES (:r, 'Grande Entreprise', '41234567800004', 'bench-company',"
             " 'applicant')",
          soci::use(e_request);
    });
    done += batch;
    std::fprintf(stderr, "\r%ld requests", done);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "\ngenerated %ld requests and %ld offers in %.0f s\n", requests, offers,
               seconds);
  return 0;
}

int attach(const std::string& path, const std::string& email) {
  auto db = open(path);
  return db->write([&](soci::session& sql) {
    std::string account;
    sql << "SELECT id FROM accounts WHERE email = :e", soci::use(email), soci::into(account);
    if (account.empty()) {
      std::fprintf(stderr, "no account %s\n", email.c_str());
      return 1;
    }
    // Failed logins of an interrupted earlier run would rate-limit this one (a bench file).
    sql << "DELETE FROM login_failures";
    const std::string request = "req-bench-" + account;
    int existing = 0;
    sql << "SELECT COUNT(*) FROM housing_requests WHERE id = :id", soci::use(request),
        soci::into(existing);
    if (existing > 0) {  // attached by an earlier run on this file
      sql << "UPDATE housing_requests SET state = 'active' WHERE id = :id", soci::use(request);
      return 0;
    }
    sql << "INSERT INTO housing_requests (id, account_id, unique_number, department, state,"
           " couple_status, tax_income_n2, monthly_resources, imported_at, last_activity_at)"
           " VALUES (:id, :a, '1111023517879GDPUB', '75', 'active', 'pacs', 30000, 3500, 0, 0)",
        soci::use(request), soci::use(account);
    sql << "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
           " birth_date) VALUES (:r, 0, 'applicant', 'Martin', 'Camille', '1991-04-17')",
        soci::use(request);
    sql << "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
           " birth_date) VALUES (:r, 1, 'coApplicant', 'Nguyen', 'Thomas', '1989-11-02')",
        soci::use(request);
    sql << "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
           " birth_date) VALUES (:r, 2, 'dependant', 'Nguyen', 'Lina', '2019-06-30')",
        soci::use(request);
    for (const char* insee : {"75111", "75120"}) {
      const std::string town = insee;
      const int position = town == "75111" ? 0 : 1;
      sql << "INSERT INTO wanted_communes (request_id, position, insee) VALUES (:r, :p, :i)",
          soci::use(request), soci::use(position), soci::use(town);
    }
    sql << "INSERT INTO employments (request_id, employer_name, employer_siret, company_id,"
           " attach_to) VALUES (:r, 'Grande Entreprise', '41234567800004', 'bench-company',"
           " 'applicant')",
        soci::use(request);
    for (const char* kind : {"identity", "resources", "tax_notice"}) {
      const std::string k = kind;
      sql << "INSERT INTO supporting_documents (request_id, kind, category, socle, confirmed_at,"
             " valid_until) VALUES (:r, :k, :k2, 1, 0, '2099-12-31')",
          soci::use(request), soci::use(k), soci::use(k);
    }
    std::printf("%s\n", request.c_str());
    return 0;
  });
}

int count(const std::string& path) {
  auto db = open(path);
  SystemClock clock;
  auto rules = rules::RuleEngine::open({kSource + "/rules", {}});
  if (!rules) {
    std::fprintf(stderr, "rules: %s\n", rules.error().title.c_str());
    return 1;
  }
  const auto geography = geo::Geography::load(kSource + "/rules/data/communes");
  offers::OfferService offers(*db, clock, geography);
  offers::ApplicantOffers applicant(*db, clock, *rules.value(), geography, offers, nullptr, 3600);
  std::printf(
      "| department | active requests | eligible for its first offer | cold (load + rules)"
      " ms | warm (rules) median ms | warm max ms |\n|---|---:|---:|---:|---:|---:|\n");
  for (const char* department : {"75", "59", "13", "93", "29"}) {
    int requests = 0;
    const std::string code = department;
    db->read([&](soci::session& sql) {
      sql << "SELECT COUNT(*) FROM housing_requests WHERE department = :d AND state = 'active'",
          soci::use(code), soci::into(requests);
    });
    const auto published = offers.published_in(department, "2026-11-22");
    if (published.empty()) continue;
    // The count is cached per offer: each warm run counts another offer over the cached set.
    auto timed = [&](const offers::Offer& offer) {
      const auto t0 = std::chrono::steady_clock::now();
      auto n = applicant.eligible_applicants(offer);
      if (!n)
        std::fprintf(stderr, "offer %s (%s): %s\n", offer.id.c_str(), offer.kind.c_str(),
                     n.error().title.c_str());
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      return std::make_pair(n ? n.value() : -1, ms);
    };
    const auto [eligible, cold] = timed(published[0]);
    std::vector<double> warm;
    for (std::size_t i = 1; i < published.size() && warm.size() < 21; ++i) {
      warm.push_back(timed(published[i]).second);
    }
    std::sort(warm.begin(), warm.end());
    std::printf("| %s | %d | %d | %.0f | %.1f | %.1f |\n", department, requests, eligible, cold,
                warm[warm.size() / 2], warm.back());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 4 && args[0] == "generate") {
    return generate(args[1], std::stol(args[2]), std::stol(args[3]));
  }
  if (args.size() == 3 && args[0] == "attach") return attach(args[1], args[2]);
  if (args.size() == 2 && args[0] == "count") return count(args[1]);
  std::fprintf(stderr,
               "usage: bench_offers generate DB REQUESTS OFFERS | attach DB EMAIL | count DB\n");
  return 2;
}
