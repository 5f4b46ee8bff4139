#include "alin/mail/mail.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "alin/util/crypto.hpp"

namespace alin::mail {

namespace {

// An email's effect is keyed by its id: "email:<id>".
constexpr std::string_view kEffectKeyPrefix = "email:";

Email email_of(const nlohmann::json& payload) {
  return {payload.value("to", ""), payload.value("subject", ""), payload.value("body", ""),
          payload.value("template", "")};
}

// The emails queued and not yet delivered (pending, or parked after failing every attempt).
std::vector<SentEmail> queued(soci::session& sql, const std::optional<std::string>& to) {
  std::vector<SentEmail> out;
  const std::string topic = kSendTopic;
  std::string payload_text;
  soci::statement statement = (sql.prepare << "SELECT payload FROM outbox WHERE topic = :topic"
                                              " AND state IN ('pending', 'parked')",
                               soci::use(topic), soci::into(payload_text));
  statement.execute();
  while (statement.fetch()) {
    const auto payload = nlohmann::json::parse(payload_text, nullptr, false);
    if (!payload.is_object() || !payload.contains("body")) continue;  // see register_delivery
    SentEmail email{payload.value("emailId", ""), email_of(payload),
                    payload.value("createdAt", 0LL), std::nullopt};
    if (!to || email.email.to == *to) out.push_back(std::move(email));
  }
  return out;
}

}  // namespace

outbox::NewEffect send_effect(const Email& email, UnixSeconds now) {
  // The email travels in its effect's payload: one row in the caller's transaction, and the
  // `emails` row is written once it is delivered.
  const std::string id = crypto::new_id();
  const nlohmann::json payload = {{"emailId", id},
                                  {"to", email.to},
                                  {"subject", email.subject},
                                  {"body", email.body},
                                  {"template", email.template_name},
                                  {"createdAt", now}};
  return {kSendTopic, std::string(kEffectKeyPrefix) + id, payload.dump()};
}

std::string enqueue(soci::session& sql, const Email& email, UnixSeconds now) {
  outbox::NewEffect effect = send_effect(email, now);
  outbox::enqueue(sql, effect, now);
  return effect.idempotency_key.substr(kEffectKeyPrefix.size());  // the email's id
}

std::vector<SentEmail> list(soci::session& sql, const std::optional<std::string>& to, int limit) {
  // The queue is read first: delivery records an email before it marks its effect done, so an
  // email delivered between the two reads is found by the second, never missed by both.
  std::vector<SentEmail> waiting = queued(sql, to);
  std::string query =
      "SELECT id, recipient, subject, body, template, created_at, sent_at FROM emails";
  if (to) query += " WHERE recipient = :to";
  query += " ORDER BY created_at DESC, id LIMIT " + std::to_string(limit);
  soci::statement statement(sql);
  SentEmail row;
  long long created = 0, sent = 0;
  soci::indicator sent_ind = soci::i_null;
  statement.exchange(soci::into(row.id));
  statement.exchange(soci::into(row.email.to));
  statement.exchange(soci::into(row.email.subject));
  statement.exchange(soci::into(row.email.body));
  statement.exchange(soci::into(row.email.template_name));
  statement.exchange(soci::into(created));
  statement.exchange(soci::into(sent, sent_ind));
  if (to) statement.exchange(soci::use(*to));
  statement.alloc();
  statement.prepare(query);
  statement.define_and_bind();
  statement.execute();
  std::vector<SentEmail> out;
  std::set<std::string> ids;
  while (statement.fetch()) {
    row.created_at = created;
    row.sent_at = sent_ind == soci::i_ok ? std::optional<UnixSeconds>(sent) : std::nullopt;
    out.push_back(row);
    ids.insert(row.id);
  }
  for (SentEmail& email : waiting)
    if (!ids.count(email.id)) out.push_back(std::move(email));
  std::sort(out.begin(), out.end(), [](const SentEmail& a, const SentEmail& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id < b.id;
  });
  if (out.size() > static_cast<std::size_t>(std::max(limit, 0)))
    out.resize(static_cast<std::size_t>(std::max(limit, 0)));
  return out;
}

void register_delivery(outbox::Dispatcher& dispatcher, store::Database& database,
                       Transport& transport, const Clock& clock) {
  dispatcher.register_handler(kSendTopic, [&database, &transport,
                                           &clock](const outbox::Effect& effect) {
    const nlohmann::json& payload = effect.payload;
    const std::string id = payload.value("emailId", "");
    // Effects queued before emails travelled in their payload find them in their `emails` row.
    const bool in_payload = payload.contains("body");
    Email email = email_of(payload);
    long long created_at = payload.value("createdAt", 0LL);
    soci::indicator sent_ind = soci::i_null;
    long long sent_at = 0;
    const bool recorded = database.read([&](soci::session& sql) {
      sql << "SELECT recipient, subject, body, template, created_at, sent_at FROM emails"
             " WHERE id = :id",
          soci::use(id), soci::into(email.to), soci::into(email.subject), soci::into(email.body),
          soci::into(email.template_name), soci::into(created_at), soci::into(sent_at, sent_ind);
      return sql.got_data();
    });
    if (sent_ind == soci::i_ok)
      return;  // delivered by an earlier attempt whose completion was lost
    if (!recorded && !in_payload) throw std::runtime_error("email " + id + " not found");
    transport.send(email, id);
    const long long now = clock.now();
    database.write([&](soci::session& sql) {
      if (recorded) {
        sql << "UPDATE emails SET sent_at = :now WHERE id = :id", soci::use(now), soci::use(id);
        return;
      }
      sql << "INSERT INTO emails (id, recipient, subject, body, template, created_at, sent_at)"
             " VALUES (:id, :to, :subject, :body, :template, :created, :sent)",
          soci::use(id), soci::use(email.to), soci::use(email.subject), soci::use(email.body),
          soci::use(email.template_name), soci::use(created_at), soci::use(now);
    });
  });
}

}  // namespace alin::mail
