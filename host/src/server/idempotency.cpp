#include "server/idempotency.hpp"

#include <algorithm>

#include "alin/util/crypto.hpp"
#include "http/problem.hpp"
#include "server/auth.hpp"

namespace alin::host {
namespace {

bool is_valid_key(const std::string& key) {
  return !key.empty() && key.size() <= 128 &&
         std::all_of(key.begin(), key.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

http::Response IdempotentHandler::operator()(http::Request& request) const {
  const std::string key = request.header("idempotency-key");
  if (request.method != "POST" || key.empty()) return next_(request);
  if (!is_valid_key(key)) {
    return http::bad_request("invalid_idempotency_key",
                             "L'en-tête Idempotency-Key n'est pas valide.",
                             {{"Idempotency-Key", "invalid", "1 à 128 caractères ASCII visibles."}})
        .to_response(request.request_id);
  }
  // The caller: a session's account when there is one (its token may change, the account not).
  std::string scope = "anonymous";
  if (const std::string token = bearer_token(request); !token.empty()) {
    if (auto principal = services_.accounts->authenticate(token)) scope = principal->account_id;
  }
  const std::string target = request.method + " " + request.path;
  const std::string body_hash = crypto::token_hash(request.body);
  const long long now = services_.clock->now();

  struct Prior {
    bool claimed = false;
    std::string target, body_hash, state, content_type, response;
    int status = 0;
  };
  const Prior prior = services_.database->write([&](soci::session& sql) {
    const long long horizon = now - kRetention;
    sql << "DELETE FROM idempotency_keys WHERE scope = :s AND idempotency_key = :k AND created_at "
           "< :h",
        soci::use(scope), soci::use(key), soci::use(horizon);
    Prior p;
    // Whoever inserts first runs the request. ON CONFLICT makes a concurrent second insert a
    // no-op on PostgreSQL rather than an error (on SQLite the write lock already serialises).
    soci::statement claim =
        (sql.prepare << "INSERT INTO idempotency_keys (scope, idempotency_key, request,"
                        " body_hash, state, created_at) VALUES (:s, :k, :r, :b, 'pending', :t)"
                        " ON CONFLICT DO NOTHING",
         soci::use(scope), soci::use(key), soci::use(target), soci::use(body_hash), soci::use(now));
    claim.execute(true);
    if (claim.get_affected_rows() == 1) {
      p.claimed = true;
      return p;
    }
    soci::indicator status_ind = soci::i_null, type_ind = soci::i_null, response_ind = soci::i_null;
    sql << "SELECT request, body_hash, state, status, content_type, response FROM idempotency_keys"
           " WHERE scope = :s AND idempotency_key = :k",
        soci::use(scope), soci::use(key), soci::into(p.target), soci::into(p.body_hash),
        soci::into(p.state), soci::into(p.status, status_ind), soci::into(p.content_type, type_ind),
        soci::into(p.response, response_ind);
    return p;
  });

  if (!prior.claimed) {
    if (prior.target != target || prior.body_hash != body_hash) {
      return http::Problem{422,
                           "idempotency_key_reused",
                           "Cette clé d'idempotence a déjà servi pour une autre requête.",
                           "",
                           {}}
          .to_response(request.request_id);
    }
    if (prior.state != "done") {
      return http::Problem{
          409, "request_in_progress", "La même requête est déjà en cours de traitement.", "", {}}
          .to_response(request.request_id);
    }
    http::Response replay;
    replay.status = prior.status;
    replay.content_type = prior.content_type;
    replay.body = prior.response;
    replay.headers["Idempotent-Replayed"] = "true";
    return replay;
  }

  http::Response response;
  try {
    response = next_(request);
  } catch (...) {
    services_.database->write([&](soci::session& sql) {
      sql << "DELETE FROM idempotency_keys WHERE scope = :s AND idempotency_key = :k",
          soci::use(scope), soci::use(key);
    });
    throw;
  }
  services_.database->write([&](soci::session& sql) {
    if (response.status >= 500) {
      // A failure of ours is not an answer worth repeating: the caller may retry for real.
      sql << "DELETE FROM idempotency_keys WHERE scope = :s AND idempotency_key = :k",
          soci::use(scope), soci::use(key);
      return;
    }
    sql << "UPDATE idempotency_keys SET state = 'done', status = :st, content_type = :ct, response "
           "= :r"
           " WHERE scope = :s AND idempotency_key = :k",
        soci::use(response.status), soci::use(response.content_type), soci::use(response.body),
        soci::use(scope), soci::use(key);
  });
  return response;
}

}  // namespace alin::host
