#pragma once
#include <string>
#include <vector>

namespace alin::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
  const char* backend;  // "" for both; "sqlite" or "postgresql" for one (NNNN_name.sqlite.sql)
};

// Whether `migration` runs on `backend` ("sqlite", "postgresql").
bool applies_to(const Migration& migration, const std::string& backend);

// Every migration under kernel/migrations, in version order (embedded at build time).
const std::vector<Migration>& all_migrations();

// Splits a migration into statements: at each ';' that ends a line, skipping '--' comment lines.
// A body keeps its ';': a PostgreSQL function's between "$$" and "$$", and a SQLite trigger's from a
// line ending in BEGIN to a line that is only "END;".
std::vector<std::string> split_statements(const std::string& sql);

}  // namespace alin::store
