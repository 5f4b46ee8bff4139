#pragma once
// alin-host: a Poco ServerApplication with a configuration file and command-line overrides.
#include <Poco/Util/ServerApplication.h>

namespace alin::host {

class HostApplication final : public Poco::Util::ServerApplication {
 protected:
  void initialize(Poco::Util::Application& self) override;
  void defineOptions(Poco::Util::OptionSet& options) override;
  int main(const std::vector<std::string>& args) override;

 private:
  void handle_help(const std::string& name, const std::string& value);
  void handle_config(const std::string& name, const std::string& value);
  void set_key(const std::string& name, const std::string& value);

  bool help_requested_ = false;
};

}  // namespace alin::host
