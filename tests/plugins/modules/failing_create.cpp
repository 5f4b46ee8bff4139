// A company plugin whose create refuses (mode=refuse) or throws (mode=throw): neither crosses.
#include "alin/sdk/plugin.hpp"

namespace {

class Failing final : public alin::sdk::CompanyPolicy {
 public:
  static std::vector<alin_plugin_setting> settings() {
    return {{"mode", 0, "refuse", "refuse or throw"}};
  }
  static alin::sdk::Result<std::unique_ptr<Failing>> create(const alin::sdk::Settings& s) {
    if (s.get("mode") == "throw") throw std::runtime_error("database of codes unreachable");
    return alin::sdk::fail(alin::sdk::Fault::unavailable, "no_codes",
                           "le fichier des codes manque");
  }
  alin::sdk::Result<alin::sdk::CompanyRules> rules(const alin::sdk::Company&) noexcept override {
    return alin::sdk::CompanyRules{};
  }
  alin::sdk::Result<alin::sdk::Verdict> check_employment(
      const alin::sdk::Company&, const alin::sdk::EmploymentFacts&) noexcept override {
    return alin::sdk::Verdict{};
  }
  alin::sdk::Result<std::optional<long long>> pseec_rights_left(
      const alin::sdk::Company&) noexcept override {
    return std::optional<long long>();
  }
};

}  // namespace

ALIN_COMPANY_PLUGIN(Failing, "test_failing_create", "1.0.0", "loader test: create fails")
