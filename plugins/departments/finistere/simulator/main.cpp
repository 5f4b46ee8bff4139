// alin-site-finistere: a simulator of the Imhoweb site of Finistère (demandelogement29.fr), for
// the tests and the demo. Its data file is a JSON array of DEMANDE objects in the Imhoweb format
// (see demo_requests.json); codes are emailed to a maildir folder. Like the real site, every
// answer is HTTP 200 and says OK or KO in its body.
#include "simulator.hpp"

using alin::simulator::HttpRequest;
using alin::simulator::HttpResponse;
using nlohmann::json;

namespace {

HttpResponse reply(const json& body) {
  return {200, "application/json; charset=utf-8", body.dump()};
}
HttpResponse ko(const std::string& reason) {
  return reply({{"STATUT", "KO"}, {"MOTIF", reason}});
}

}  // namespace

int main(int argc, char** argv) {
  auto options = alin::simulator::parse_command_line(argc, argv, "finistere");
  options.sender = "ne-pas-repondre@demandelogement29.fr";
  alin::simulator::Site site(
      options, [](const json& r) { return r.value("NUD", ""); },
      [](const json& r) { return r.value("MAIL", ""); });
  const std::string prefix = "/imhowebGP29/ws/";
  return alin::simulator::serve(site, [&](const HttpRequest& request) -> HttpResponse {
    if (request.method != "POST" || request.path.rfind(prefix, 0) != 0) {
      return {404, "text/html; charset=utf-8", "<html><body>Page introuvable</body></html>"};
    }
    const std::string service = request.path.substr(prefix.size());
    auto form = alin::simulator::parse_form(request.body);
    const std::string nud = form["nud"];
    if (service == "acces" && form["action"] == "ENVOI_CODE") {
      const auto sent = site.send_code(nud);
      if (!sent) return ko("NUD_INCONNU");
      return reply({{"STATUT", "OK"},
                    {"MAIL_MASQUE", sent->first},
                    {"VALIDITE", alin::simulator::french_utc(sent->second)}});
    }
    if (service == "demande") {
      std::string token;
      switch (site.check_code(nud, form["code"], token)) {
        case alin::simulator::CodeCheck::unknown:
          return ko("NUD_INCONNU");
        case alin::simulator::CodeCheck::wrong:
          return ko("CODE_ERRONE");
        case alin::simulator::CodeCheck::expired:
          return ko("CODE_PERIME");
        case alin::simulator::CodeCheck::ok:
          break;
      }
      return reply({{"STATUT", "OK"}, {"JETON", token}, {"DEMANDE", *site.find(nud)}});
    }
    if (service == "actualisation") {
      const auto record = site.find(nud);
      if (!record) return ko("NUD_INCONNU");
      if (!site.check_token(nud, form["jeton"])) return ko("JETON_REFUSE");
      return reply({{"STATUT", "OK"}, {"DEMANDE", *record}});
    }
    return ko("SERVICE_INCONNU");
  });
}
