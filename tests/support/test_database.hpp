#pragma once
// Fresh databases for tests: a temporary SQLite file, or a new database on the PostgreSQL server
// the test script started (its connection string in ALIN_TEST_POSTGRES).
#include <memory>
#include <string>

#include "alin/store/database.hpp"

namespace alin::testing {

enum class TestBackend { sqlite, postgresql };
std::string to_string(TestBackend backend);

class TestDatabase {
 public:
  // Skips the current test (GTEST_SKIP) when PostgreSQL is asked for but not configured, unless
  // ALIN_REQUIRE_POSTGRES=1, in which case that is a failure.
  static std::unique_ptr<TestDatabase> create(TestBackend backend);
  ~TestDatabase();

  const std::string& connection() const { return connection_; }
  // A migrated Database over this test database.
  std::unique_ptr<store::Database> open(std::size_t pool_size = 4) const;

 private:
  TestBackend backend_;
  std::string connection_;
  std::string cleanup_;  // the file or database to remove
};

// A fresh empty directory under the system temporary folder, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace alin::testing
