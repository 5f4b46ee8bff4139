// The schema migrations (kernel/src/store/migrations.hpp, private to the kernel: included by its
// path) and connection strings (alin/store/database.hpp). split_statements is a pure function,
// tested on its own; the embedded migrations are then checked through a real SQLite Database.
#include "../../kernel/src/store/migrations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "alin/store/database.hpp"
#include "support/test_database.hpp"

using namespace alin::store;

namespace {

using Statements = std::vector<std::string>;

// Brings a SQLite database to the schema as it stood before migration `version`, each migration
// recorded as applied: the state a data migration's test starts from.
void migrate_sqlite_before(soci::session& sql, int version) {
  sql << "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
         " applied_at BIGINT NOT NULL)";
  for (const Migration& migration : all_migrations()) {
    if (migration.version >= version) break;
    if (!applies_to(migration, "sqlite")) continue;
    for (const std::string& statement : split_statements(migration.sql)) sql << statement;
    sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, 'm', 1)",
        soci::use(migration.version);
  }
}

// A data migration's test: a SQLite file at the schema as it stood before migration `version`,
// the rows `fill` puts in, then every migration applied; the test reads what became of them.
class MigratedSqlite {
 public:
  MigratedSqlite(int version, const std::function<void(soci::session&)>& fill)
      : file_(alin::testing::TestDatabase::create(alin::testing::TestBackend::sqlite)),
        database_({file_->connection(), 1}) {
    database_.write([&](soci::session& sql) {
      migrate_sqlite_before(sql, version);
      fill(sql);
    });
    applied_ = database_.migrate();
  }
  Database& database() { return database_; }
  int applied() const { return applied_; }

 private:
  std::unique_ptr<alin::testing::TestDatabase> file_;
  Database database_;
  int applied_ = 0;
};

TEST(SplitStatements, OneStatementPerSemicolonThatEndsALine) {
  EXPECT_EQ(split_statements("CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n"),
            (Statements{"CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"}));
  EXPECT_EQ(split_statements("CREATE TABLE a (\n  x INT,\n  y TEXT\n);\nCREATE INDEX i ON a (x);"),
            (Statements{"CREATE TABLE a (\n  x INT,\n  y TEXT\n)", "CREATE INDEX i ON a (x)"}))
      << "lines are kept, joined by newlines; no newline needed at the end";
}

TEST(SplitStatements, TrailingBlanksAfterTheSemicolon) {
  EXPECT_EQ(split_statements("SELECT 1;   \nSELECT 2;\t\r\nSELECT 3;\r\n"),
            (Statements{"SELECT 1", "SELECT 2", "SELECT 3"}));
}

TEST(SplitStatements, CommentLinesAndBlankLinesAreSkipped) {
  EXPECT_EQ(split_statements("-- the accounts\n\n   \n  -- indented comment\nCREATE TABLE a (\n"
                             "  -- a comment inside\n  x INT\n);\n-- the end\n"),
            (Statements{"CREATE TABLE a (\n  x INT\n)"}));
  EXPECT_EQ(split_statements("-- only a comment;\n"), Statements{}) << "even one ending in ';'";
  EXPECT_EQ(split_statements(""), Statements{});
  EXPECT_EQ(split_statements("\n\n  \n"), Statements{});
}

TEST(SplitStatements, SemicolonsInsideALineDoNotSplit) {
  EXPECT_EQ(split_statements("INSERT INTO t VALUES ('a;b');\n"),
            Statements{"INSERT INTO t VALUES ('a;b')"});
  EXPECT_EQ(split_statements("SELECT 1; SELECT 2;\n"), Statements{"SELECT 1; SELECT 2"})
      << "only the last ';' of the line is removed";
  // A comment after the ';' hides it: the statement runs on to the next line-ending ';'.
  EXPECT_EQ(split_statements("SELECT 1; -- one\nSELECT 2;\n"),
            Statements{"SELECT 1; -- one\nSELECT 2"});
  EXPECT_EQ(split_statements("SELECT '--';\n"), Statements{"SELECT '--'"})
      << "'--' inside a line is not a comment line";
}

TEST(SplitStatements, ASqliteTriggerKeepsItsBody) {
  EXPECT_EQ(split_statements("CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  UPDATE b SET n = 1;\n"
                             "  UPDATE c SET n = 2;\nEND;\nSELECT 1;\n"),
            (Statements{"CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  UPDATE b SET n = 1;\n"
                        "  UPDATE c SET n = 2;\nEND",
                        "SELECT 1"}));
  EXPECT_EQ(split_statements("CREATE TRIGGER t AFTER DELETE ON a WHEN OLD.x IS NOT NULL begin\n"
                             "  DELETE FROM b;\n  end;\n"),
            Statements{"CREATE TRIGGER t AFTER DELETE ON a WHEN OLD.x IS NOT NULL begin\n"
                       "  DELETE FROM b;\n  end"})
      << "BEGIN and END in any case; END's line is only END;";
  EXPECT_EQ(split_statements("SELECT x AS rebegin\nFROM a;\nSELECT 1;\n"),
            (Statements{"SELECT x AS rebegin\nFROM a", "SELECT 1"}))
      << "a word ending in 'begin' opens no body";
}

TEST(SplitStatements, APostgresqlFunctionKeepsItsBody) {
  EXPECT_EQ(
      split_statements("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                       "  UPDATE b SET n = 1;\n  RETURN NULL;\nEND\n$$;\n"
                       "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();\n"),
      (Statements{"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                  "  UPDATE b SET n = 1;\n  RETURN NULL;\nEND\n$$",
                  "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION f()"}))
      << "the BEGIN inside $$ opens no SQLite body; a trigger without one ends at its ';'";
}

TEST(SplitStatements, ALastStatementWithoutSemicolonIsKept) {
  EXPECT_EQ(split_statements("SELECT 1;\nSELECT 2"), (Statements{"SELECT 1", "SELECT 2\n"}));
  EXPECT_EQ(split_statements("SELECT 1;\n-- trailing comment\n"), Statements{"SELECT 1"});
}

TEST(EmbeddedMigrations, VersionsAndStatements) {
  const auto& migrations = all_migrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
  EXPECT_STREQ(migrations.front().name, "0001_accounts");
  int previous = 0;
  for (const Migration& m : migrations) {
    EXPECT_GT(m.version, previous) << m.name << ": versions strictly increase";
    previous = m.version;
    EXPECT_TRUE(std::regex_match(m.name, std::regex("[0-9]{4}_[a-z0-9_]+"))) << m.name;
    EXPECT_EQ(std::stoi(std::string(m.name).substr(0, 4)), m.version) << m.name;
    const Statements statements = split_statements(m.sql);
    EXPECT_FALSE(statements.empty()) << m.name;
    for (const std::string& s : statements) {
      // A ';' left inside would end the statement early on SQLite, silently dropping the rest;
      // only a trigger's or a function's body holds its own.
      const bool has_body = s.rfind("CREATE TRIGGER", 0) == 0 || s.rfind("CREATE FUNCTION", 0) == 0;
      if (!has_body) {
        EXPECT_EQ(s.find(';'), std::string::npos) << m.name << ": " << s;
      }
      EXPECT_NE(s.find_first_not_of(" \t\r\n"), std::string::npos) << m.name << ": empty statement";
    }
  }
}

TEST(EmbeddedMigrations, ApplyOnceOnSqlite) {
  const auto test_database =
      alin::testing::TestDatabase::create(alin::testing::TestBackend::sqlite);
  DatabaseOptions options;
  options.connection = test_database->connection();
  options.pool_size = 1;
  Database database(options);
  EXPECT_EQ(database.backend(), Backend::sqlite);
  const auto for_sqlite =
      static_cast<int>(std::count_if(all_migrations().begin(), all_migrations().end(),
                                     [](const Migration& m) { return applies_to(m, "sqlite"); }));
  EXPECT_EQ(database.migrate(), for_sqlite);
  int newest = 0;
  for (const Migration& m : all_migrations()) {
    if (applies_to(m, "sqlite")) newest = m.version;
  }
  EXPECT_EQ(database.schema_version(), newest);
  EXPECT_EQ(database.migrate(), 0) << "a second run applies nothing";
  const int recorded = database.read([](soci::session& sql) {
    int count = 0;
    sql << "SELECT COUNT(*) FROM schema_migrations", soci::into(count);
    return count;
  });
  EXPECT_EQ(recorded, for_sqlite);
}

TEST(EmbeddedMigrations, ABackendsOwnMigrationRunsOnThatBackendOnly) {
  const auto& migrations = all_migrations();
  const auto found = std::find_if(migrations.begin(), migrations.end(), [](const Migration& m) {
    return std::string(m.name) == "0013_history_without_rowid";
  });
  ASSERT_NE(found, migrations.end());
  EXPECT_STREQ(found->backend, "sqlite");
  EXPECT_TRUE(applies_to(*found, "sqlite"));
  EXPECT_FALSE(applies_to(*found, "postgresql"));
  EXPECT_TRUE(applies_to(migrations.front(), "postgresql")) << "a migration of both";
}

TEST(EmbeddedMigrations, TheHistoryKeptItsRowsAsOneTableOrderedByItsKey) {
  // The schema as it stood before migration 13, with an instance and two history rows.
  MigratedSqlite migrated(13, [](soci::session& sql) {
    sql << "INSERT INTO workflow_instances (id, definition, version, definition_hash, subject_id,"
           " state, revision, context, entered_at, created_at, updated_at)"
           " VALUES ('i1', 'application', 1, 'h', 's1', 'validated', 2, '{}', 5, 1, 5)";
    sql << "INSERT INTO workflow_history (instance_id, revision, at, actor, actor_id, event,"
           " from_state, to_state, guard, reasons) VALUES"
           " ('i1', 1, 1, 'applicant', NULL, 'start', NULL, 'applied', NULL, '[]'),"
           " ('i1', 2, 5, 'adviser', 'a1', 'validate', 'applied', 'validated', 'g', '[{}]')";
  });
  EXPECT_GE(migrated.applied(), 1);
  migrated.database().read([](soci::session& sql) {
    std::string definition;
    sql << "SELECT sql FROM sqlite_master WHERE name = 'workflow_history'", soci::into(definition);
    EXPECT_NE(definition.find("WITHOUT ROWID"), std::string::npos) << definition;
    int rows = 0;
    std::string actor_id, guard, to;
    sql << "SELECT COUNT(*) FROM workflow_history", soci::into(rows);
    EXPECT_EQ(rows, 2);
    sql << "SELECT actor_id, guard, to_state FROM workflow_history WHERE instance_id = 'i1'"
           " AND revision = 2",
        soci::into(actor_id), soci::into(guard), soci::into(to);
    EXPECT_EQ(actor_id, "a1");
    EXPECT_EQ(guard, "g");
    EXPECT_EQ(to, "validated");
  });
}

TEST(EmbeddedMigrations, TheOutboxKeptItsPendingEffectsWhenKeyedByIdempotencyKey) {
  // The schema as it stood before migration 12, with an effect waiting in the old outbox.
  MigratedSqlite migrated(12, [](soci::session& sql) {
    sql << "INSERT INTO outbox (id, topic, idempotency_key, payload, state, attempts,"
           " next_attempt_at, created_at) VALUES ('random', 'email.send', 'email:e1',"
           " '{\"emailId\":\"e1\"}', 'pending', 2, 5, 1)";
  });
  EXPECT_GE(migrated.applied(), 1);
  migrated.database().read([](soci::session& sql) {
    std::string id, topic, payload, state;
    int attempts = 0;
    sql << "SELECT id, topic, payload, state, attempts FROM outbox", soci::into(id),
        soci::into(topic), soci::into(payload), soci::into(state), soci::into(attempts);
    EXPECT_EQ(id, "email:e1") << "its key is now its id";
    EXPECT_EQ(topic, "email.send");
    EXPECT_EQ(payload, "{\"emailId\":\"e1\"}");
    EXPECT_EQ(state, "pending");
    EXPECT_EQ(attempts, 2);
  });
}

TEST(EmbeddedMigrations, TheCompaniesSupportsStartFromTheirValidatedRequests) {
  // Before migration 14: a request validated by its company, one not yet, one of no company.
  MigratedSqlite migrated(14, [](soci::session& sql) {
    sql << "INSERT INTO organisations (id, kind, name, created_at) VALUES ('c1', 'company',"
           " 'Acme', 1)";
    for (const char* n : {"1", "2", "3"}) {
      const std::string account = std::string("a") + n, request = std::string("r") + n;
      sql << "INSERT INTO accounts (id, email, last_name, first_name, role, state,"
             " accepts_data_use, accepts_terms, created_at) VALUES (:id, :e, 'N', 'P',"
             " 'applicant', 'active', 1, 1, 1)",
          soci::use(account), soci::use(account + "@example.fr");
      sql << "INSERT INTO housing_requests (id, account_id, unique_number, department, state,"
             " couple_status, tax_income_n2, monthly_resources, imported_at, last_activity_at)"
             " VALUES (:id, :a, :n, '75', 'submitted', 'none', 20000, 2000, 1, 1)",
          soci::use(request), soci::use(account), soci::use(request);
    }
    sql << "UPDATE housing_requests SET company_validated_at = 50 WHERE id IN ('r1', 'r3')";
    sql << "INSERT INTO employments (request_id, employer_name, employer_siret, company_id,"
           " attach_to) VALUES ('r1', 'Acme', '1', 'c1', 'applicant'),"
           " ('r2', 'Acme', '1', 'c1', 'applicant'), ('r3', 'Other', '2', NULL, 'applicant')";
  });
  EXPECT_GE(migrated.applied(), 1);
  migrated.database().read([](soci::session& sql) {
    int rows = 0;
    std::string company, account;
    long long at = 0;
    sql << "SELECT COUNT(*) FROM company_supports", soci::into(rows);
    EXPECT_EQ(rows, 1) << "only the partner company's validated request";
    sql << "SELECT company_id, account_id, validated_at FROM company_supports", soci::into(company),
        soci::into(account), soci::into(at);
    EXPECT_EQ(company, "c1");
    EXPECT_EQ(account, "a1");
    EXPECT_EQ(at, 50);
  });
}

// --- connection strings

TEST(ConnectionString, Sqlite) {
  const auto c = ConnectionString::parse("sqlite3://db=/tmp/alin.db");
  EXPECT_EQ(c.backend, Backend::sqlite);
  EXPECT_EQ(c.parameters, "db=/tmp/alin.db");
  EXPECT_EQ(ConnectionString::parse("sqlite://db=x.db").backend, Backend::sqlite) << "alias";
  EXPECT_EQ(ConnectionString::parse("sqlite3://").parameters, "");
  EXPECT_EQ(ConnectionString::parse("sqlite3://db=a://b").parameters, "db=a://b")
      << "split at the first '://'";
}

TEST(ConnectionString, Postgresql) {
  const auto c = ConnectionString::parse("postgresql://dbname=alin host=localhost port=5432");
  EXPECT_EQ(c.backend, Backend::postgresql);
  EXPECT_EQ(c.parameters, "dbname=alin host=localhost port=5432");
  EXPECT_EQ(ConnectionString::parse("postgres://dbname=x").backend, Backend::postgresql) << "alias";
}

std::string parse_error(const std::string& text) {
  try {
    ConnectionString::parse(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(ConnectionString, UnknownBackendIsRefused) {
  EXPECT_EQ(parse_error("mysql://db=x"),
            "database backend 'mysql' is not supported: use sqlite3 or postgresql");
  EXPECT_EQ(parse_error("://db=x"),
            "database backend '' is not supported: use sqlite3 or postgresql");
  EXPECT_EQ(parse_error("sqlite3 ://db=x"),
            "database backend 'sqlite3 ' is not supported: use sqlite3 or postgresql");
}

TEST(ConnectionString, MissingSeparatorIsRefused) {
  for (const std::string text : {"db=alin.db", "sqlite3:db=alin.db", "sqlite3:/db=x", ""}) {
    EXPECT_EQ(parse_error(text), "database connection '" + text +
                                     "' has no backend: write sqlite3://db=PATH or postgresql://…")
        << text;
  }
}

TEST(ConnectionString, DatabaseRefusesBadOptions) {
  EXPECT_THROW(Database(DatabaseOptions{"mysql://db=x", 1}), std::invalid_argument);
  EXPECT_THROW(Database(DatabaseOptions{"sqlite3://db=:memory:", 0}), std::invalid_argument);
  const std::string missing = "sqlite3://db=/nonexistent-alin-dir/sub/a.db";
  try {
    Database database(DatabaseOptions{missing, 1});
    FAIL() << "a database in a missing folder cannot be opened";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("cannot open database '" + missing + "': ", 0), 0u) << what;
  }
}

}  // namespace
