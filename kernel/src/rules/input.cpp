#include "rules/input.hpp"

#include <algorithm>
#include <initializer_list>
#include <regex>

#include "alin/rules/rule_engine.hpp"

namespace alin::rules {
namespace {

using nlohmann::json;

constexpr long long kMaxMoney = 1'000'000'000;  // euros: anything above is a typing error

struct Checker {
  const json& in;
  std::string path;
  std::vector<FieldError>& errors;

  std::string at(const std::string& field) const {
    return path.empty() ? field : path + "." + field;
  }
  void fail(const std::string& field, const std::string& code, const std::string& message) const {
    errors.push_back({at(field), code, message});
  }
  const json* get(const std::string& field) const {
    if (!in.is_object()) return nullptr;
    auto it = in.find(field);
    if (it == in.end() || it->is_null()) return nullptr;
    return &*it;
  }

  long long money(const std::string& field, bool required, long long fallback = 0) const {
    const json* v = get(field);
    if (!v) {
      if (required) fail(field, "required", "Montant obligatoire (en euros).");
      return fallback;
    }
    if (!v->is_number_integer()) {
      fail(field, "not_an_integer", "Montant attendu en euros entiers.");
      return fallback;
    }
    long long amount = v->get<long long>();
    if (amount < 0 || amount > kMaxMoney) {
      fail(field, "out_of_range", "Montant hors limites (0 à 1 000 000 000 €).");
      return fallback;
    }
    return amount;
  }

  long long integer(const std::string& field, bool required, long long min, long long max,
                    long long fallback) const {
    const json* v = get(field);
    if (!v) {
      if (required) fail(field, "required", "Valeur obligatoire.");
      return fallback;
    }
    if (!v->is_number_integer() || v->get<long long>() < min || v->get<long long>() > max) {
      fail(field, "out_of_range",
           "Nombre entier attendu, de " + std::to_string(min) + " à " + std::to_string(max) + ".");
      return fallback;
    }
    return v->get<long long>();
  }

  // The list of allowed values is only spelled out for a message: most inputs are valid.
  static std::string listed(std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return list;
  }

  std::string choice(const std::string& field, std::initializer_list<const char*> allowed,
                     const char* fallback) const {
    const json* v = get(field);
    if (!v) {
      if (!fallback) fail(field, "required", "Valeur obligatoire parmi : " + listed(allowed) + ".");
      return fallback ? fallback : "";
    }
    if (v->is_string()) {
      const auto& text = v->get_ref<const std::string&>();
      for (const char* a : allowed) {
        if (text == a) return text;
      }
    }
    fail(field, "not_allowed", "Valeur inconnue ; valeurs possibles : " + listed(allowed) + ".");
    return fallback ? fallback : "";
  }

  std::string text(const std::string& field, bool required, std::size_t max = 200) const {
    const json* v = get(field);
    if (!v) {
      if (required) fail(field, "required", "Texte obligatoire.");
      return "";
    }
    if (!v->is_string() || v->get<std::string>().size() > max) {
      fail(field, "not_a_string",
           "Texte attendu (" + std::to_string(max) + " caractères au plus).");
      return "";
    }
    return v->get<std::string>();
  }

  std::string date(const std::string& field, bool required) const {
    const json* v = get(field);
    if (!v) {
      if (required) fail(field, "required", "Date obligatoire (AAAA-MM-JJ).");
      return "2000-01-01";
    }
    if (!v->is_string() || !parse_date(v->get<std::string>())) {
      fail(field, "not_a_date", "Date attendue au format AAAA-MM-JJ.");
      return "2000-01-01";
    }
    return v->get<std::string>();
  }

  bool boolean(const std::string& field, bool fallback) const {
    const json* v = get(field);
    if (!v) return fallback;
    if (!v->is_boolean()) {
      fail(field, "not_a_boolean", "Valeur attendue : true ou false.");
      return fallback;
    }
    return v->get<bool>();
  }

  bool object(const std::string& what) const {
    if (in.is_object()) return true;
    errors.push_back({path, "not_an_object", what + " : objet JSON attendu."});
    return false;
  }
};

json string_list(const Checker& c, const std::string& field) {
  json out = json::array();
  const json* v = c.get(field);
  if (!v) return out;
  if (!v->is_array() || v->size() > 50) {
    c.fail(field, "not_a_list", "Liste de textes attendue (50 au plus).");
    return out;
  }
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      c.fail(field + "[" + std::to_string(i) + "]", "not_a_string", "Texte attendu.");
    } else {
      out.push_back((*v)[i]);
    }
  }
  return out;
}

// Five digits, or Corsica's 2A/2B followed by three digits.
bool insee_code(const std::string& code) {
  if (code.size() != 5) return false;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  bool corsica = code[0] == '2' && (code[1] == 'A' || code[1] == 'B');
  if (!digit(code[0]) || !(digit(code[1]) || corsica)) return false;
  return digit(code[2]) && digit(code[3]) && digit(code[4]);
}

// "2026-01-05T10:00Z", "2026-01-05T10:00:00Z", "2026-01-05T10:00:00.123Z" → "2026-01-05T10:00:00Z"
bool normalise_time(const std::string& in, std::string& out) {
  static const std::regex pattern(
      R"(^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z$)");
  std::smatch m;
  if (!std::regex_match(in, m, pattern) || !parse_date(m[1].str())) return false;
  if (std::stoi(m[2].str()) > 23 || std::stoi(m[3].str()) > 59) return false;
  std::string seconds = m[4].matched ? m[4].str() : "00";
  if (std::stoi(seconds) > 60) return false;
  out = m[1].str() + "T" + m[2].str() + ":" + m[3].str() + ":" + seconds + "Z";
  return true;
}

}  // namespace

Error invalid_input(std::vector<FieldError> errors) {
  return Error::invalid("invalid_input", "Les données fournies ne sont pas valides.",
                        std::move(errors));
}

json normalise_household(const json& in, const std::string& path, std::vector<FieldError>& errors) {
  Checker c{in, path, errors};
  if (!c.object("Ménage")) return {};
  json out = json::object();
  json members = json::array();
  const json* list = c.get("members");
  if (!list || !list->is_array() || list->empty() || list->size() > 20) {
    c.fail("members", "required", "Liste des membres du foyer obligatoire (1 à 20 personnes).");
  } else {
    int applicants = 0, co_applicants = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      Checker m{(*list)[i], c.at("members[" + std::to_string(i) + "]"), errors};
      if (!m.object("Membre")) continue;
      std::string role =
          m.choice("role", {"applicant", "coApplicant", "dependant", "other"}, nullptr);
      applicants += role == "applicant";
      co_applicants += role == "coApplicant";
      // Built in place: json initializer lists copy every value once more.
      json member = json::object();
      member["role"] = std::move(role);
      member["birthDate"] = m.date("birthDate", true);
      member["disabled"] = m.boolean("disabled", false);
      members.push_back(std::move(member));
    }
    if (applicants != 1) {
      c.fail("members", "one_applicant",
             "Le foyer doit compter exactement un demandeur (role applicant).");
    }
    if (co_applicants > 1) {
      c.fail("members", "one_co_applicant", "Le foyer compte au plus un co-demandeur.");
    }
  }
  out["members"] = std::move(members);
  out["coupleStatus"] = c.choice("coupleStatus", {"none", "married", "pacs", "cohabiting"}, "none");
  out["taxIncomeN2"] = c.money("taxIncomeN2", true);
  if (c.get("taxIncomeN1")) out["taxIncomeN1"] = c.money("taxIncomeN1", false);
  out["monthlyResources"] = c.money("monthlyResources", true);
  out["housingBenefit"] = c.money("housingBenefit", false);
  out["priorityFlags"] = string_list(c, "priorityFlags");
  if (const json* e = c.get("employment")) {
    Checker m{*e, c.at("employment"), errors};
    if (m.object("Emploi")) {
      json employment = json::object();
      employment["employees"] = m.integer("employees", false, 0, 10'000'000, 0);
      employment["sector"] =
          m.choice("sector", {"agricultural", "nonAgricultural"}, "nonAgricultural");
      employment["pseecRightsLeft"] = m.boolean("pseecRightsLeft", false);
      employment["preRetired"] = m.boolean("preRetired", false);
      if (m.get("contribution")) {
        employment["contribution"] = m.choice("contribution", {"PEEC", "PEAEC", "PSEEC"}, nullptr);
      }
      out["employment"] = std::move(employment);
    }
  }
  if (const json* r = c.get("recognition")) {
    Checker m{*r, c.at("recognition"), errors};
    if (m.object("Reconnaissance")) {
      out["recognition"] = {{"kind", m.choice("kind", {"DALO", "DAHO"}, nullptr)},
                            {"validUntil", m.date("validUntil", true)}};
    }
  }
  return out;
}

json normalise_offer(const json& in, const std::string& path, std::vector<FieldError>& errors) {
  Checker c{in, path, errors};
  if (!c.object("Offre")) return {};
  json out = json::object();
  out["id"] =
      c.get("id") && c.get("id")->is_number_integer() ? c.get("id")->dump() : c.text("id", false);
  out["programme"] = c.text("programme", false);
  out["kind"] = c.choice("kind", {"classic", "shortTermIdentified", "shortTermType"}, "classic");
  std::string financing = c.choice("financing", {"PLAI", "PLUS", "PLS", "PLI"}, nullptr);
  out["financing"] = financing;
  out["typology"] = c.integer("typology", true, 1, 9, 1);
  out["rent"] = c.money("rent", true);
  out["charges"] = c.money("charges", false);
  std::string commune = c.text("commune", true, 10);
  if (!commune.empty() && !insee_code(commune)) {
    c.fail("commune", "not_an_insee_code",
           "Code INSEE de commune attendu (5 caractères, ex. 35238).");
  }
  out["commune"] = commune;
  if (financing == "PLI") {
    out["pliZone"] = c.choice("pliZone", {"A_bis", "A", "B1", "B2_C"}, nullptr);
  }
  return out;
}

namespace {

json application(const json& in, const std::string& path, std::vector<FieldError>& errors,
                 const char* id_field) {
  Checker c{in, path, errors};
  if (!c.object("Candidature")) return {};
  return {{"offerId", c.text(id_field, true)},
          {"kind", c.choice("kind", {"classic", "shortTermIdentified", "shortTermType"}, nullptr)},
          {"typology", c.integer("typology", true, 1, 9, 1)},
          {"programme", c.text("programme", false)}};
}

}  // namespace

json normalise_limits(const json& in, std::vector<FieldError>& errors) {
  Checker c{in, "", errors};
  if (!c.object("Entrée")) return {};
  json out = json::object();
  if (const json* o = c.get("offer")) {
    json offer = application(*o, "offer", errors, "id");
    offer["id"] = offer.value("offerId", "");
    out["offer"] = std::move(offer);
  } else {
    c.fail("offer", "required", "L'offre visée est obligatoire.");
  }
  json apps = json::array();
  const json* list = c.get("applications");
  if (list && (!list->is_array() || list->size() > 1000)) {
    c.fail("applications", "not_a_list", "Liste des candidatures en cours attendue.");
  } else if (list) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      apps.push_back(
          application((*list)[i], "applications[" + std::to_string(i) + "]", errors, "offerId"));
    }
  }
  out["applications"] = std::move(apps);
  return out;
}

json normalise_ranking(const json& in, std::vector<FieldError>& errors) {
  Checker c{in, "", errors};
  if (!c.object("Entrée")) return {};
  json out = json::object();
  json offer = json::object();
  if (const json* o = c.get("offer")) {
    Checker m{*o, "offer", errors};
    if (m.object("Offre")) {
      offer["id"] = m.text("id", false);
      offer["kind"] =
          m.choice("kind", {"classic", "shortTermIdentified", "shortTermType"}, "classic");
    }
  } else {
    c.fail("offer", "required", "L'offre est obligatoire.");
  }
  out["offer"] = std::move(offer);
  json candidates = json::array();
  const json* list = c.get("candidates");
  if (!list || !list->is_array() || list->size() > 100000) {
    c.fail("candidates", "required", "Liste des candidatures attendue.");
  } else {
    for (std::size_t i = 0; i < list->size(); ++i) {
      Checker m{(*list)[i], "candidates[" + std::to_string(i) + "]", errors};
      if (!m.object("Candidature")) continue;
      std::string at = m.text("appliedAt", true, 40), normal;
      if (!at.empty() && !normalise_time(at, normal)) {
        m.fail("appliedAt", "not_a_time",
               "Horodatage attendu au format AAAA-MM-JJTHH:MM:SSZ (UTC).");
      }
      std::string id = m.text("applicationId", true);
      candidates.push_back(
          {{"applicationId", id},
           {"appliedAt", normal},
           {"documents", m.choice("documents", {"complete", "socle", "incomplete"}, nullptr)},
           {"target", m.boolean("target", true)},
           {"priorityFlags", string_list(m, "priorityFlags")}});
    }
  }
  out["candidates"] = std::move(candidates);
  return out;
}

}  // namespace alin::rules
