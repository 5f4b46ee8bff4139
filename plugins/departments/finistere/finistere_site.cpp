// finistere: the Imhoweb site of department 29, demandelogement29.fr (RULES.md §3). Form-encoded
// POSTs to the configured address; JSON replies, always HTTP 200, {"STATUT":"OK"|"KO"}:
//   POST {url}/imhowebGP29/ws/acces         nud=…&action=ENVOI_CODE
//   POST {url}/imhowebGP29/ws/demande       nud=…&code=…
//   POST {url}/imhowebGP29/ws/actualisation nud=…&jeton=…
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "alin/sdk/plugin.hpp"
#include "imhoweb_wire.hpp"

namespace alin::finistere {
namespace {

std::string form_encode(const std::string& s) {
  std::string out;
  Poco::URI::encode(s, "&=+;%", out);
  return out;
}

class FinistereSite final : public sdk::DepartmentSite {
 public:
  static std::vector<alin_plugin_setting> settings() {
    return {{"url", 0, "http://127.0.0.1:8092", "address of the Imhoweb site"},
            {"public_url", 0, "https://www.demandelogement29.fr/imhowebGP29",
             "where applicants register"},
            {"timeout_seconds", 0, "10", "HTTP timeout"}};
  }

  static sdk::Result<std::unique_ptr<FinistereSite>> create(const sdk::Settings& settings) {
    auto site = std::make_unique<FinistereSite>();
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

  sdk::Result<sdk::CodeSent> send_access_code(const std::string& nud) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::CodeSent> {
      auto reply = post("acces", "nud=" + form_encode(nud) + "&action=ENVOI_CODE");
      if (!reply.ok()) return reply.error();
      return parse_code_reply(reply.value());
    });
  }

  sdk::Result<sdk::Imported> fetch(const std::string& nud,
                                   const std::string& code) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::Imported> {
      auto reply = post("demande", "nud=" + form_encode(nud) + "&code=" + form_encode(code));
      if (!reply.ok()) return reply.error();
      std::string token;
      auto request = parse_request_reply(reply.value(), token);
      if (!request.ok()) return request.error();
      return sdk::Imported{std::move(request.value()), token};
    });
  }

  sdk::Result<sdk::SiteRequest> refresh(const std::string& nud,
                                        const std::string& token) noexcept override {
    return sdk::guarded([&]() -> sdk::Result<sdk::SiteRequest> {
      auto reply =
          post("actualisation", "nud=" + form_encode(nud) + "&jeton=" + form_encode(token));
      if (!reply.ok()) return reply.error();
      std::string ignored;
      return parse_request_reply(reply.value(), ignored);
    });
  }

 private:
  sdk::Result<std::string> post(const std::string& service, const std::string& form) const {
    try {
      Poco::Net::HTTPClientSession session(uri_.getHost(), uri_.getPort());
      session.setTimeout(Poco::Timespan(timeout_, 0));
      Poco::Net::HTTPRequest request("POST", uri_.getPath() + "/imhowebGP29/ws/" + service,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      request.setContentType("application/x-www-form-urlencoded");
      request.setContentLength(static_cast<std::streamsize>(form.size()));
      session.sendRequest(request) << form;
      Poco::Net::HTTPResponse response;
      std::istream& in = session.receiveResponse(response);
      std::string body;
      Poco::StreamCopier::copyToString(in, body);
      if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
        return sdk::fail(sdk::Fault::unavailable, "site_unavailable",
                         "Le site du Finistère ne répond pas correctement (HTTP " +
                             std::to_string(static_cast<int>(response.getStatus())) + ").");
      }
      return body;
    } catch (const std::exception&) {
      return sdk::fail(sdk::Fault::unavailable, "site_unavailable",
                       "Le site du Finistère est injoignable pour le moment.");
    }
  }

  Poco::URI uri_;
  int timeout_ = 10;
  std::string public_url_;
};

}  // namespace
}  // namespace alin::finistere

ALIN_DEPARTMENT_PLUGIN(alin::finistere::FinistereSite, "finistere", "1.0.0",
                       "Site Imhoweb du Finistère (29), demandelogement29.fr")
