#include "alin/store/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <chrono>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "store/migrations.hpp"

namespace alin::store {

ConnectionString ConnectionString::parse(const std::string& text) {
  const auto separator = text.find("://");
  if (separator == std::string::npos) {
    throw std::invalid_argument("database connection '" + text +
                                "' has no backend: write sqlite3://db=PATH or postgresql://…");
  }
  const std::string scheme = text.substr(0, separator);
  const std::string parameters = text.substr(separator + 3);
  if (scheme == "sqlite3" || scheme == "sqlite") return {Backend::sqlite, parameters};
  if (scheme == "postgresql" || scheme == "postgres") return {Backend::postgresql, parameters};
  throw std::invalid_argument("database backend '" + scheme +
                              "' is not supported: use sqlite3 or postgresql");
}

namespace {

// Once per process, before SQLite's first connection (sqlite3_config refuses afterwards): no
// memory statistics. With them, every allocation SQLite makes takes one process-wide mutex, which
// the pool's connections then fight over on every statement; nothing here reads the statistics.
void configure_sqlite_library() {
  static std::once_flag once;
  // soci-sqlite3.h declares SQLite's API in its own namespace.
  std::call_once(once, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Database::Database(const DatabaseOptions& options) : options_(options) {
  const auto connection = ConnectionString::parse(options.connection);
  backend_ = connection.backend;
  if (backend_ == Backend::sqlite) configure_sqlite_library();
  if (options.pool_size == 0) throw std::invalid_argument("database pool size must be at least 1");
  pool_ = std::make_unique<soci::connection_pool>(options.pool_size);
  for (std::size_t i = 0; i < options.pool_size; ++i) {
    soci::session& sql = pool_->at(i);
    try {
      if (backend_ == Backend::sqlite) {
        sql.open(*soci::factory_sqlite3(), connection.parameters);
      } else {
        sql.open(*soci::factory_postgresql(), connection.parameters);
      }
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot open database '" + options.connection + "': " + e.what());
    }
    configure(sql);
  }
  statements_.resize(options.pool_size);
}

Database::~Database() = default;

namespace detail {
HeldSession& held_session() {
  thread_local HeldSession held;
  return held;
}
}  // namespace detail

Database::Held::Held(Database& database)
    : database_(database), position_(database.pool_->lease()), previous_(detail::held_session()) {
  detail::held_session() = {&session(), &database_.statements_[position_]};
}

Database::Held::~Held() {
  detail::held_session() = previous_;
  database_.pool_->give_back(position_);
}

void Database::configure(soci::session& sql) {
  if (backend_ == Backend::sqlite) {
    // WAL lets readers run beside the one writer; the busy timeout makes writers queue, not fail.
    // FULL flushes the log at each commit, so an acknowledged transition survives a power cut,
    // as PostgreSQL's commits do; NORMAL would survive only a crash of the process.
    sql << "PRAGMA journal_mode=WAL";
    sql << "PRAGMA synchronous=FULL";
    sql << "PRAGMA foreign_keys=ON";
    sql << "PRAGMA busy_timeout=" + std::to_string(options_.busy_timeout_ms);
  } else {
    sql << "SET client_min_messages TO WARNING";
  }
}

Database::WriterTurn::WriterTurn(Database& database) {
  if (database.backend_ != Backend::sqlite) return;
  if (!database.writer_.try_lock_for(std::chrono::milliseconds(database.options_.busy_timeout_ms)))
    throw soci::soci_error("database is locked: no write turn within the busy timeout");
  taken_ = &database.writer_;
}

Database::WriterTurn::~WriterTurn() {
  if (taken_) taken_->unlock();
}

void Database::begin_write(soci::session& sql) {
  // On SQLite, take the write lock up front: a deferred transaction that upgrades later can fail
  // with SQLITE_BUSY at once instead of waiting its turn.
  sql << (backend_ == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

void Database::rollback_quietly(soci::session& sql) {
  try {
    sql << "ROLLBACK";
  } catch (...) {
    // The connection may already have aborted the transaction; nothing more to undo.
  }
}

int Database::schema_version() {
  return read([](soci::session& sql) {
    int version = 0;
    soci::indicator ind = soci::i_null;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  });
}

int Database::migrate() {
  write([](soci::session& sql) {
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations ("
           "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
  });
  int applied = 0;
  const std::string backend = backend_ == Backend::sqlite ? "sqlite" : "postgresql";
  for (const Migration& migration : all_migrations()) {
    if (!applies_to(migration, backend)) continue;
    const bool done = write([&](soci::session& sql) {
      // Checked inside the write lock, so two hosts starting together apply each migration once.
      int count = 0;
      sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v",
          soci::use(migration.version), soci::into(count);
      if (count > 0) return true;
      for (const std::string& statement : split_statements(migration.sql)) sql << statement;
      const long long now = static_cast<long long>(std::time(nullptr));
      const std::string name = migration.name;
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
          soci::use(migration.version), soci::use(name), soci::use(now);
      return false;
    });
    if (!done) ++applied;
  }
  return applied;
}

bool applies_to(const Migration& migration, const std::string& backend) {
  return migration.backend[0] == '\0' || backend == migration.backend;
}

namespace {

bool ends_with_word(std::string_view line, std::string_view word) {
  if (line.size() < word.size()) return false;
  const std::size_t start = line.size() - word.size();
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(line[start + i])) != word[i]) return false;
  }
  return start == 0 || line[start - 1] == ' ' || line[start - 1] == '\t';
}

}  // namespace

std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> statements;
  std::istringstream lines(sql);
  std::string line, current;
  bool in_dollar_quote = false;  // a PostgreSQL function's body, between $$ and $$
  bool in_trigger_body = false;  // a SQLite trigger's BEGIN … END;
  const auto finish = [&] {
    current.erase(current.find_last_of(';'));
    statements.push_back(current);
    current.clear();
  };
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    current += line;
    current += '\n';
    for (auto at = line.find("$$"); at != std::string::npos; at = line.find("$$", at + 2)) {
      in_dollar_quote = !in_dollar_quote;
    }
    if (in_dollar_quote) continue;
    const auto last = line.find_last_not_of(" \t\r");
    const std::string_view trimmed(line.data() + first, last + 1 - first);
    if (in_trigger_body) {
      if (trimmed.size() == 4 && ends_with_word(trimmed, "END;")) {
        in_trigger_body = false;
        finish();
      }
      continue;
    }
    if (ends_with_word(trimmed, "BEGIN")) {
      in_trigger_body = true;
    } else if (line[last] == ';') {
      finish();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(current);
  return statements;
}

}  // namespace alin::store
