// The store against real SQLite files and a real PostgreSQL server.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "alin/store/database.hpp"
#include "alin/store/prepared.hpp"
#include "support/test_database.hpp"

using namespace alin;
using alin::testing::TestBackend;
using alin::testing::TestDatabase;

class StoreTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << "PostgreSQL not configured (ALIN_TEST_POSTGRES)";
    db_ = test_db_->open();
  }
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(StoreTest, MigrationsApplyOnceAndAreRecorded) {
  // What the source tree holds for this backend, read independently of the embedding: every
  // NNNN_name.sql, and NNNN_name.<backend>.sql for this one only.
  const std::string backend = GetParam() == TestBackend::sqlite ? "sqlite" : "postgresql";
  int files = 0, newest = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(ALIN_SOURCE_DIR) + "/kernel/migrations")) {
    if (entry.path().extension() != ".sql") continue;
    const std::string name = entry.path().filename().string();
    const auto first_dot = name.find('.');
    const std::string kind = name.substr(first_dot, name.size() - first_dot - 4);  // ".sqlite"
    if (!kind.empty() && kind != "." + backend) continue;
    ++files;
    newest = std::max(newest, std::stoi(name.substr(0, 4)));
  }
  EXPECT_EQ(db_->schema_version(), newest);
  EXPECT_EQ(db_->migrate(), 0) << "a second run must apply nothing";
  int recorded = 0;
  db_->read([&](soci::session& sql) {
    sql << "SELECT COUNT(*) FROM schema_migrations", soci::into(recorded);
  });
  EXPECT_EQ(recorded, files);
}

TEST_P(StoreTest, RefusedResultRollsBackTheWholeTransaction) {
  auto result = db_->write([](soci::session& sql) -> Result<int> {
    sql << "INSERT INTO organisations (id, kind, name, created_at) VALUES ('o1', 'landlord', 'X', "
           "1)";
    return Error::invalid("refused", "Refusé");
  });
  ASSERT_FALSE(result.ok());
  int count = -1;
  db_->read(
      [&](soci::session& sql) { sql << "SELECT COUNT(*) FROM organisations", soci::into(count); });
  EXPECT_EQ(count, 0);
}

TEST_P(StoreTest, ExceptionRollsBackAndPropagates) {
  EXPECT_THROW(db_->write([](soci::session& sql) {
    sql << "INSERT INTO organisations (id, kind, name, created_at) VALUES ('o1', 'landlord', 'X', "
           "1)";
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  int count = -1;
  db_->read(
      [&](soci::session& sql) { sql << "SELECT COUNT(*) FROM organisations", soci::into(count); });
  EXPECT_EQ(count, 0);
}

TEST_P(StoreTest, ForeignKeysAndChecksAreEnforced) {
  EXPECT_THROW(db_->write([](soci::session& sql) {
    sql << "INSERT INTO accounts (id, email, last_name, first_name, role, organisation_id, state,"
           " accepts_data_use, accepts_terms, created_at)"
           " VALUES ('a1', 'x@example.fr', 'N', 'P', 'company', 'missing', 'active', 1, 1, 1)";
  }),
               soci::soci_error);
  EXPECT_THROW(db_->write([](soci::session& sql) {
    sql << "INSERT INTO organisations (id, kind, name, created_at) VALUES ('o1', 'bank', 'X', 1)";
  }),
               soci::soci_error);
}

TEST_P(StoreTest, ConcurrentWritersAllCommit) {
  db_->write([](soci::session& sql) {
    sql << "INSERT INTO organisations (id, kind, name, employees, created_at) VALUES ('o1', "
           "'company', 'X', 0, 1)";
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([this] {
      for (int i = 0; i < 25; ++i) {
        db_->write([](soci::session& sql) {
          sql << "UPDATE organisations SET employees = employees + 1 WHERE id = 'o1'";
        });
      }
    });
  }
  for (auto& w : writers) w.join();
  int employees = 0;
  db_->read([&](soci::session& sql) {
    sql << "SELECT employees FROM organisations WHERE id = 'o1'", soci::into(employees);
  });
  EXPECT_EQ(employees, 100) << "every concurrent writer waits its turn and commits";
}

TEST_P(StoreTest, AWriterWaitsItsTurnNoLongerThanTheBusyTimeout) {
  if (GetParam() != TestBackend::sqlite) GTEST_SKIP() << "PostgreSQL's writers run side by side";
  store::Database db({test_db_->connection(), 2, 200});
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    db.write([&](soci::session& sql) {
      sql << "INSERT INTO organisations (id, kind, name, created_at) VALUES ('o1', 'landlord',"
             " 'X', 1)";
      holding = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(800));
    });
  });
  while (!holding) std::this_thread::yield();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(db.write([](soci::session& sql) {
    sql << "INSERT INTO organisations (id, kind, name, created_at) VALUES ('o2', 'landlord',"
           " 'Y', 1)";
  }),
               soci::soci_error)
      << "the other writer holds the database longer than the busy timeout";
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  EXPECT_LT(waited, std::chrono::milliseconds(750)) << "not until the holder is done";
  holder.join();
  // The turn is free again, and the first writer's row committed.
  db.write([](soci::session& sql) {
    sql << "INSERT INTO organisations (id, kind, name, created_at) VALUES ('o3', 'landlord', 'Z',"
           " 1)";
  });
  int count = 0;
  db.read(
      [&](soci::session& sql) { sql << "SELECT COUNT(*) FROM organisations", soci::into(count); });
  EXPECT_EQ(count, 2);
}

namespace {
// A statement of the kind store::prepared caches; counts how often it is prepared.
struct InsertOrganisation final : store::PreparedStatement {
  static inline int prepared_count = 0;
  std::string id;
  soci::statement statement;
  explicit InsertOrganisation(soci::session& sql)
      : statement((sql.prepare << "INSERT INTO organisations (id, kind, name, created_at)"
                                  " VALUES (:id, 'landlord', 'X', 1)",
                   soci::use(id))) {
    ++prepared_count;
  }
};

void insert_organisation(soci::session& sql, const std::string& id) {
  InsertOrganisation& insert = store::prepared<InsertOrganisation>(sql);
  insert.id = id;
  insert.statement.execute(true);
}
}  // namespace

TEST_P(StoreTest, PreparedStatementsAreReusedByLaterTransactionsOfTheirConnection) {
  InsertOrganisation::prepared_count = 0;
  for (int i = 0; i < 5; ++i) {
    db_->write([&](soci::session& sql) { insert_organisation(sql, "o" + std::to_string(i)); });
  }
  int count = 0;
  db_->read(
      [&](soci::session& sql) { sql << "SELECT COUNT(*) FROM organisations", soci::into(count); });
  EXPECT_EQ(count, 5) << "each execution inserts its own values";
  // One thread leases the same free connection each time: prepared once, not five times.
  EXPECT_EQ(InsertOrganisation::prepared_count, 1);
}

TEST_P(StoreTest, AFailedTransactionPreparesItsConnectionsStatementsAfresh) {
  InsertOrganisation::prepared_count = 0;
  db_->write([&](soci::session& sql) { insert_organisation(sql, "o1"); });
  EXPECT_THROW(db_->write([&](soci::session& sql) { insert_organisation(sql, "o1"); }),
               soci::soci_error)
      << "a duplicate key";
  db_->write([&](soci::session& sql) { insert_organisation(sql, "o2"); });
  EXPECT_EQ(InsertOrganisation::prepared_count, 2) << "dropped with the failed transaction";
  int count = 0;
  db_->read(
      [&](soci::session& sql) { sql << "SELECT COUNT(*) FROM organisations", soci::into(count); });
  EXPECT_EQ(count, 2);
}

TEST_P(StoreTest, AFailedTransactionLeavesNoPreparedStatementOnTheServer) {
  if (GetParam() != TestBackend::postgresql) GTEST_SKIP() << "SQLite's statements are its own";
  store::Database db({test_db_->connection(), 1});
  auto server_statements = [&] {
    return db.read([](soci::session& sql) {
      int n = 0;
      sql << "SELECT COUNT(*) FROM pg_prepared_statements", soci::into(n);
      return n;
    });
  };
  db.write([&](soci::session& sql) { insert_organisation(sql, "o1"); });
  EXPECT_EQ(server_statements(), 1) << "kept for the connection's next transactions";
  EXPECT_THROW(db.write([&](soci::session& sql) { insert_organisation(sql, "o1"); }),
               soci::soci_error);
  EXPECT_EQ(server_statements(), 0) << "deallocated after the rollback, not refused before it";
}

TEST_P(StoreTest, PreparedNeedsASessionHeldFromTheDatabase) {
  db_->read([&](soci::session& held) {
    soci::session& other = held;  // the held one works…
    EXPECT_NO_THROW(store::prepared<InsertOrganisation>(other));
  });
  // …but outside any write or read this thread holds no session.
  soci::session* none = nullptr;
  db_->read([&](soci::session& sql) { none = &sql; });
  EXPECT_THROW(store::prepared<InsertOrganisation>(*none), std::logic_error);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& info) { return alin::testing::to_string(info.param); });
