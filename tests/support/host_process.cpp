#include "support/host_process.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace alin::testing {

std::string source_dir() {
  return ALIN_SOURCE_DIR;
}

std::string Reply::header(const std::string& lower_name) const {
  const auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

HostProcess::HostProcess(HostOptions options) : options_(std::move(options)) {
  if (options_.connection.empty()) {
    database_ = TestDatabase::create(options_.backend);
    if (!database_) {
      skipped_ = true;
      return;
    }
    connection_ = database_->connection();
  } else {
    connection_ = options_.connection;
  }
  directory_ = std::make_unique<TempDir>();
  maildir_ = options_.maildir.empty() ? directory_->path() + "/mail" : options_.maildir;
  const std::string config_path = directory_->path() + "/alin.properties";
  {
    std::ofstream config(config_path);
    config << "database.connection = " << connection_ << "\n"
           << "database.pool = 4\n"
           << "server.threads = 8\n"
           << "paths.data = " << source_dir() << "/rules/data\n"
           << "paths.rules = " << source_dir() << "/rules\n"
           << "paths.workflows = " << source_dir() << "/workflows\n"
           << "mail.transport = maildir:" << maildir_
           << "\n"
           // Argon2id at its minimum cost: the tests log in often; production keeps the default.
           << "security.argon2.ops = 1\n"
           << "security.argon2.memoryKiB = 8\n";
    for (const auto& [key, value] : options_.config) config << key << " = " << value << "\n";
  }
  std::vector<std::string> args = {"--config=" + config_path, "--port=0"};
  if (options_.demo) args.push_back("--demo");
  if (options_.test_clock) args.push_back("--test-clock");
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());

  stdout_path_ = directory_->path() + "/stdout.log";
  Poco::Process::Env env;
  env["ALIN_ADMIN_EMAIL"] = options_.admin_email;
  env["ALIN_ADMIN_PASSWORD"] = options_.admin_password;
  // The host's stdout and stderr go to files: stdout is read for the "listening on" line, and a
  // host orphaned by a crashed test must not hold the test runner's pipes open.
  const std::string shell_command = std::string("exec \"") + ALIN_HOST_BINARY + "\"";
  std::string quoted;
  for (const auto& a : args) quoted += " '" + a + "'";
  process_ = std::make_unique<Poco::ProcessHandle>(
      Poco::Process::launch("/bin/sh",
                            {"-c", shell_command + quoted + " > '" + stdout_path_ + "' 2> '" +
                                       directory_->path() + "/stderr.log'"},
                            directory_->path(), nullptr, nullptr, nullptr, env));

  const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string out = output();
    if (std::regex_search(out, m, listening)) {
      port_ = std::stoi(m[1]);
      return;
    }
    if (!Poco::Process::isRunning(*process_)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "alin-host did not start; it printed:\n" << output();
  throw std::runtime_error("alin-host did not start");
}

HostProcess::~HostProcess() {
  if (process_ && Poco::Process::isRunning(*process_)) {
    stop();
  }
}

std::string HostProcess::output() const {
  std::ifstream in(stdout_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int HostProcess::stop() {
  ::kill(process_->id(), SIGTERM);
  return process_->wait();
}

void HostProcess::kill() {
  ::kill(process_->id(), SIGKILL);
  process_->wait();
}

Reply HostProcess::request(const std::string& method, const std::string& path,
                           const std::string& body,
                           const std::map<std::string, std::string>& headers) const {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    if (!request.has("Content-Type")) request.setContentType("application/json");
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  std::ostream& out = session.sendRequest(request);
  out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  Reply reply;
  reply.status = static_cast<int>(response.getStatus());
  for (const auto& [name, value] : response) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[lower] = value;
  }
  Poco::StreamCopier::copyToString(in, reply.body);
  reply.parsed = nlohmann::json::parse(reply.body, nullptr, false);
  if (reply.parsed.is_discarded()) reply.parsed = nullptr;
  return reply;
}

namespace {
std::map<std::string, std::string> auth(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}
}  // namespace

Reply HostProcess::get(const std::string& path, const std::string& token) const {
  return request("GET", path, "", auth(token));
}

Reply HostProcess::post(const std::string& path, const nlohmann::json& body,
                        const std::string& token) const {
  return request("POST", path, body.dump(), auth(token));
}

Reply HostProcess::del(const std::string& path, const std::string& token) const {
  return request("DELETE", path, "", auth(token));
}

Reply HostProcess::put(const std::string& path, const nlohmann::json& body,
                       const std::string& token) const {
  return request("PUT", path, body.dump(), auth(token));
}

Reply HostProcess::patch(const std::string& path, const nlohmann::json& body,
                         const std::string& token) const {
  return request("PATCH", path, body.dump(), auth(token));
}

std::string HostProcess::applicant(const std::string& email, const std::string& last_name,
                                   const std::string& first_name,
                                   const std::string& password) const {
  const Reply created = post("/api/v1/accounts", {{"lastName", last_name},
                                                  {"firstName", first_name},
                                                  {"mobile", "0612345678"},
                                                  {"email", email},
                                                  {"acceptsDataUse", true},
                                                  {"acceptsTerms", true}});
  EXPECT_EQ(created.status, 201) << created.body;
  const std::string token = link_token(email, "account_confirmation");
  const Reply confirmed =
      post("/api/v1/accounts/confirm", {{"token", token}, {"password", password}});
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  return login(email, password);
}

std::string HostProcess::staff(const std::string& admin_token, const std::string& email,
                               const std::string& role, const std::string& organisation,
                               const std::string& password) const {
  nlohmann::json body = {
      {"email", email}, {"lastName", "Agent"}, {"firstName", "Anne"}, {"role", role}};
  if (!organisation.empty()) body["organisationId"] = organisation;
  const Reply created = post("/api/v1/admin/users", body, admin_token);
  EXPECT_EQ(created.status, 201) << created.body;
  const std::string token = link_token(email, "staff_invitation");
  const Reply confirmed =
      post("/api/v1/accounts/confirm", {{"token", token}, {"password", password}});
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  return login(email, password);
}

std::string HostProcess::login(const std::string& email, const std::string& password) const {
  const Reply reply = post("/api/v1/sessions", {{"email", email}, {"password", password}});
  EXPECT_EQ(reply.status, 201) << reply.body;
  return reply.json().value("token", "");
}

nlohmann::json HostProcess::messages_to(const std::string& to) const {
  const std::string token = admin_token();
  std::string encoded;
  for (char c : to) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')
      encoded += c;
    else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned char>(c));
      encoded += buffer;
    }
  }
  const Reply reply = get("/api/v1/admin/messages?to=" + encoded, token);
  EXPECT_EQ(reply.status, 200) << reply.body;
  return reply.json().value("items", nlohmann::json::array());
}

std::string HostProcess::link_token(const std::string& to, const std::string& template_name) const {
  for (const auto& message : messages_to(to)) {
    if (message.value("template", "") != template_name) continue;
    std::smatch m;
    const std::string body = message.value("body", "");
    if (std::regex_search(body, m, std::regex("token=([A-Za-z0-9_-]+)"))) return m[1];
  }
  return {};
}

}  // namespace alin::testing
