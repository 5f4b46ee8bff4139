#pragma once
// Statements prepared once per pooled connection and reused by its later transactions.
//
// Preparing is a large part of a short write transaction: SQLite parses and plans the statement
// each time, PostgreSQL adds round trips. A hot statement is a type that owns the values it binds
// and prepares its soci::statement from the session in its constructor:
//
//   struct InsertHistory final : store::PreparedStatement {
//     std::string instance_id;
//     soci::statement statement;
//     explicit InsertHistory(soci::session& sql)
//         : statement((sql.prepare << "INSERT … VALUES (:i)", soci::use(instance_id))) {}
//   };
//   auto& insert = store::prepared<InsertHistory>(sql);  // inside Database::write or read
//   insert.instance_id = id;
//   insert.statement.execute(true);
//
// The connection's statements are dropped when a transaction on it fails, so a statement left in
// an unknown state by an error is prepared afresh next time.
#include <soci/soci.h>

#include <memory>
#include <stdexcept>
#include <typeindex>
#include <unordered_map>

namespace alin::store {

struct PreparedStatement {
  virtual ~PreparedStatement() = default;
};

// The statements of one pooled connection, by type.
class SessionStatements {
 public:
  template <typename T>
  T& get(soci::session& sql) {
    std::unique_ptr<PreparedStatement>& slot = statements_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_unique<T>(sql);
    return static_cast<T&>(*slot);
  }
  void clear() { statements_.clear(); }

 private:
  std::unordered_map<std::type_index, std::unique_ptr<PreparedStatement>> statements_;
};

namespace detail {
// The connection this thread holds from Database::write or read, and its statements; set for the
// duration of the call, so that code given only a session (outbox::enqueue, say) finds them.
struct HeldSession {
  soci::session* session = nullptr;
  SessionStatements* statements = nullptr;
};
HeldSession& held_session();
}  // namespace detail

// The statement T on `sql`, prepared on its first use on that connection. `sql` must be the
// session handed to a Database::write or read callback on this thread.
template <typename T>
T& prepared(soci::session& sql) {
  const detail::HeldSession& held = detail::held_session();
  if (held.session != &sql)
    throw std::logic_error("store::prepared: the session is not one held from Database");
  return held.statements->get<T>(sql);
}

// A read of rows by one text key, its rows read as soci::row: the hot reads of a request, which
// would otherwise parse their SQL at every call. `Query` names the SQL:
//
//   struct MembersOf { static constexpr const char* sql = "SELECT … WHERE request_id = :id"; };
//   auto& members = store::rows_by_key<MembersOf>(sql, request_id);
//   while (members.next()) use(members.row);
//
// Read every row (until next() is false): on SQLite a statement left mid-way keeps its read open.
// One statement per Query and connection: a read of a Query nested in another read of the same
// Query would restart the outer one (no code does; use a second Query type if one must).
template <typename Query>
struct RowsByKey final : PreparedStatement {
  std::string key;
  soci::row row;
  soci::statement statement;
  explicit RowsByKey(soci::session& sql)
      : statement((sql.prepare << Query::sql, soci::use(key), soci::into(row))) {}
  bool next() { return statement.fetch(); }
};

template <typename Query>
RowsByKey<Query>& rows_by_key(soci::session& sql, const std::string& key) {
  RowsByKey<Query>& query = prepared<RowsByKey<Query>>(sql);
  query.key = key;
  query.statement.execute(false);
  return query;
}

}  // namespace alin::store
