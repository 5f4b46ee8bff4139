#pragma once
// Emails: queued as an "email.send" outbox effect in the caller's transaction (the email in its
// payload: one row), delivered after commit by a Transport (SMTP, or a maildir folder), then
// recorded as sent in the `emails` table.
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alin/outbox/outbox.hpp"
#include "alin/util/clock.hpp"

namespace alin::mail {

struct Email {
  std::string to;
  std::string subject;        // French
  std::string body;           // French, plain text
  std::string template_name;  // which template made it, e.g. "account_confirmation"
};

struct SentEmail {
  std::string id;
  Email email;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> sent_at;
};

inline constexpr const char* kSendTopic = "email.send";

// The "email.send" effect that delivers `email`, under a new email id.
outbox::NewEffect send_effect(const Email& email, UnixSeconds now);
// Queues an email to send after commit; returns its id (its message id, then its `emails` row).
std::string enqueue(soci::session& sql, const Email& email, UnixSeconds now);

// The emails sent and those still queued (sent_at empty), newest first, optionally those to one
// address.
std::vector<SentEmail> list(soci::session& sql, const std::optional<std::string>& to, int limit);

class Transport {
 public:
  virtual ~Transport() = default;
  // Delivers one message; throws on failure (the outbox retries). message_id is stable across
  // retries, so a receiver can drop a duplicate.
  virtual void send(const Email& email, const std::string& message_id) = 0;
};

struct SmtpOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 25;
  std::string sender = "AL'in <ne-pas-repondre@alin.local>";
  int timeout_seconds = 10;
};
std::unique_ptr<Transport> make_smtp_transport(const SmtpOptions& options);

// Writes each message as a file in a maildir (tmp/ then renamed into new/), readable by any mail
// client; the demo's default.
std::unique_ptr<Transport> make_maildir_transport(const std::string& directory,
                                                  const std::string& sender);

// Registers the "email.send" handler: sends the email, then records it as sent.
void register_delivery(outbox::Dispatcher& dispatcher, store::Database& database,
                       Transport& transport, const Clock& clock);

}  // namespace alin::mail
