#include "simulator.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace alin::simulator {

Options parse_command_line(int argc, char** argv, const std::string& site_name) {
  Options options;
  options.site_name = site_name;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--port")
      options.port = std::stoi(value());
    else if (arg == "--data")
      options.data_file = value();
    else if (arg == "--maildir")
      options.maildir = value();
    else if (arg == "--code-ttl")
      options.code_ttl_seconds = std::stoll(value());
    else if (arg == "--test-clock")
      options.test_clock = true;
    else {
      std::cerr << "usage: " << argv[0]
                << " --data FILE --maildir DIR [--port N] [--code-ttl SECONDS] [--test-clock]\n";
      std::exit(2);
    }
  }
  if (options.data_file.empty() || options.maildir.empty()) {
    std::cerr << argv[0] << ": --data and --maildir are required\n";
    std::exit(2);
  }
  return options;
}

Site::Site(Options options, std::function<std::string(const nlohmann::json&)> number_of,
           std::function<std::string(const nlohmann::json&)> email_of)
    : options_(std::move(options)),
      number_of_(std::move(number_of)),
      email_of_(std::move(email_of)) {
  std::ifstream in(options_.data_file);
  if (!in) throw std::runtime_error("cannot read " + options_.data_file);
  const auto data = nlohmann::json::parse(in);
  for (const auto& record : data) records_[number_of_(record)] = record;
  for (const char* sub : {"new", "tmp", "cur"}) {
    std::filesystem::create_directories(std::filesystem::path(options_.maildir) / sub);
  }
}

std::int64_t Site::now() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::int64_t>(std::time(nullptr)) + offset_;
}

void Site::advance(std::int64_t seconds) {
  std::lock_guard lock(mutex_);
  if (seconds > 0) offset_ += seconds;
}

std::optional<nlohmann::json> Site::find(const std::string& number) const {
  std::lock_guard lock(mutex_);
  const auto it = records_.find(number);
  if (it == records_.end()) return std::nullopt;
  return it->second;
}

namespace {

std::string random_code() {
  // No 0/O, 1/I/L: a person types it from an email.
  static const std::string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  static thread_local std::mt19937 generator{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string code;
  for (int i = 0; i < 5; ++i) code += alphabet[pick(generator)];
  return code;
}

std::string random_token() {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  std::ostringstream s;
  s << std::hex << generator() << generator();
  return s.str();
}

}  // namespace

std::optional<std::pair<std::string, std::int64_t>> Site::send_code(const std::string& number) {
  const auto record = find(number);
  if (!record) return std::nullopt;
  const std::string email = email_of_(*record);
  const std::string code = random_code();
  const std::int64_t expires_at = now() + options_.code_ttl_seconds;
  {
    std::lock_guard lock(mutex_);
    codes_[number] = {code, expires_at};
  }
  // The email, as a maildir message: tmp/ then renamed into new/.
  static std::atomic<int> counter{0};
  const std::string name = std::to_string(std::time(nullptr)) + "." + std::to_string(::getpid()) +
                           "_" + std::to_string(++counter) + "." + options_.site_name;
  const auto tmp = std::filesystem::path(options_.maildir) / "tmp" / name;
  {
    std::ofstream out(tmp);
    out << "From: " << options_.sender << "\r\n"
        << "To: " << email << "\r\n"
        << "Subject: =?UTF-8?Q?Votre_code_d'acc=C3=A8s?=\r\n"
        << "Content-Type: text/plain; charset=UTF-8\r\n"
        << "\r\n"
        << "Bonjour,\r\n\r\n"
        << "Vous avez demandé l'accès à votre demande de logement social n° " << number
        << " depuis une plateforme partenaire.\r\n\r\n"
        << "Votre code d'accès : " << code << "\r\n\r\n"
        << "Il est valable 24 heures (jusqu'au " << french_utc(expires_at) << " UTC).\r\n"
        << "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\r\n";
  }
  std::filesystem::rename(tmp, std::filesystem::path(options_.maildir) / "new" / name);
  return std::make_pair(mask_email(email), expires_at);
}

CodeCheck Site::check_code(const std::string& number, const std::string& code, std::string& token) {
  const std::int64_t at = now();
  std::lock_guard lock(mutex_);
  if (!records_.count(number)) return CodeCheck::unknown;
  const auto it = codes_.find(number);
  if (it == codes_.end() || it->second.code != code) return CodeCheck::wrong;
  if (at > it->second.expires_at) return CodeCheck::expired;
  codes_.erase(it);
  token = random_token();
  tokens_[number] = token;
  return CodeCheck::ok;
}

bool Site::check_token(const std::string& number, const std::string& token) const {
  std::lock_guard lock(mutex_);
  const auto it = tokens_.find(number);
  return it != tokens_.end() && !token.empty() && it->second == token;
}

std::string mask_email(const std::string& email) {
  const auto at = email.find('@');
  if (at == std::string::npos || at == 0) return "***";
  const std::string domain = email.substr(at + 1);
  const auto dot = domain.rfind('.');
  std::string masked = email.substr(0, 1) + "***@";
  if (dot == std::string::npos || dot == 0) return masked + "***";
  return masked + domain.substr(0, 1) + "***" + domain.substr(dot);
}

std::map<std::string, std::string> parse_form(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string pair;
  auto decode = [](const std::string& s) {
    std::string r;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+')
        r += ' ';
      else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        r += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        r += s[i];
      }
    }
    return r;
  };
  while (std::getline(in, pair, '&')) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos) continue;
    out[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
  }
  return out;
}

std::string iso_utc(std::int64_t t) {
  const std::time_t time = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string french_utc(std::int64_t t) {
  const std::time_t time = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%d/%m/%Y %H:%M", &tm);
  return buffer;
}

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(Site& site, const HttpHandler& handler) : site_(site), handler_(handler) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    HttpRequest in;
    in.method = request.getMethod();
    const std::string uri = request.getURI();
    const auto question = uri.find('?');
    in.path = uri.substr(0, question);
    if (question != std::string::npos) in.query = uri.substr(question + 1);
    for (const auto& [name, value] : request) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      in.headers[lower] = value;
    }
    Poco::StreamCopier::copyToString(request.stream(), in.body);
    HttpResponse out;
    try {
      if (site_.options().test_clock && in.method == "POST" && in.path == "/_simulator/advance") {
        site_.advance(std::stoll(parse_form(in.query)["seconds"]));
        out.body = "{\"now\":\"" + iso_utc(site_.now()) + "\"}";
      } else {
        out = handler_(in);
      }
    } catch (const std::exception& e) {
      out = {500, "text/plain", e.what()};
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status));
    response.setContentType(out.content_type);
    response.setContentLength(static_cast<std::streamsize>(out.body.size()));
    response.send() << out.body;
  }

 private:
  Site& site_;
  const HttpHandler& handler_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(Site& site, const HttpHandler& handler) : site_(site), handler_(handler) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(site_, handler_);
  }

 private:
  Site& site_;
  const HttpHandler& handler_;
};

}  // namespace

int serve(Site& site, const HttpHandler& handler) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before the server's threads start
  Poco::Net::ServerSocket socket(
      Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(site.options().port)));
  auto* params = new Poco::Net::HTTPServerParams();
  params->setMaxThreads(8);
  params->setKeepAlive(false);
  Poco::Net::HTTPServer server(new Factory(site, handler), socket, params);
  server.start();
  std::cout << site.options().site_name
            << " simulator listening on http://127.0.0.1:" << socket.address().port() << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  server.stop();
  std::cout << "stopped" << std::endl;
  return 0;
}

}  // namespace alin::simulator
