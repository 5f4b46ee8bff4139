#pragma once
// The one database layer: SOCI over SQLite (embedded default) or PostgreSQL (same code, another
// connection string). A pool of sessions; write transactions that roll back on a refused Result.
#include <soci/soci.h>

#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>

#include "alin/util/error.hpp"

namespace alin::store {

enum class Backend { sqlite, postgresql };

struct DatabaseOptions {
  // "sqlite3://db=PATH" or "postgresql://dbname=… host=… port=…" (SOCI connection strings).
  std::string connection = "sqlite3://db=alin.db";
  std::size_t pool_size = 8;
  int busy_timeout_ms = 5000;  // SQLite: how long a writer waits for the lock
};

class Database {
 public:
  // Opens the pool; throws std::runtime_error naming the connection string's fault.
  explicit Database(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }
  soci::connection_pool& pool() { return *pool_; }

  // Applies every embedded migration newer than the schema's version, each in its transaction.
  // Returns how many were applied.
  int migrate();
  int schema_version();

  // Runs fn(session) in one write transaction. It commits when fn returns normally, unless fn
  // returns a Result that holds an error: then, as on an exception, nothing is stored.
  template <typename Fn>
  auto write(Fn&& fn) -> std::invoke_result_t<Fn, soci::session&> {
    soci::session sql(*pool_);
    begin_write(sql);
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<Fn, soci::session&>>) {
        fn(sql);
        sql << "COMMIT";
      } else {
        auto result = fn(sql);
        if constexpr (requires { result.ok(); }) {
          if (!result.ok()) {
            sql << "ROLLBACK";
            return result;
          }
        }
        sql << "COMMIT";
        return result;
      }
    } catch (...) {
      rollback_quietly(sql);
      throw;
    }
  }

  // Runs fn(session) on a pooled session outside any explicit transaction.
  template <typename Fn>
  auto read(Fn&& fn) -> std::invoke_result_t<Fn, soci::session&> {
    soci::session sql(*pool_);
    return fn(sql);
  }

 private:
  void begin_write(soci::session& sql);
  static void rollback_quietly(soci::session& sql);
  void configure(soci::session& sql);

  Backend backend_;
  DatabaseOptions options_;
  std::unique_ptr<soci::connection_pool> pool_;
};

// Splits "backend://parameters"; throws std::invalid_argument for an unknown backend.
struct ConnectionString {
  Backend backend;
  std::string parameters;
  static ConnectionString parse(const std::string& text);
};

}  // namespace alin::store
