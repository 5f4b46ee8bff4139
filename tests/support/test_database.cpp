#include "support/test_database.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "alin/util/crypto.hpp"

namespace alin::testing {

std::string to_string(TestBackend backend) {
  return backend == TestBackend::sqlite ? "sqlite" : "postgresql";
}

namespace {
std::string unique_suffix() {
  std::string id = crypto::random_token(9);
  for (char& c : id) c = std::isalnum(static_cast<unsigned char>(c)) ? std::tolower(c) : 'x';
  return id;
}
}  // namespace

std::unique_ptr<TestDatabase> TestDatabase::create(TestBackend backend) {
  crypto::initialise();
  auto db = std::unique_ptr<TestDatabase>(new TestDatabase());
  db->backend_ = backend;
  if (backend == TestBackend::sqlite) {
    const auto file =
        std::filesystem::temp_directory_path() / ("alin-test-" + unique_suffix() + ".db");
    db->cleanup_ = file.string();
    db->connection_ = "sqlite3://db=" + file.string();
    return db;
  }
  const char* base = std::getenv("ALIN_TEST_POSTGRES");
  if (base == nullptr || *base == '\0') {
    const char* required = std::getenv("ALIN_REQUIRE_POSTGRES");
    if (required != nullptr && std::string(required) == "1") {
      ADD_FAILURE() << "ALIN_REQUIRE_POSTGRES=1 but ALIN_TEST_POSTGRES is not set";
    }
    return nullptr;
  }
  // ALIN_TEST_POSTGRES names a maintenance database; each test gets its own database beside it.
  const std::string name = "alin_test_" + unique_suffix();
  {
    store::DatabaseOptions admin{base, 1};
    store::Database server(admin);
    server.read([&](soci::session& sql) { sql << "CREATE DATABASE " + name; });
  }
  db->cleanup_ = name;
  db->connection_ =
      std::regex_replace(std::string(base), std::regex("dbname=[^ ]+"), "dbname=" + name);
  return db;
}

TestDatabase::~TestDatabase() {
  try {
    if (backend_ == TestBackend::sqlite) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(cleanup_ + suffix);
    } else {
      store::Database server(store::DatabaseOptions{std::getenv("ALIN_TEST_POSTGRES"), 1});
      server.read([&](soci::session& sql) {
        sql << "DROP DATABASE IF EXISTS " + cleanup_ + " WITH (FORCE)";
      });
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "test database cleanup failed: %s\n", e.what());
  }
}

std::unique_ptr<store::Database> TestDatabase::open(std::size_t pool_size) const {
  store::DatabaseOptions options;
  options.connection = connection_;
  options.pool_size = pool_size;
  auto database = std::make_unique<store::Database>(options);
  database->migrate();
  return database;
}

TempDir::TempDir() {
  path_ = (std::filesystem::temp_directory_path() / ("alin-test-" + unique_suffix())).string();
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace alin::testing
