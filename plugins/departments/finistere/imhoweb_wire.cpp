#include "imhoweb_wire.hpp"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace alin::finistere {
namespace {

using nlohmann::json;

sdk::Error malformed(const std::string& what) {
  return sdk::fail(sdk::Fault::unavailable, "site_malformed_reply",
                   "Le site du Finistère a répondu dans un format inattendu (" + what + ").");
}

std::string text_at(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A KO reply's reason as an SDK error.
sdk::Error refusal(const std::string& reason) {
  if (reason == "NUD_INCONNU") {
    return sdk::fail(sdk::Fault::not_found, "unknown_request",
                     "Le site du Finistère ne connaît pas ce numéro unique.");
  }
  if (reason == "CODE_ERRONE") {
    return sdk::fail(sdk::Fault::denied, "wrong_code", "Le code saisi est incorrect.");
  }
  if (reason == "CODE_PERIME") {
    return sdk::fail(sdk::Fault::expired, "code_expired",
                     "Ce code a expiré (valable 24 heures) : demandez-en un nouveau.");
  }
  if (reason == "JETON_REFUSE") {
    return sdk::fail(sdk::Fault::denied, "refresh_refused",
                     "Le site du Finistère n'accepte plus la mise à jour : importez à nouveau "
                     "votre demande.");
  }
  if (reason == "TROP_DE_DEMANDES") {
    return sdk::fail(sdk::Fault::rate_limited, "site_rate_limited",
                     "Le site du Finistère demande de patienter avant un nouvel essai.");
  }
  return malformed("motif " + reason.substr(0, 40));
}

// The body as an OK object, or the error it says.
sdk::Result<json> ok_body(const std::string& json_text) {
  json body = json::parse(json_text, nullptr, false);
  if (!body.is_object()) return malformed("pas d'objet JSON");
  const std::string status = text_at(body, "STATUT");
  if (status == "KO") return refusal(text_at(body, "MOTIF"));
  if (status != "OK") return malformed("STATUT");
  return body;
}

bool two_digits(const std::string& s, std::size_t at, int& out) {
  if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') {
    return false;
  }
  out = (s[at] - '0') * 10 + (s[at + 1] - '0');
  return true;
}

}  // namespace

long long parse_amount(const std::string& text) {
  long long value = 0;
  bool any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (value > 100'000'000'000LL) return -1;
      value = value * 10 + (c - '0');
      any = true;
    } else if (c == ' ' || c == '.') {
      continue;  // thousands separators, "2 350" or "2.350"
    } else if (c == ',') {
      for (std::size_t j = i + 1; j < text.size(); ++j) {
        if (text[j] < '0' || text[j] > '9') return -1;
      }
      break;  // cents dropped
    } else if (text.compare(i, 2, "\xC2\xA0") == 0) {
      ++i;  // a non-breaking space
    } else {
      return -1;
    }
  }
  return any ? value : -1;
}

std::string parse_french_date(const std::string& text) {
  int day = 0, month = 0, century = 0, year = 0;
  if (text.size() != 10 || text[2] != '/' || text[5] != '/' || !two_digits(text, 0, day) ||
      !two_digits(text, 3, month) || !two_digits(text, 6, century) || !two_digits(text, 8, year) ||
      month < 1 || month > 12 || day < 1 || day > 31) {
    return "";
  }
  return text.substr(6, 4) + "-" + text.substr(3, 2) + "-" + text.substr(0, 2);
}

std::int64_t parse_french_time(const std::string& text) {
  const std::string date = parse_french_date(text.substr(0, 10));
  int hour = 0, minute = 0;
  if (date.empty() || text.size() != 16 || text[10] != ' ' || text[13] != ':' ||
      !two_digits(text, 11, hour) || !two_digits(text, 14, minute) || hour > 23 || minute > 59) {
    return -1;
  }
  std::tm tm{};
  tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(date.substr(8, 2));
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return static_cast<std::int64_t>(timegm(&tm));
}

sdk::Result<sdk::CodeSent> parse_code_reply(const std::string& json_text) {
  auto body = ok_body(json_text);
  if (!body.ok()) return body.error();
  sdk::CodeSent sent;
  sent.masked_email = text_at(body.value(), "MAIL_MASQUE");
  sent.expires_at = parse_french_time(text_at(body.value(), "VALIDITE"));
  if (sent.masked_email.empty() || sent.expires_at < 0) return malformed("MAIL_MASQUE ou VALIDITE");
  return sent;
}

sdk::Result<sdk::SiteRequest> parse_request_reply(const std::string& json_text,
                                                  std::string& token) {
  auto body = ok_body(json_text);
  if (!body.ok()) return body.error();
  token = text_at(body.value(), "JETON");
  const auto found = body.value().find("DEMANDE");
  if (found == body.value().end() || !found->is_object()) return malformed("DEMANDE");
  const json& d = *found;
  sdk::SiteRequest r;
  r.unique_number = text_at(d, "NUD");
  r.department = text_at(d, "DEPT");
  r.email = text_at(d, "MAIL");
  if (r.unique_number.empty() || r.email.empty()) return malformed("NUD ou MAIL");
  const std::string situation = text_at(d, "SITU_FAM");
  if (situation == "M")
    r.couple_status = "married";
  else if (situation == "P")
    r.couple_status = "pacs";
  else if (situation == "C")
    r.couple_status = "cohabiting";
  else if (situation == "S" || situation == "D" || situation == "V")
    r.couple_status = "none";
  else
    return malformed("SITU_FAM");

  const auto household = d.find("MENAGE");
  if (household == d.end() || !household->is_array() || household->empty())
    return malformed("MENAGE");
  for (const json& p : *household) {
    if (!p.is_object()) return malformed("MENAGE");
    sdk::SitePerson person;
    const std::string role = text_at(p, "QUALITE");
    if (role == "DEM")
      person.role = "applicant";
    else if (role == "CJT")
      person.role = "coApplicant";
    else if (role == "ENF")
      person.role = "dependant";
    else if (role == "AUT")
      person.role = "other";
    else
      return malformed("QUALITE");
    const std::string title = text_at(p, "CIV");
    person.title = title == "MME" ? "Mme" : title == "M" ? "M." : "";
    person.last_name = text_at(p, "NOM");
    person.first_name = text_at(p, "PRENOM");
    person.birth_date = parse_french_date(text_at(p, "DATE_NAIS"));
    if (person.last_name.empty() || person.first_name.empty() || person.birth_date.empty()) {
      return malformed("identité d'une personne");
    }
    person.disabled = text_at(p, "HANDICAP") == "O";
    r.members.push_back(std::move(person));
  }
  if (r.members.front().role != "applicant") return malformed("le demandeur vient en premier");

  r.tax_income_n2 = parse_amount(text_at(d, "RFR_N2"));
  if (r.tax_income_n2 < 0) return malformed("RFR_N2");
  if (const std::string n1 = text_at(d, "RFR_N1"); !n1.empty()) {
    const long long value = parse_amount(n1);
    if (value < 0) return malformed("RFR_N1");
    r.tax_income_n1 = value;
  }
  r.monthly_resources = parse_amount(text_at(d, "RESS_MENS"));
  if (r.monthly_resources < 0) return malformed("RESS_MENS");
  if (const std::string benefit = text_at(d, "AIDE_LOG"); !benefit.empty()) {
    r.housing_benefit = parse_amount(benefit);
    if (r.housing_benefit < 0) return malformed("AIDE_LOG");
  }
  const std::string towns = text_at(d, "COMMUNES");
  std::size_t start = 0;
  while (start < towns.size()) {
    const auto end = towns.find(';', start);
    const std::string insee =
        towns.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (insee.size() != 5) return malformed("COMMUNES");
    r.wanted_communes.push_back(insee);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (const auto employer = d.find("EMPLOYEUR"); employer != d.end() && employer->is_object()) {
    r.employer_siret = text_at(*employer, "SIRET");
    r.employer_name = text_at(*employer, "NOM");
    r.several_employers = text_at(*employer, "MULTI") == "O";
    r.workplace_postcode = text_at(*employer, "CP_TRAVAIL");
    r.workplace_town = text_at(*employer, "VILLE_TRAVAIL");
  }
  r.current_town = text_at(d, "VILLE_ACTUELLE");
  r.registered_on = parse_french_date(text_at(d, "DATE_DEPOT"));
  r.renewal_due = parse_french_date(text_at(d, "DATE_RENOUV"));
  return r;
}

}  // namespace alin::finistere
