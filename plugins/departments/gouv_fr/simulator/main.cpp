// alin-site-gouv_fr: a simulator of the national registration site's API, for the tests and the
// demo. Its data file is a JSON array of "demande" objects in the national format (see
// demo_requests.json); codes are emailed to a maildir folder.
#include <iostream>

#include "simulator.hpp"

using alin::simulator::HttpRequest;
using alin::simulator::HttpResponse;
using nlohmann::json;

namespace {

HttpResponse error(int status, const std::string& code, const std::string& label) {
  return {status, "application/json; charset=utf-8",
          json{{"erreur", {{"code", code}, {"libelle", label}}}}.dump()};
}

}  // namespace

int main(int argc, char** argv) {
  auto options = alin::simulator::parse_command_line(argc, argv, "gouv_fr");
  options.sender = "ne-pas-repondre@demande-logement-social.gouv.fr";
  alin::simulator::Site site(
      options, [](const json& r) { return r.value("numeroUnique", ""); },
      [](const json& r) { return r.value("courriel", ""); });
  const std::string prefix = "/api/v1/demandes/";
  return alin::simulator::serve(site, [&](const HttpRequest& request) -> HttpResponse {
    if (request.path.rfind(prefix, 0) != 0)
      return error(404, "RESSOURCE_INCONNUE", "Ressource inconnue");
    std::string rest = request.path.substr(prefix.size());
    const auto slash = rest.find('/');
    const std::string nur = rest.substr(0, slash);
    const std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (request.method == "POST" && action == "code") {
      const auto sent = site.send_code(nur);
      if (!sent) return error(404, "DEMANDE_INCONNUE", "Demande inconnue");
      return {202, "application/json; charset=utf-8",
              json{{"destinataire", sent->first},
                   {"expiration", alin::simulator::iso_utc(sent->second)}}
                  .dump()};
    }
    if (request.method == "POST" && action == "consultation") {
      const json body = json::parse(request.body, nullptr, false);
      const std::string code = body.is_object() ? body.value("code", "") : "";
      std::string token;
      switch (site.check_code(nur, code, token)) {
        case alin::simulator::CodeCheck::unknown:
          return error(404, "DEMANDE_INCONNUE", "Demande inconnue");
        case alin::simulator::CodeCheck::wrong:
          return error(401, "CODE_INVALIDE", "Code invalide");
        case alin::simulator::CodeCheck::expired:
          return error(410, "CODE_EXPIRE", "Code expiré");
        case alin::simulator::CodeCheck::ok:
          break;
      }
      return {200, "application/json; charset=utf-8",
              json{{"demande", *site.find(nur)}, {"jetonActualisation", token}}.dump()};
    }
    if (request.method == "GET" && action.empty()) {
      const auto record = site.find(nur);
      if (!record) return error(404, "DEMANDE_INCONNUE", "Demande inconnue");
      const auto auth = request.headers.find("authorization");
      const std::string given = auth == request.headers.end() ? "" : auth->second;
      if (given.rfind("Jeton ", 0) != 0 || !site.check_token(nur, given.substr(6))) {
        return error(401, "JETON_INVALIDE", "Jeton d'actualisation invalide");
      }
      return {200, "application/json; charset=utf-8", json{{"demande", *record}}.dump()};
    }
    return error(405, "METHODE_NON_PERMISE", "Méthode non permise");
  });
}
