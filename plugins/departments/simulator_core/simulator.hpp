#pragma once
// The core of a registration-site simulator (tests and the demo): requests loaded from a JSON
// file in the site's own wire format, access codes emailed through a maildir folder, refresh
// tokens, and an HTTP server on loopback. Each site's main() adds its own routes and formats.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace alin::simulator {

struct Options {
  int port = 0;           // 0: any free port (printed on stdout)
  std::string data_file;  // the requests, a JSON array in the site's format
  std::string maildir;    // where the code emails go (new/ holds them)
  std::int64_t code_ttl_seconds = 24 * 3600;
  bool test_clock = false;  // POST /_simulator/advance?seconds=N moves time forward
  std::string site_name = "site";
  std::string sender = "ne-pas-repondre@site.local";
};

// --port N --data FILE --maildir DIR [--code-ttl SECONDS] [--test-clock]; exits on a bad line.
Options parse_command_line(int argc, char** argv, const std::string& site_name);

enum class CodeCheck { ok, wrong, expired, unknown };

class Site {
 public:
  // `number_of` and `email_of` read a stored record's unique number and email.
  Site(Options options, std::function<std::string(const nlohmann::json&)> number_of,
       std::function<std::string(const nlohmann::json&)> email_of);

  std::int64_t now() const;
  void advance(std::int64_t seconds);
  const Options& options() const { return options_; }

  // The stored record, or nullopt.
  std::optional<nlohmann::json> find(const std::string& number) const;
  // Makes a fresh code, emails it; returns the masked address and the expiry, nullopt if unknown.
  std::optional<std::pair<std::string, std::int64_t>> send_code(const std::string& number);
  // Checks a code; a good code is used up and a refresh token is issued into `token`.
  CodeCheck check_code(const std::string& number, const std::string& code, std::string& token);
  bool check_token(const std::string& number, const std::string& token) const;

 private:
  Options options_;
  std::function<std::string(const nlohmann::json&)> number_of_, email_of_;
  mutable std::mutex mutex_;
  std::map<std::string, nlohmann::json> records_;
  struct Code {
    std::string code;
    std::int64_t expires_at;
  };
  std::map<std::string, Code> codes_;
  std::map<std::string, std::string> tokens_;
  std::int64_t offset_ = 0;
};

struct HttpRequest {
  std::string method, path, query, body;
  std::map<std::string, std::string> headers;  // names lower-cased
};
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
};
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Serves `handler` on 127.0.0.1:port (plus /_simulator/advance when the test clock is on), prints
// "listening on http://127.0.0.1:PORT", returns on SIGTERM or SIGINT.
int serve(Site& site, const HttpHandler& handler);

// "camille.martin@example.fr" → "c***@e***.fr"
std::string mask_email(const std::string& email);
// Decodes "a=1&b=x%20y" (form bodies and queries).
std::map<std::string, std::string> parse_form(const std::string& text);
// Unix seconds ↔ "2026-11-22T10:15:00Z" and "22/11/2026 10:15".
std::string iso_utc(std::int64_t t);
std::string french_utc(std::int64_t t);

}  // namespace alin::simulator
