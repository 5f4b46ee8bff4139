#pragma once
// Active housing requests written straight into the store, for kernel tests that need many
// applicants without going through import and validations (the API tests take the real path:
// tests/api/applicant_offers_api_test.cpp). The rows are those an imported, completed, submitted
// and twice-validated request has: the request in state 'active', its household, its wanted towns,
// its employment with a partner company and every document confirmed and in date.
#include <string>
#include <tuple>
#include <vector>

#include "alin/store/database.hpp"
#include "alin/util/crypto.hpp"

namespace alin::testing {

struct ActiveRequestRows {
  std::string name;  // the account's names and email local part
  std::string department = "75";
  std::vector<std::string> wanted_communes = {"75111"};
  long long tax_income = 30000;  // N-2, €
  long long monthly_resources = 3500;
  std::string company_id;  // a company organisation's id
  std::string state = "active";
};

struct InsertedRequest {
  std::string account_id, request_id;
};

// A couple and a child (a T2 to T4), married, with the given income and towns.
inline InsertedRequest insert_active_request(store::Database& db, long long now,
                                             const ActiveRequestRows& rows) {
  InsertedRequest ids{crypto::new_id(), crypto::new_id()};
  const std::string email = rows.name + "@example.fr";
  // A number unique per request: the id's digits are enough for a test.
  std::string number = "1111023";
  for (const char c : ids.request_id) {
    if (number.size() < 13 && c >= '0' && c <= '9') number += c;
  }
  while (number.size() < 13) number += '0';
  number += "GDPUB";
  db.write([&](soci::session& sql) {
    sql << "INSERT INTO accounts (id, email, last_name, first_name, role, state,"
           " accepts_data_use, accepts_terms, created_at)"
           " VALUES (:id, :e, :l, :f, 'applicant', 'active', 1, 1, 1)",
        soci::use(ids.account_id), soci::use(email), soci::use(rows.name), soci::use(rows.name);
    sql << "INSERT INTO housing_requests (id, account_id, unique_number, department, state,"
           " couple_status, tax_income_n2, monthly_resources, imported_at, last_activity_at)"
           " VALUES (:id, :a, :n, :d, :s, 'married', :inc, :res, :now, :now2)",
        soci::use(ids.request_id), soci::use(ids.account_id), soci::use(number),
        soci::use(rows.department), soci::use(rows.state), soci::use(rows.tax_income),
        soci::use(rows.monthly_resources), soci::use(now), soci::use(now);
    for (const auto& [position, role, first, birth] :
         std::vector<std::tuple<int, std::string, std::string, std::string>>{
             {0, "applicant", rows.name, "1988-01-02"},
             {1, "coApplicant", "Sam", "1989-03-04"},
             {2, "dependant", "Lou", "2018-05-06"}}) {
      sql << "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
             " birth_date) VALUES (:r, :p, :role, :l, :f, :b)",
          soci::use(ids.request_id), soci::use(position), soci::use(role), soci::use(rows.name),
          soci::use(first), soci::use(birth);
    }
    for (std::size_t i = 0; i < rows.wanted_communes.size(); ++i) {
      const int position = static_cast<int>(i);
      sql << "INSERT INTO wanted_communes (request_id, position, insee) VALUES (:r, :p, :i)",
          soci::use(ids.request_id), soci::use(position), soci::use(rows.wanted_communes[i]);
    }
    if (!rows.company_id.empty()) {
      sql << "INSERT INTO employments (request_id, employer_name, employer_siret, company_id,"
             " attach_to) VALUES (:r, 'Acme Industrie', :s, :c, 'applicant')",
          soci::use(ids.request_id), soci::use(rows.company_id), soci::use(rows.company_id);
    }
    for (const auto& [kind, socle] : std::vector<std::pair<std::string, int>>{
             {"identity", 1}, {"resources", 1}, {"tax_notice", 1}, {"motive", 0}}) {
      sql << "INSERT INTO supporting_documents (request_id, kind, category, socle, confirmed_at,"
             " valid_until) VALUES (:r, :k, :c, :s, :now, '2099-12-31')",
          soci::use(ids.request_id), soci::use(kind), soci::use(kind), soci::use(socle),
          soci::use(now);
    }
  });
  return ids;
}

// A partner company (PEEC, 250 employees), for the employments above.
inline std::string insert_company(store::Database& db, const std::string& name) {
  const std::string id = crypto::new_id();
  db.write([&](soci::session& sql) {
    sql << "INSERT INTO organisations (id, kind, name, siret, employees, sector, contribution,"
           " created_at) VALUES (:id, 'company', :n, :s, 250, 'non_agricultural', 'PEEC', 1)",
        soci::use(id), soci::use(name), soci::use(id);
  });
  return id;
}

}  // namespace alin::testing
