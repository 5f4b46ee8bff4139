// A well-formed department plugin for the loader tests: canned answers, one required setting.
#include "alin/sdk/plugin.hpp"

namespace {

class GoodSite final : public alin::sdk::DepartmentSite {
 public:
  static std::vector<alin_plugin_setting> settings() {
    return {{"greeting", 1, nullptr, "a required setting"},
            {"region", 0, "bretagne", "with a default"}};
  }
  static alin::sdk::Result<std::unique_ptr<GoodSite>> create(const alin::sdk::Settings& s) {
    auto site = std::make_unique<GoodSite>();
    site->url_ = "https://" + s.get("greeting") + "." + s.get("region") + ".test";
    return site;
  }
  std::string site_url(const std::string&) const noexcept override { return url_; }
  alin::sdk::Result<alin::sdk::CodeSent> send_access_code(
      const std::string& nur) noexcept override {
    if (nur == "throw") {
      return alin::sdk::guarded(
          []() -> alin::sdk::Result<alin::sdk::CodeSent> { throw std::runtime_error("boom"); });
    }
    return alin::sdk::CodeSent{"t***@e***.fr", 1'800'000'000};
  }
  alin::sdk::Result<alin::sdk::Imported> fetch(const std::string&,
                                               const std::string&) noexcept override {
    return alin::sdk::fail(alin::sdk::Fault::denied, "wrong_code", "Le code saisi est incorrect.");
  }
  alin::sdk::Result<alin::sdk::SiteRequest> refresh(const std::string&,
                                                    const std::string&) noexcept override {
    return alin::sdk::fail(alin::sdk::Fault::not_found, "unknown_request", "inconnue");
  }

 private:
  std::string url_;
};

}  // namespace

ALIN_DEPARTMENT_PLUGIN(GoodSite, "test_good_site", "2.3.4", "loader test: a good plugin")
