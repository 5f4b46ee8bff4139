#include "support/simulator_process.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace alin::testing {

std::string built_plugin_directory() {
  return ALIN_BUILT_PLUGIN_DIR;
}

std::string simulator_binary(SiteKind kind) {
  return kind == SiteKind::gouv_fr ? ALIN_SITE_GOUV_FR_BINARY : ALIN_SITE_FINISTERE_BINARY;
}

std::string simulator_demo_data(SiteKind kind) {
  return std::string(ALIN_SOURCE_DIR) + "/plugins/departments/" +
         (kind == SiteKind::gouv_fr ? "gouv_fr" : "finistere") + "/simulator/demo_requests.json";
}

namespace {
std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

SimulatorProcess::SimulatorProcess(SiteKind kind, const std::string& data_file) {
  directory_ = std::make_unique<TempDir>();
  maildir_ = directory_->path() + "/mail";
  const std::string out = directory_->path() + "/stdout.log";
  const std::string data = data_file.empty() ? simulator_demo_data(kind) : data_file;
  const std::string command = "exec '" + simulator_binary(kind) +
                              "' --port 0 --test-clock --data '" + data + "' --maildir '" +
                              maildir_ + "' > '" + out + "' 2>&1";
  process_ =
      std::make_unique<Poco::ProcessHandle>(Poco::Process::launch("/bin/sh", {"-c", command}));
  const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string printed = read_file(out);
    if (std::regex_search(printed, m, listening)) {
      port_ = std::stoi(m[1]);
      return;
    }
    if (!Poco::Process::isRunning(*process_)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "the simulator did not start:\n" << read_file(out);
  throw std::runtime_error("simulator did not start");
}

SimulatorProcess::~SimulatorProcess() {
  if (process_ && Poco::Process::isRunning(*process_)) {
    ::kill(process_->id(), SIGTERM);
    process_->wait();
  }
}

std::string SimulatorProcess::last_code(const std::string& to) const {
  // The simulator names each message "<seconds>.<pid>_<sequence>.<site>": the largest sequence is
  // the newest (file times are too coarse to order two codes sent within a few milliseconds).
  std::string code;
  long long newest = -1;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(maildir_ + "/new", ec)) {
    const std::string text = read_file(entry.path());
    if (text.find("To: " + to + "\r\n") == std::string::npos) continue;
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("Votre code d'accès : ([A-Z0-9]{5})"))) continue;
    const std::string name = entry.path().filename().string();
    const auto underscore = name.find('_');
    const long long sequence =
        underscore == std::string::npos ? 0 : std::atoll(name.c_str() + underscore + 1);
    if (sequence > newest) {
      newest = sequence;
      code = m[1];
    }
  }
  return code;
}

int SimulatorProcess::emails_to(const std::string& to) const {
  int n = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(maildir_ + "/new", ec)) {
    if (read_file(entry.path()).find("To: " + to + "\r\n") != std::string::npos) ++n;
  }
  return n;
}

void SimulatorProcess::advance(long long seconds) const {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  Poco::Net::HTTPRequest request("POST", "/_simulator/advance?seconds=" + std::to_string(seconds),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentLength(0);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  session.receiveResponse(response);
  EXPECT_EQ(response.getStatus(), Poco::Net::HTTPResponse::HTTP_OK);
}

}  // namespace alin::testing
