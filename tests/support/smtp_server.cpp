#include "support/smtp_server.hpp"

#include <Poco/Net/SocketStream.h>

#include <algorithm>

namespace alin::testing {

SmtpServer::SmtpServer() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
  port_ = socket_.address().port();
  thread_ = std::thread([this] { serve(); });
}

SmtpServer::~SmtpServer() {
  stopping_ = true;
  socket_.close();
  thread_.join();
}

std::vector<ReceivedMail> SmtpServer::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void SmtpServer::serve() {
  while (!stopping_) {
    try {
      if (!socket_.poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket connection = socket_.acceptConnection();
      converse(connection);
    } catch (const std::exception&) {
      // A closed listening socket at shutdown, or a client that went away: keep serving.
    }
  }
}

void SmtpServer::converse(Poco::Net::StreamSocket& socket) {
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  Poco::Net::SocketStream stream(socket);
  auto reply = [&](const std::string& line) { stream << line << "\r\n" << std::flush; };
  auto read_line = [&](std::string& line) {
    if (!std::getline(stream, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  };
  reply("220 alin-test ESMTP");
  ReceivedMail mail;
  std::string line;
  while (read_line(line)) {
    std::string verb = line.substr(0, line.find(' '));
    std::transform(verb.begin(), verb.end(), verb.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    if (verb == "EHLO" || verb == "HELO") {
      reply("250 alin-test");
    } else if (verb == "MAIL") {
      if (refuse) {
        reply("451 4.3.0 try again later");
        continue;
      }
      mail = {};
      mail.from = line.substr(line.find(':') + 1);
      reply("250 OK");
    } else if (verb == "RCPT") {
      mail.recipients.push_back(line.substr(line.find(':') + 1));
      reply("250 OK");
    } else if (verb == "DATA") {
      reply("354 end with <CRLF>.<CRLF>");
      while (read_line(line) && line != ".") mail.data += line + "\n";
      {
        std::lock_guard lock(mutex_);
        received_.push_back(mail);
      }
      reply("250 queued");
    } else if (verb == "QUIT") {
      reply("221 bye");
      return;
    } else if (verb == "RSET" || verb == "NOOP") {
      reply("250 OK");
    } else {
      reply("502 not implemented");
    }
  }
}

}  // namespace alin::testing
