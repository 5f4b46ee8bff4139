#pragma once
// A small SMTP server of the tests' own, on a loopback port: enough of RFC 5321 for a real client
// (Poco's SMTPClientSession) to deliver to it. It records each message, or refuses them all with
// a temporary failure while `refuse` is set.
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace alin::testing {

struct ReceivedMail {
  std::string from;
  std::vector<std::string> recipients;
  std::string data;  // the message as sent, headers and body
};

class SmtpServer {
 public:
  SmtpServer();
  ~SmtpServer();

  unsigned short port() const { return port_; }
  std::vector<ReceivedMail> received() const;
  std::atomic<bool> refuse{false};

 private:
  void serve();
  void converse(Poco::Net::StreamSocket& socket);

  Poco::Net::ServerSocket socket_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<ReceivedMail> received_;
};

}  // namespace alin::testing
