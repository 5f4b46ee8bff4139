#include "alin/mail/mail.hpp"

#include "alin/store/prepared.hpp"
#include "alin/util/crypto.hpp"

namespace alin::mail {

namespace {

// Prepared once per connection (store/prepared.hpp): most workflow steps send an email.
struct InsertEmail final : store::PreparedStatement {
  std::string id, to, subject, body, template_name;
  long long at = 0;
  soci::statement statement;
  explicit InsertEmail(soci::session& sql)
      : statement((sql.prepare << "INSERT INTO emails (id, recipient, subject, body, template,"
                                  " created_at) VALUES (:id, :to, :subject, :body, :template, :at)",
                   soci::use(id), soci::use(to), soci::use(subject), soci::use(body),
                   soci::use(template_name), soci::use(at))) {}
};

}  // namespace

std::string enqueue(soci::session& sql, const Email& email, UnixSeconds now) {
  InsertEmail& insert = store::prepared<InsertEmail>(sql);
  insert.id = crypto::new_id();
  insert.to = email.to;
  insert.subject = email.subject;
  insert.body = email.body;
  insert.template_name = email.template_name;
  insert.at = now;
  insert.statement.execute(true);
  outbox::enqueue(sql, kSendTopic, "email:" + insert.id, {{"emailId", insert.id}}, now);
  return insert.id;
}

std::vector<SentEmail> list(soci::session& sql, const std::optional<std::string>& to, int limit) {
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
  while (statement.fetch()) {
    row.created_at = created;
    row.sent_at = sent_ind == soci::i_ok ? std::optional<UnixSeconds>(sent) : std::nullopt;
    out.push_back(row);
  }
  return out;
}

void register_delivery(outbox::Dispatcher& dispatcher, store::Database& database,
                       Transport& transport, const Clock& clock) {
  dispatcher.register_handler(kSendTopic, [&database, &transport,
                                           &clock](const outbox::Effect& effect) {
    const std::string id = effect.payload.value("emailId", "");
    Email email;
    soci::indicator sent_ind = soci::i_null;
    long long sent_at = 0;
    const bool found = database.read([&](soci::session& sql) {
      sql << "SELECT recipient, subject, body, template, sent_at FROM emails WHERE id = :id",
          soci::use(id), soci::into(email.to), soci::into(email.subject), soci::into(email.body),
          soci::into(email.template_name), soci::into(sent_at, sent_ind);
      return sql.got_data();
    });
    if (!found) throw std::runtime_error("email " + id + " not found");
    if (sent_ind == soci::i_ok)
      return;  // delivered by an earlier attempt whose completion was lost
    transport.send(email, id);
    const long long now = clock.now();
    database.write([&](soci::session& sql) {
      sql << "UPDATE emails SET sent_at = :now WHERE id = :id", soci::use(now), soci::use(id);
    });
  });
}

}  // namespace alin::mail
