#pragma once
// A registration-site simulator (alin-site-gouv_fr, alin-site-finistere) started on a free
// loopback port for a test, with its own maildir: the access codes it emails are read from there.
#include <Poco/Process.h>

#include <memory>
#include <string>

#include "support/test_database.hpp"

namespace alin::testing {

enum class SiteKind { gouv_fr, finistere };

class SimulatorProcess {
 public:
  // Starts the simulator with its demo data (or `data_file`) and the test clock on.
  explicit SimulatorProcess(SiteKind kind, const std::string& data_file = "");
  ~SimulatorProcess();

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& maildir() const { return maildir_; }

  // The newest access code emailed to `to` ("" when none).
  std::string last_code(const std::string& to) const;
  // How many code emails went to `to`.
  int emails_to(const std::string& to) const;
  // Moves the simulator's clock forward.
  void advance(long long seconds) const;

 private:
  std::unique_ptr<TempDir> directory_;
  std::string maildir_;
  std::unique_ptr<Poco::ProcessHandle> process_;
  int port_ = 0;
};

// Where the build put the plugins and the simulators.
std::string built_plugin_directory();
std::string simulator_binary(SiteKind kind);
std::string simulator_demo_data(SiteKind kind);

}  // namespace alin::testing
