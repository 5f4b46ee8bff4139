#include "national_wire.hpp"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace alin::gouv_fr {
namespace {

using nlohmann::json;

sdk::Error malformed(const std::string& what) {
  return sdk::fail(sdk::Fault::unavailable, "site_malformed_reply",
                   "Le site national a répondu dans un format inattendu (" + what + ").");
}

std::string string_at(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool integer_at(const json& object, const char* key, long long& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return false;
  out = it->get<long long>();
  return true;
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

std::int64_t parse_iso_utc(const std::string& text) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char zulu = 0;
  if (text.size() != 20 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
                  &second, &zulu) != 7 ||
      zulu != 'Z' || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60 || year < 1970) {
    return -1;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm));
}

sdk::Result<sdk::SiteRequest> parse_request(const std::string& json_text) {
  const json body = json::parse(json_text, nullptr, false);
  if (!body.is_object() || !body.contains("demande") || !body["demande"].is_object()) {
    return malformed("pas d'objet demande");
  }
  const json& d = body["demande"];
  sdk::SiteRequest r;
  r.unique_number = string_at(d, "numeroUnique");
  r.department = string_at(d, "departement");
  r.email = string_at(d, "courriel");
  const std::string situation = string_at(d, "situationFamiliale");
  if (situation == "MARIE")
    r.couple_status = "married";
  else if (situation == "PACSE")
    r.couple_status = "pacs";
  else if (situation == "CONCUBINAGE")
    r.couple_status = "cohabiting";
  else if (situation == "CELIBATAIRE" || situation == "DIVORCE" || situation == "VEUF" ||
           situation == "SEPARE")
    r.couple_status = "none";
  else
    return malformed("situationFamiliale");
  if (r.unique_number.empty() || r.email.empty()) return malformed("numeroUnique ou courriel");

  const auto persons = d.find("personnes");
  if (persons == d.end() || !persons->is_array() || persons->empty()) return malformed("personnes");
  for (const json& p : *persons) {
    if (!p.is_object()) return malformed("personnes");
    sdk::SitePerson person;
    const std::string link = string_at(p, "lien");
    if (link == "DEMANDEUR")
      person.role = "applicant";
    else if (link == "CODEMANDEUR")
      person.role = "coApplicant";
    else if (link == "ENFANT")
      person.role = "dependant";
    else if (link == "AUTRE")
      person.role = "other";
    else
      return malformed("lien");
    const std::string title = string_at(p, "civilite");
    person.title = title == "MME" ? "Mme" : title == "M" ? "M." : "";
    person.last_name = string_at(p, "nom");
    person.first_name = string_at(p, "prenom");
    person.birth_date = string_at(p, "dateNaissance");
    if (person.last_name.empty() || person.first_name.empty() || !is_date(person.birth_date)) {
      return malformed("identité d'une personne");
    }
    const auto disabled = p.find("handicap");
    person.disabled = disabled != p.end() && disabled->is_boolean() && disabled->get<bool>();
    r.members.push_back(std::move(person));
  }
  if (r.members.front().role != "applicant") return malformed("le demandeur vient en premier");

  const auto incomes = d.find("revenus");
  if (incomes == d.end() || !incomes->is_object()) return malformed("revenus");
  if (!integer_at(*incomes, "revenuFiscalN2", r.tax_income_n2) || r.tax_income_n2 < 0) {
    return malformed("revenuFiscalN2");
  }
  long long n1 = 0;
  if (integer_at(*incomes, "revenuFiscalN1", n1) && n1 >= 0) r.tax_income_n1 = n1;
  if (!integer_at(*incomes, "ressourcesMensuelles", r.monthly_resources) ||
      r.monthly_resources < 0) {
    return malformed("ressourcesMensuelles");
  }
  integer_at(*incomes, "aideLogement", r.housing_benefit);

  if (const auto wanted = d.find("communesSouhaitees"); wanted != d.end() && wanted->is_array()) {
    for (const json& c : *wanted) {
      const std::string insee = c.is_object() ? string_at(c, "codeInsee") : "";
      if (insee.size() != 5) return malformed("codeInsee");
      r.wanted_communes.push_back(insee);
    }
  }
  if (const auto work = d.find("situationProfessionnelle"); work != d.end() && work->is_object()) {
    r.employer_siret = string_at(*work, "siretEmployeur");
    r.employer_name = string_at(*work, "raisonSociale");
    const auto several = work->find("plusieursEmployeurs");
    r.several_employers = several != work->end() && several->is_boolean() && several->get<bool>();
    if (const auto place = work->find("lieuTravail"); place != work->end() && place->is_object()) {
      r.workplace_postcode = string_at(*place, "codePostal");
      r.workplace_town = string_at(*place, "commune");
    }
  }
  if (const auto home = d.find("logementActuel"); home != d.end() && home->is_object()) {
    r.current_town = string_at(*home, "commune");
  }
  r.registered_on = string_at(d, "dateDepot");
  r.renewal_due = string_at(d, "dateRenouvellement");
  return r;
}

sdk::Result<sdk::CodeSent> parse_code_sent(const std::string& json_text) {
  const json body = json::parse(json_text, nullptr, false);
  if (!body.is_object()) return malformed("réponse d'envoi de code");
  sdk::CodeSent sent;
  sent.masked_email = string_at(body, "destinataire");
  sent.expires_at = parse_iso_utc(string_at(body, "expiration"));
  if (sent.masked_email.empty() || sent.expires_at < 0)
    return malformed("destinataire ou expiration");
  return sent;
}

sdk::Error parse_error(int status, const std::string& json_text) {
  const json body = json::parse(json_text, nullptr, false);
  std::string code;
  if (body.is_object() && body.contains("erreur") && body["erreur"].is_object()) {
    code = string_at(body["erreur"], "code");
  }
  if (code == "DEMANDE_INCONNUE" || status == 404) {
    return sdk::fail(sdk::Fault::not_found, "unknown_request",
                     "Le site national ne connaît pas ce numéro unique.");
  }
  if (code == "CODE_EXPIRE" || status == 410) {
    return sdk::fail(sdk::Fault::expired, "code_expired",
                     "Ce code a expiré (valable 24 heures) : demandez-en un nouveau.");
  }
  if (code == "CODE_INVALIDE") {
    return sdk::fail(sdk::Fault::denied, "wrong_code", "Le code saisi est incorrect.");
  }
  if (code == "JETON_INVALIDE") {
    return sdk::fail(sdk::Fault::denied, "refresh_refused",
                     "Le site national n'accepte plus la mise à jour : importez à nouveau votre "
                     "demande.");
  }
  if (status == 429) {
    return sdk::fail(sdk::Fault::rate_limited, "site_rate_limited",
                     "Le site national demande de patienter avant un nouvel essai.");
  }
  return sdk::fail(
      sdk::Fault::unavailable, "site_unavailable",
      "Le site national ne répond pas correctement (HTTP " + std::to_string(status) + ").");
}

}  // namespace alin::gouv_fr
