#include "rules/input.hpp"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <new>
#include <regex>
#include <span>
#include <string_view>
#include <type_traits>

#include "alin/rules/rule_engine.hpp"
#include "rules/lua_values.hpp"

namespace alin::rules {
namespace {

using nlohmann::json;

constexpr long long kMaxMoney = 1'000'000'000;  // euros: anything above is a typing error

// Asks for the block a JSON value points to (a text, a list, an object) to be fetched into cache,
// without waiting for it. An input read cold (one of many held in memory, as the rules' bench
// does) then pays the misses of its values side by side instead of one after the other; a hot
// one, a few instructions.
void prefetch_payload(const json& value) {
  const void* block = nullptr;
  switch (value.type()) {
    case json::value_t::string:
      block = value.get_ptr<const json::string_t*>();
      break;
    case json::value_t::array:
      block = value.get_ptr<const json::array_t*>();
      break;
    case json::value_t::object:
      block = value.get_ptr<const json::object_t*>();
      break;
    default:
      return;
  }
  __builtin_prefetch(block);
}

// Reads the fields of one JSON object. Its path ("household.members[0]") is only spelled out when
// a field is wrong: valid inputs build no strings.
struct Checker {
  const json& in;
  std::vector<FieldError>& errors;
  const std::string* root = nullptr;  // the path of a top-level checker
  const Checker* parent = nullptr;    // or the checker of the enclosing object,
  const char* name = nullptr;         // this object's field in it,
  long index = -1;                    // and its position when that field is a list

  Checker(const json& in, const std::string& path, std::vector<FieldError>& errors)
      : in(in), errors(errors), root(&path) {}
  Checker(const json& in, const Checker& parent, const char* name, long index = -1)
      : in(in), errors(parent.errors), parent(&parent), name(name), index(index) {}

  std::string path() const {
    if (!parent) return *root;
    std::string p = parent->at(name);
    if (index >= 0) p += "[" + std::to_string(index) + "]";
    return p;
  }
  std::string at(std::string_view field) const {
    std::string p = path();
    return p.empty() ? std::string(field) : p + "." + std::string(field);
  }
  void fail(std::string_view field, const std::string& code, const std::string& message) const {
    errors.push_back({at(field), code, message});
  }
  const json* get(std::string_view field) const {
    if (!in.is_object()) return nullptr;
    const auto& object = in.get_ref<const json::object_t&>();
    if (fields_ == kUnread) gather();
    const json* value = nullptr;
    if (fields_ != kTooMany) {
      for (int i = 0; i < fields_; ++i) {
        if (names_[i] == field) {
          value = values_[i];
          break;
        }
      }
    } else if (auto it = object.find(field); it != object.end()) {
      value = &it->second;
    }
    return value && !value->is_null() ? value : nullptr;
  }

  // The object's fields, gathered on the first lookup in one walk of its tree: each lookup then
  // scans a few names (most told apart by their length) instead of searching the tree again.
  static constexpr int kUnread = -1, kTooMany = -2, kMaxFields = 12;
  mutable int fields_ = kUnread;
  mutable std::string_view names_[kMaxFields];
  mutable const json* values_[kMaxFields];
  void gather() const {
    const Checker* self[] = {this};
    gather_together(self);
  }

  // Gathers the fields of several objects in one walk of their trees, a node of each in turn.
  // The objects are independent, so reading them cold waits for the cache misses of the longest
  // walk rather than of them all, one after the other (a tree is a chain of pointers).
  static void gather_together(std::span<const Checker* const> checkers) {
    using Cursor = json::object_t::const_iterator;
    constexpr std::size_t kMaxTogether = 24;
    Cursor at[kMaxTogether], end[kMaxTogether];
    const Checker* walking[kMaxTogether];
    std::size_t count = 0;
    for (const Checker* c : checkers) prefetch_payload(c->in);  // each tree's root, all at once
    for (const Checker* c : checkers) {
      if (c->fields_ != kUnread || !c->in.is_object()) continue;
      const auto& object = c->in.get_ref<const json::object_t&>();
      if (object.size() > static_cast<std::size_t>(kMaxFields)) {
        c->fields_ = kTooMany;
        continue;
      }
      if (count == kMaxTogether) {  // more than a household has: walked on its own
        c->gather();
        continue;
      }
      c->fields_ = 0;
      walking[count] = c;
      at[count] = object.begin();
      end[count] = object.end();
      ++count;
    }
    for (bool moved = count > 0; moved;) {
      moved = false;
      for (std::size_t k = 0; k < count; ++k) {
        if (at[k] == end[k]) continue;
        const Checker& c = *walking[k];
        const auto& [key, value] = *at[k];
        c.names_[c.fields_] = key;
        c.values_[c.fields_] = &value;
        prefetch_payload(value);  // read soon: fetched while the walks go on
        ++c.fields_;
        ++at[k];
        moved = true;
      }
    }
  }

  long long money(std::string_view field, bool required, long long fallback = 0) const {
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

  long long integer(std::string_view field, bool required, long long min, long long max,
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
  static std::string listed(std::initializer_list<std::string_view> allowed) {
    std::string list;
    for (std::string_view a : allowed) {
      if (!list.empty()) list += ", ";
      list += a;
    }
    return list;
  }

  // One of `allowed` (string literals: the one returned outlives every input), `fallback` when
  // absent.
  const char* choice(std::string_view field, std::initializer_list<std::string_view> allowed,
                     const char* fallback) const {
    const json* v = get(field);
    if (!v) {
      if (!fallback) fail(field, "required", "Valeur obligatoire parmi : " + listed(allowed) + ".");
      return fallback ? fallback : "";
    }
    if (v->is_string()) {
      const std::string_view text = v->get_ref<const std::string&>();
      for (std::string_view a : allowed) {
        if (text == a) return a.data();
      }
    }
    fail(field, "not_allowed", "Valeur inconnue ; valeurs possibles : " + listed(allowed) + ".");
    return fallback ? fallback : "";
  }

  std::string text(std::string_view field, bool required, std::size_t max = 200) const {
    const json* v = get(field);
    if (!v) {
      if (required) fail(field, "required", "Texte obligatoire.");
      return "";
    }
    if (!v->is_string() || v->get_ref<const std::string&>().size() > max) {
      fail(field, "not_a_string",
           "Texte attendu (" + std::to_string(max) + " caractères au plus).");
      return "";
    }
    return v->get_ref<const std::string&>();
  }

  std::string date(std::string_view field, bool required) const {
    const json* v = get(field);
    if (!v) {
      if (required) fail(field, "required", "Date obligatoire (AAAA-MM-JJ).");
      return "2000-01-01";
    }
    if (!v->is_string() || !parse_date(v->get_ref<const std::string&>())) {
      fail(field, "not_a_date", "Date attendue au format AAAA-MM-JJ.");
      return "2000-01-01";
    }
    return v->get_ref<const std::string&>();
  }

  bool boolean(std::string_view field, bool fallback) const {
    const json* v = get(field);
    if (!v) return fallback;
    if (!v->is_boolean()) {
      fail(field, "not_a_boolean", "Valeur attendue : true ou false.");
      return fallback;
    }
    return v->get<bool>();
  }

  bool object(const char* what) const {  // a literal: no string built for valid inputs
    if (in.is_object()) return true;
    errors.push_back({path(), "not_an_object", std::string(what) + " : objet JSON attendu."});
    return false;
  }
};

std::vector<std::string> string_list(const Checker& c, std::string_view field) {
  std::vector<std::string> out;
  const json* v = c.get(field);
  if (!v) return out;
  if (!v->is_array() || v->size() > 50) {
    c.fail(field, "not_a_list", "Liste de textes attendue (50 au plus).");
    return out;
  }
  out.reserve(v->size());
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      c.fail(std::string(field) + "[" + std::to_string(i) + "]", "not_a_string", "Texte attendu.");
    } else {
      out.push_back((*v)[i].get<std::string>());
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

namespace {

// A household from its checker (its fields perhaps gathered already, as read_inputs does).
bool read_household(const Checker& c, HouseholdInput& out) {
  if (!c.object("Ménage")) return false;
  const json* list = c.get("members");
  const bool listed = list && list->is_array() && !list->empty() && list->size() <= 20;
  const json* employment = c.get("employment");
  const json* recognition = c.get("recognition");
  // The members and the nested objects, their fields gathered in one walk of them all (kept on
  // the stack: a list of them would be a large allocation per decision).
  static_assert(std::is_trivially_destructible_v<Checker>);  // so never destroyed here
  alignas(Checker) unsigned char storage[22][sizeof(Checker)];
  const Checker* parts[22];
  std::size_t count = 0;
  const auto add = [&](const json& object, const char* name, long index) {
    parts[count] = new (storage[count]) Checker(object, c, name, index);
    ++count;
  };
  if (listed) {
    for (std::size_t i = 0; i < list->size(); ++i) add((*list)[i], "members", static_cast<long>(i));
  }
  const std::size_t member_count = count;
  if (employment) add(*employment, "employment", -1);
  if (recognition) add(*recognition, "recognition", -1);
  Checker::gather_together({parts, count});

  if (!listed) {
    c.fail("members", "required", "Liste des membres du foyer obligatoire (1 à 20 personnes).");
  } else {
    int applicants = 0, co_applicants = 0;
    out.members.reserve(member_count);
    for (std::size_t i = 0; i < member_count; ++i) {
      const Checker& m = *parts[i];
      if (!m.object("Membre")) continue;
      HouseholdInput::Member member;
      member.role = m.choice("role", {"applicant", "coApplicant", "dependant", "other"}, nullptr);
      applicants += std::strcmp(member.role, "applicant") == 0;
      co_applicants += std::strcmp(member.role, "coApplicant") == 0;
      member.birth_date = m.date("birthDate", true);
      member.disabled = m.boolean("disabled", false);
      out.members.push_back(std::move(member));
    }
    if (applicants != 1) {
      c.fail("members", "one_applicant",
             "Le foyer doit compter exactement un demandeur (role applicant).");
    }
    if (co_applicants > 1) {
      c.fail("members", "one_co_applicant", "Le foyer compte au plus un co-demandeur.");
    }
  }
  out.couple_status = c.choice("coupleStatus", {"none", "married", "pacs", "cohabiting"}, "none");
  out.tax_income_n2 = c.money("taxIncomeN2", true);
  if (c.get("taxIncomeN1")) out.tax_income_n1 = c.money("taxIncomeN1", false);
  out.monthly_resources = c.money("monthlyResources", true);
  out.housing_benefit = c.money("housingBenefit", false);
  out.priority_flags = string_list(c, "priorityFlags");
  if (employment) {
    const Checker& m = *parts[member_count];
    if (m.object("Emploi")) {
      HouseholdInput::Employment e;
      e.employees = m.integer("employees", false, 0, 10'000'000, 0);
      e.sector = m.choice("sector", {"agricultural", "nonAgricultural"}, "nonAgricultural");
      e.pseec_rights_left = m.boolean("pseecRightsLeft", false);
      e.pre_retired = m.boolean("preRetired", false);
      if (m.get("contribution")) {
        e.contribution = m.choice("contribution", {"PEEC", "PEAEC", "PSEEC"}, nullptr);
      }
      out.employment = e;
    }
  }
  if (recognition) {
    const Checker& m = *parts[member_count + (employment ? 1 : 0)];
    if (m.object("Reconnaissance")) {
      HouseholdInput::Recognition r;
      r.kind = m.choice("kind", {"DALO", "DAHO"}, nullptr);
      r.valid_until = m.date("validUntil", true);
      out.recognition = std::move(r);
    }
  }
  return true;
}

bool read_offer(const Checker& c, OfferInput& out) {
  if (!c.object("Offre")) return false;
  const json* id = c.get("id");
  out.id = id && id->is_number_integer() ? id->dump() : c.text("id", false);
  out.programme = c.text("programme", false);
  out.kind = c.choice("kind", {"classic", "shortTermIdentified", "shortTermType"}, "classic");
  out.financing = c.choice("financing", {"PLAI", "PLUS", "PLS", "PLI"}, nullptr);
  out.typology = c.integer("typology", true, 1, 9, 1);
  out.rent = c.money("rent", true);
  out.charges = c.money("charges", false);
  out.commune = c.text("commune", true, 10);
  if (!out.commune.empty() && !insee_code(out.commune)) {
    c.fail("commune", "not_an_insee_code",
           "Code INSEE de commune attendu (5 caractères, ex. 35238).");
  }
  if (std::strcmp(out.financing, "PLI") == 0) {
    out.pli_zone = c.choice("pliZone", {"A_bis", "A", "B1", "B2_C"}, nullptr);
  }
  return true;
}

}  // namespace

bool read_household(const json& in, const std::string& path, std::vector<FieldError>& errors,
                    HouseholdInput& out) {
  return read_household(Checker{in, path, errors}, out);
}

bool read_offer(const json& in, const std::string& path, std::vector<FieldError>& errors,
                OfferInput& out) {
  return read_offer(Checker{in, path, errors}, out);
}

void read_inputs(const json& household, const std::string& household_path, const json& offer,
                 const std::string& offer_path, std::vector<FieldError>& errors, HouseholdInput& h,
                 OfferInput& o) {
  const Checker for_household{household, household_path, errors},
      for_offer{offer, offer_path, errors};
  const Checker* both[] = {&for_household, &for_offer};
  Checker::gather_together(both);
  read_household(for_household, h);
  read_offer(for_offer, o);
}

json to_json(const HouseholdInput& h) {
  json out = json::object();
  json members = json::array();
  for (const auto& m : h.members) {
    json member = json::object();
    member["role"] = m.role;
    member["birthDate"] = m.birth_date;
    member["disabled"] = m.disabled;
    members.push_back(std::move(member));
  }
  out["members"] = std::move(members);
  out["coupleStatus"] = h.couple_status;
  out["taxIncomeN2"] = h.tax_income_n2;
  if (h.tax_income_n1) out["taxIncomeN1"] = *h.tax_income_n1;
  out["monthlyResources"] = h.monthly_resources;
  out["housingBenefit"] = h.housing_benefit;
  out["priorityFlags"] = h.priority_flags;
  if (h.employment) {
    const auto& e = *h.employment;
    json employment = json::object();
    employment["employees"] = e.employees;
    employment["sector"] = e.sector;
    employment["pseecRightsLeft"] = e.pseec_rights_left;
    employment["preRetired"] = e.pre_retired;
    if (e.contribution) employment["contribution"] = e.contribution;
    out["employment"] = std::move(employment);
  }
  if (h.recognition) {
    json recognition = json::object();
    recognition["kind"] = h.recognition->kind;
    recognition["validUntil"] = h.recognition->valid_until;
    out["recognition"] = std::move(recognition);
  }
  return out;
}

json to_json(const OfferInput& o) {
  json out = json::object();
  out["id"] = o.id;
  out["programme"] = o.programme;
  out["kind"] = o.kind;
  out["financing"] = o.financing;
  out["typology"] = o.typology;
  out["rent"] = o.rent;
  out["charges"] = o.charges;
  out["commune"] = o.commune;
  if (o.pli_zone) out["pliZone"] = o.pli_zone;
  return out;
}

namespace {

// Fields of a table at `t` (an absolute index), named by the state's interned keys: the key is
// pushed first, then the value, so lua_rawset needs no reordering of the stack.
struct TableWriter {
  lua_State* L;
  int keys;
  int t;
  void string(Key key, const std::string& value) const {
    push_key(L, keys, key);
    lua_pushlstring(L, value.data(), value.size());
    lua_rawset(L, t);
  }
  void literal(Key key, const char* value) const {
    push_key(L, keys, key);
    lua_pushstring(L, value);
    lua_rawset(L, t);
  }
  void integer(Key key, long long value) const {
    push_key(L, keys, key);
    lua_pushinteger(L, static_cast<lua_Integer>(value));
    lua_rawset(L, t);
  }
  void boolean(Key key, bool value) const {
    push_key(L, keys, key);
    lua_pushboolean(L, value);
    lua_rawset(L, t);
  }
};

}  // namespace

void push_input(lua_State* L, const HouseholdInput& h) {
  luaL_checkstack(L, 10, "input too deep");
  const int keys = push_keys(L);
  // Every table sized for exactly its fields: a smaller hash part to allocate and clear.
  lua_createtable(L, 0,
                  6 + (h.tax_income_n1 ? 1 : 0) + (h.employment ? 1 : 0) + (h.recognition ? 1 : 0));
  const TableWriter out{L, keys, lua_gettop(L)};
  push_key(L, keys, Key::members);
  lua_createtable(L, static_cast<int>(h.members.size()), 0);
  lua_Integer i = 0;
  for (const auto& m : h.members) {
    lua_createtable(L, 0, 3);
    const TableWriter member{L, keys, lua_gettop(L)};
    member.literal(Key::role, m.role);
    member.string(Key::birthDate, m.birth_date);
    member.boolean(Key::disabled, m.disabled);
    lua_rawseti(L, -2, ++i);
  }
  lua_rawset(L, out.t);
  out.literal(Key::coupleStatus, h.couple_status);
  out.integer(Key::taxIncomeN2, h.tax_income_n2);
  if (h.tax_income_n1) out.integer(Key::taxIncomeN1, *h.tax_income_n1);
  out.integer(Key::monthlyResources, h.monthly_resources);
  out.integer(Key::housingBenefit, h.housing_benefit);
  push_key(L, keys, Key::priorityFlags);
  lua_createtable(L, static_cast<int>(h.priority_flags.size()), 0);
  i = 0;
  for (const auto& flag : h.priority_flags) {
    lua_pushlstring(L, flag.data(), flag.size());
    lua_rawseti(L, -2, ++i);
  }
  lua_rawset(L, out.t);
  if (h.employment) {
    const auto& e = *h.employment;
    push_key(L, keys, Key::employment);
    lua_createtable(L, 0, e.contribution ? 5 : 4);
    const TableWriter employment{L, keys, lua_gettop(L)};
    employment.integer(Key::employees, e.employees);
    employment.literal(Key::sector, e.sector);
    employment.boolean(Key::pseecRightsLeft, e.pseec_rights_left);
    employment.boolean(Key::preRetired, e.pre_retired);
    if (e.contribution) employment.literal(Key::contribution, e.contribution);
    lua_rawset(L, out.t);
  }
  if (h.recognition) {
    push_key(L, keys, Key::recognition);
    lua_createtable(L, 0, 2);
    const TableWriter recognition{L, keys, lua_gettop(L)};
    recognition.literal(Key::kind, h.recognition->kind);
    recognition.string(Key::validUntil, h.recognition->valid_until);
    lua_rawset(L, out.t);
  }
  lua_remove(L, keys);  // the household's table is left alone on top
}

void push_input(lua_State* L, const OfferInput& o) {
  luaL_checkstack(L, 6, "input too deep");
  const int keys = push_keys(L);
  lua_createtable(L, 0, o.pli_zone ? 9 : 8);
  const TableWriter out{L, keys, lua_gettop(L)};
  out.string(Key::id, o.id);
  out.string(Key::programme, o.programme);
  out.literal(Key::kind, o.kind);
  out.literal(Key::financing, o.financing);
  out.integer(Key::typology, o.typology);
  out.integer(Key::rent, o.rent);
  out.integer(Key::charges, o.charges);
  out.string(Key::commune, o.commune);
  if (o.pli_zone) out.literal(Key::pliZone, o.pli_zone);
  lua_remove(L, keys);
}

json normalise_household(const json& in, const std::string& path, std::vector<FieldError>& errors) {
  HouseholdInput household;
  if (!read_household(in, path, errors, household)) return {};
  return to_json(household);
}

json normalise_offer(const json& in, const std::string& path, std::vector<FieldError>& errors) {
  OfferInput offer;
  if (!read_offer(in, path, errors, offer)) return {};
  return to_json(offer);
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
  const std::string root;
  Checker c{in, root, errors};
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
  const std::string root;
  Checker c{in, root, errors};
  if (!c.object("Entrée")) return {};
  json out = json::object();
  json offer = json::object();
  if (const json* o = c.get("offer")) {
    Checker m{*o, c, "offer"};
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
      Checker m{(*list)[i], c, "candidates", static_cast<long>(i)};
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
