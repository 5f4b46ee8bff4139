// gouv_fr: the national registration site, demande-logement-social.gouv.fr (RULES.md §3). JSON
// over HTTP at the configured address:
//   POST {url}/api/v1/demandes/{nur}/code           → 202 {destinataire, expiration}
//   POST {url}/api/v1/demandes/{nur}/consultation   {code} → 200 {demande, jetonActualisation}
//   GET  {url}/api/v1/demandes/{nur}  (Authorization: Jeton …) → 200 {demande}
// Errors: {"erreur":{"code","libelle"}} with 404, 401, 410, 429.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <nlohmann/json.hpp>

#include "alin/sdk/plugin.hpp"
#include "national_wire.hpp"

namespace alin::gouv_fr {
namespace {

struct Reply {
  int status = 0;
  std::string body;
};

class GouvFrSite final : public sdk::DepartmentSite {
 public:
  static std::vector<alin_plugin_setting> settings() {
    return {{"url", 0, "http://127.0.0.1:8091", "address of the national site's API"},
            {"public_url", 0, "https://www.demande-logement-social.gouv.fr",
             "where applicants register"},
            {"timeout_seconds", 0, "10", "HTTP timeout"}};
  }

  static sdk::Result<std::unique_ptr<GouvFrSite>> create(const sdk::Settings& settings) {
    auto site = std::make_unique<GouvFrSite>();
    try {
      site->uri_ = Poco::URI(settings.get("url"));
      site->timeout_ = std::stoi(settings.get("timeout_seconds", "10"));
    } catch (const std::exception& e) {
      return sdk::fail(sdk::Fault::invalid, "bad_settings", e.what());
    }
    if (site->uri_.getScheme() != "http" || site->uri_.getHost().empty()) {
      return sdk::fail(sdk::Fault::invalid, "bad_settings", "url must be http://host:port");
    }
    site->public_url_ = settings.get("public_url");
    return site;
  }

  std::string site_url(const std::string&) const noexcept override { return public_url_; }

  sdk::Result<sdk::CodeSent> send_access_code(const std::string& nur) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::CodeSent> {
      auto reply = call("POST", "/api/v1/demandes/" + nur + "/code", "{}", "");
      if (!reply.ok()) return reply.error();
      if (reply->status != 202 && reply->status != 200)
        return parse_error(reply->status, reply->body);
      return parse_code_sent(reply->body);
    });
  }

  sdk::Result<sdk::Imported> fetch(const std::string& nur,
                                   const std::string& code) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::Imported> {
      const std::string body = nlohmann::json{{"code", code}}.dump();
      auto reply = call("POST", "/api/v1/demandes/" + nur + "/consultation", body, "");
      if (!reply.ok()) return reply.error();
      if (reply->status != 200) return parse_error(reply->status, reply->body);
      auto request = parse_request(reply->body);
      if (!request.ok()) return request.error();
      const auto parsed = nlohmann::json::parse(reply->body, nullptr, false);
      std::string token;
      if (parsed.is_object() && parsed.contains("jetonActualisation") &&
          parsed["jetonActualisation"].is_string()) {
        token = parsed["jetonActualisation"].get<std::string>();
      }
      return sdk::Imported{std::move(request.value()), token};
    });
  }

  sdk::Result<sdk::SiteRequest> refresh(const std::string& nur,
                                        const std::string& token) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::SiteRequest> {
      auto reply = call("GET", "/api/v1/demandes/" + nur, "", "Jeton " + token);
      if (!reply.ok()) return reply.error();
      if (reply->status != 200) return parse_error(reply->status, reply->body);
      return parse_request(reply->body);
    });
  }

 private:
  sdk::Result<Reply> call(const std::string& method, const std::string& path,
                          const std::string& body, const std::string& authorization) const {
    try {
      Poco::Net::HTTPClientSession session(uri_.getHost(), uri_.getPort());
      session.setTimeout(Poco::Timespan(timeout_, 0));
      Poco::Net::HTTPRequest request(method, uri_.getPath() + path,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      if (!authorization.empty()) request.set("Authorization", authorization);
      if (method == "POST") {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
      }
      std::ostream& out = session.sendRequest(request);
      if (method == "POST") out << body;
      Poco::Net::HTTPResponse response;
      std::istream& in = session.receiveResponse(response);
      Reply reply;
      reply.status = static_cast<int>(response.getStatus());
      Poco::StreamCopier::copyToString(in, reply.body);
      return reply;
    } catch (const std::exception& e) {
      return sdk::fail(sdk::Fault::unavailable, "site_unavailable",
                       "Le site national est injoignable pour le moment.");
    }
  }

  Poco::URI uri_;
  int timeout_ = 10;
  std::string public_url_;
};

}  // namespace
}  // namespace alin::gouv_fr

ALIN_DEPARTMENT_PLUGIN(
    alin::gouv_fr::GouvFrSite, "gouv_fr", "1.0.0",
    "Site national demande-logement-social.gouv.fr (départements sans site local)")
