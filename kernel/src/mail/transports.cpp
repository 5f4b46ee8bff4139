#include <Poco/File.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/Path.h>
#include <Poco/Timespan.h>
#include <Poco/UTF8String.h>

#include <fstream>

#include "alin/mail/mail.hpp"

namespace alin::mail {
namespace {

// MailMessage cannot be copied: the caller owns it, this fills it.
void fill_message(Poco::Net::MailMessage& message, const Email& email, const std::string& sender,
                  const std::string& message_id) {
  message.setSender(sender);
  message.addRecipient(
      Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, email.to));
  // Encoded as RFC 2047 words: the subjects are French and carry accents.
  message.setSubject(Poco::Net::MailMessage::encodeWord(email.subject, "UTF-8"));
  message.set("Message-ID", "<" + message_id + "@alin>");
  message.set("X-Alin-Template", email.template_name);
  message.setContentType("text/plain; charset=UTF-8");
  message.setContent(email.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
}

class SmtpTransport final : public Transport {
 public:
  explicit SmtpTransport(SmtpOptions options) : options_(std::move(options)) {}

  void send(const Email& email, const std::string& message_id) override {
    Poco::Net::SMTPClientSession session(options_.host, options_.port);
    session.setTimeout(Poco::Timespan(options_.timeout_seconds, 0));
    session.login();
    Poco::Net::MailMessage message;
    fill_message(message, email, options_.sender, message_id);
    session.sendMessage(message);
    session.close();
  }

 private:
  SmtpOptions options_;
};

class MaildirTransport final : public Transport {
 public:
  MaildirTransport(std::string directory, std::string sender)
      : directory_(Poco::Path(directory).makeDirectory()), sender_(std::move(sender)) {
    for (const char* sub : {"tmp", "new", "cur"}) {
      Poco::File(Poco::Path(directory_).pushDirectory(sub)).createDirectories();
    }
  }

  void send(const Email& email, const std::string& message_id) override {
    // Named by message id, so a retried delivery overwrites instead of doubling.
    const std::string name = message_id + ".alin";
    const std::string tmp =
        Poco::Path(directory_).pushDirectory("tmp").setFileName(name).toString();
    {
      std::ofstream out(tmp, std::ios::binary);
      Poco::Net::MailMessage message;
      fill_message(message, email, sender_, message_id);
      message.write(out);
      if (!out) throw std::runtime_error("cannot write " + tmp);
    }
    Poco::File(tmp).renameTo(
        Poco::Path(directory_).pushDirectory("new").setFileName(name).toString());
  }

 private:
  Poco::Path directory_;  // a directory path: "var/mail" means the folder mail, not a file
  std::string sender_;
};

}  // namespace

std::unique_ptr<Transport> make_smtp_transport(const SmtpOptions& options) {
  return std::make_unique<SmtpTransport>(options);
}

std::unique_ptr<Transport> make_maildir_transport(const std::string& directory,
                                                  const std::string& sender) {
  return std::make_unique<MaildirTransport>(directory, sender);
}

}  // namespace alin::mail
