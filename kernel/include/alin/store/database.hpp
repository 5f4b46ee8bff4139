#pragma once
// The one database layer: SOCI over SQLite (embedded default) or PostgreSQL (same code, another
// connection string). A pool of sessions; write transactions that roll back on a refused Result.
#include <soci/soci.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "alin/store/prepared.hpp"
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
    WriterTurn turn(*this);
    Held held(*this);
    soci::session& sql = held.session();
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
      // Rolled back first: PostgreSQL refuses the statements' DEALLOCATE in an aborted
      // transaction, and would keep them for the connection's life.
      rollback_quietly(sql);
      held.forget_statements();
      throw;
    }
  }

  // Runs fn(session) on a pooled session outside any explicit transaction.
  template <typename Fn>
  auto read(Fn&& fn) -> std::invoke_result_t<Fn, soci::session&> {
    Held held(*this);
    try {
      return fn(held.session());
    } catch (...) {
      held.forget_statements();
      throw;
    }
  }

 private:
  // A connection leased from the pool for one call, made this thread's held session (see
  // store::prepared) until it goes back.
  class Held {
   public:
    explicit Held(Database& database);
    ~Held();
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;
    soci::session& session() { return database_.pool_->at(position_); }
    void forget_statements() { database_.statements_[position_].clear(); }

   private:
    Database& database_;
    std::size_t position_;
    detail::HeldSession previous_;
  };

  // SQLite has one writer at a time: this process's writers take their turn here, woken as the
  // previous one commits, instead of polling the file lock in SQLite's busy handler (sleeps of
  // up to milliseconds while the lock is free). Waits as long as the busy timeout, then throws.
  class WriterTurn {
   public:
    explicit WriterTurn(Database& database);
    ~WriterTurn();
    WriterTurn(const WriterTurn&) = delete;
    WriterTurn& operator=(const WriterTurn&) = delete;

   private:
    std::timed_mutex* taken_ = nullptr;
  };

  void begin_write(soci::session& sql);
  static void rollback_quietly(soci::session& sql);
  void configure(soci::session& sql);

  Backend backend_;
  DatabaseOptions options_;
  std::unique_ptr<soci::connection_pool> pool_;
  // One per pooled connection, by position; declared after the pool so it is destroyed first.
  std::vector<SessionStatements> statements_;
  std::timed_mutex writer_;  // SQLite only, see WriterTurn
};

// Splits "backend://parameters"; throws std::invalid_argument for an unknown backend.
struct ConnectionString {
  Backend backend;
  std::string parameters;
  static ConnectionString parse(const std::string& text);
};

}  // namespace alin::store
