// What keeps the request details cache right (alin/requests/request_details_cache.hpp), on real
// SQLite and PostgreSQL: the triggers of migrations 0015 and 0016 move a request's
// details_revision at every write to the rows hanging from it — whoever writes them, here plain
// SQL as another host or a hand-typed fix would — and a read through the cache then returns what
// a read without it returns.
#include "alin/requests/request_details_cache.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "alin/requests/active_request.hpp"
#include "support/active_requests.hpp"
#include "support/test_database.hpp"

using namespace alin;
using alin::testing::TestBackend;
using alin::testing::TestDatabase;

namespace {

// Every detail a read gives, in one comparable text.
std::string described(const requests::HousingRequest& q) {
  std::ostringstream out;
  out << "state " << q.state << "\n";
  for (const auto& m : q.members) {
    out << "member " << m.role << ' ' << m.title << ' ' << m.last_name << ' ' << m.first_name << ' '
        << m.birth_date << ' ' << m.disabled << "\n";
  }
  for (const auto& insee : q.wanted_communes) out << "town " << insee << "\n";
  if (q.employment) {
    const auto& e = *q.employment;
    out << "employment " << e.employer_name << ' ' << e.company_id << ' ' << e.company_name << ' '
        << e.company_code << ' ' << e.employee_number << ' ' << e.attach_to << "\n";
  }
  if (q.consent_level) out << "consent " << *q.consent_level << "\n";
  for (const auto& d : q.documents) {
    out << "document " << d.kind << ' ' << d.confirmed_at.value_or(-1) << ' ' << d.valid_until
        << "\n";
  }
  return out.str();
}

class RequestDetailsCacheTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    db_ = test_db_->open(2);
    company_ = alin::testing::insert_company(*db_, "Acme Industrie");
    alin::testing::ActiveRequestRows rows;
    rows.name = "lea";
    rows.company_id = company_;
    ids_ = alin::testing::insert_active_request(*db_, 1'700'000'000, rows);
  }

  std::string read(requests::RequestDetailsCache* cache) {
    return db_->read([&](soci::session& sql) {
      auto q = requests::load_request_of(sql, ids_.account_id, cache);
      return q ? described(*q) : std::string("none");
    });
  }
  long long revision() {
    return db_->read([&](soci::session& sql) {
      long long r = -1;
      sql << "SELECT details_revision FROM housing_requests WHERE id = :id",
          soci::use(ids_.request_id), soci::into(r);
      return r;
    });
  }
  void run(const std::string& statement) {
    db_->write([&](soci::session& sql) { sql << statement, soci::use(ids_.request_id, "r"); });
  }

  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
  std::string company_;
  alin::testing::InsertedRequest ids_;
};

TEST_P(RequestDetailsCacheTest, EveryWriteToARowOfTheRequestMovesItsRevision) {
  struct Write {
    const char* what;
    std::string sql;
  };
  const std::vector<Write> writes = {
      {"a member added",
       "INSERT INTO household_members (request_id, position, role, last_name, first_name,"
       " birth_date) VALUES (:r, 3, 'dependant', 'lea', 'Noé', '2024-02-03')"},
      {"a member changed",
       "UPDATE household_members SET disabled = 1 WHERE request_id = :r"
       " AND position = 1"},
      {"a member removed", "DELETE FROM household_members WHERE request_id = :r AND position = 3"},
      {"a town added",
       "INSERT INTO wanted_communes (request_id, position, insee) VALUES (:r, 1, '75112')"},
      {"a town changed",
       "UPDATE wanted_communes SET insee = '75120' WHERE request_id = :r AND position = 1"},
      {"a town removed", "DELETE FROM wanted_communes WHERE request_id = :r AND position = 0"},
      {"the employment changed",
       "UPDATE employments SET company_code = 'ACME-7', employee_number = '42'"
       " WHERE request_id = :r"},
      {"a consent given", "INSERT INTO consents (request_id, level, given_at) VALUES (:r, 2, 5)"},
      {"the consent changed", "UPDATE consents SET level = 3 WHERE request_id = :r"},
      {"the consent withdrawn", "DELETE FROM consents WHERE request_id = :r"},
      {"a document expired",
       "UPDATE supporting_documents SET valid_until = '2001-01-01' WHERE request_id = :r"
       " AND kind = 'resources'"},
      {"a document asked for",
       "INSERT INTO supporting_documents (request_id, kind, category, socle)"
       " VALUES (:r, 'family_record', 'identity', 0)"},
      {"a document no longer asked for",
       "DELETE FROM supporting_documents WHERE request_id = :r AND kind = 'motive'"},
      {"the employment removed", "DELETE FROM employments WHERE request_id = :r"},
      {"an employment added",
       "INSERT INTO employments (request_id, employer_name, employer_siret, company_id,"
       " attach_to) VALUES (:r, 'Acme Industrie', 's', '" +
           company_ + "', 'applicant')"},
  };
  requests::RequestDetailsCache cache;
  ASSERT_EQ(read(&cache), read(nullptr));
  for (const Write& write : writes) {
    const long long before = revision();
    const std::string kept = read(&cache);
    run(write.sql);
    EXPECT_GT(revision(), before) << write.what;
    const std::string now = read(nullptr);
    EXPECT_NE(now, kept) << write.what << ": the write changes what a read gives";
    EXPECT_EQ(read(&cache), now) << write.what;
  }
}

TEST_P(RequestDetailsCacheTest, TheEmployerRenamedMovesTheRevisionOfItsEmployees) {
  requests::RequestDetailsCache cache;
  const std::string before = read(&cache);
  const long long revision_before = revision();
  db_->write([&](soci::session& sql) {
    sql << "UPDATE organisations SET employees = 300 WHERE id = :id", soci::use(company_);
  });
  EXPECT_EQ(revision(), revision_before) << "a column the request does not show";
  db_->write([&](soci::session& sql) {
    sql << "UPDATE organisations SET name = 'Acme Groupe' WHERE id = :id", soci::use(company_);
  });
  EXPECT_GT(revision(), revision_before);
  const std::string after = read(&cache);
  EXPECT_NE(after, before);
  EXPECT_NE(after.find("Acme Groupe"), std::string::npos) << after;
  EXPECT_EQ(after, read(nullptr));
}

TEST_P(RequestDetailsCacheTest, TheRequestsOwnRowIsReadFreshAndItsDetailsKept) {
  requests::RequestDetailsCache cache;
  (void)read(&cache);
  const long long kept = revision();
  EXPECT_NE(cache.find(ids_.request_id, kept), nullptr);
  // The request's own columns are read at every call: a state change is seen at once, and moves
  // no revision (the workflow writes it at each step).
  run("UPDATE housing_requests SET state = 'suspended' WHERE id = :r");
  EXPECT_EQ(revision(), kept);
  const std::string suspended = read(&cache);
  EXPECT_NE(suspended.find("state suspended"), std::string::npos) << suspended;
  EXPECT_EQ(suspended, read(nullptr));
}

TEST_P(RequestDetailsCacheTest, ARolledBackWriteLeavesTheRevisionAsItWas) {
  requests::RequestDetailsCache cache;
  const std::string kept = read(&cache);
  const long long before = revision();
  EXPECT_THROW(db_->write([&](soci::session& sql) {
    sql << "DELETE FROM wanted_communes WHERE request_id = :r", soci::use(ids_.request_id);
    throw std::runtime_error("refused");
  }),
               std::runtime_error);
  EXPECT_EQ(revision(), before);
  EXPECT_EQ(read(&cache), kept);
  EXPECT_EQ(read(nullptr), kept);
}

INSTANTIATE_TEST_SUITE_P(Backends, RequestDetailsCacheTest,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
