#include "rules/test_tables.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "rules/input.hpp"

namespace alin::rules {
namespace {

using nlohmann::json;

std::vector<std::string> words(const std::string& text, char separator = ' ') {
  std::vector<std::string> out;
  std::string word;
  std::istringstream in(text);
  while (std::getline(in, word, separator)) {
    if (!word.empty()) out.push_back(word);
  }
  return out;
}

// One row with its table's header, and the defaults of absent or empty cells.
struct Case {
  const CsvTable& table;
  const CsvRow& row;

  std::string get(const std::string& column, const std::string& fallback = "") const {
    int i = table.column(column);
    if (i < 0 || row.fields[i].empty()) return fallback;
    return row.fields[i];
  }
  bool has(const std::string& column) const { return !get(column).empty(); }
};

struct CaseError {
  std::string message;
};

long long number(const std::string& column, const std::string& text) {
  try {
    std::size_t used = 0;
    long long value = std::stoll(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw CaseError{column + ": '" + text + "' is not a whole number"};
}

bool yes_no(const std::string& column, const std::string& text) {
  if (text == "yes" || text == "true" || text == "oui") return true;
  if (text == "no" || text == "false" || text == "non") return false;
  throw CaseError{column + ": expected yes or no, not '" + text + "'"};
}

json household_of(const Case& c) {
  json members = json::array();
  for (const auto& member : words(c.get("members", "applicant:1990-01-01"))) {
    auto parts = words(member, ':');
    if (parts.size() < 2 || parts.size() > 3 || (parts.size() == 3 && parts[2] != "disabled")) {
      throw CaseError{"members: '" + member + "' is not role:birthdate[:disabled]"};
    }
    members.push_back(
        {{"role", parts[0]}, {"birthDate", parts[1]}, {"disabled", parts.size() == 3}});
  }
  json h = {{"members", members},
            {"coupleStatus", c.get("couple", "none")},
            {"taxIncomeN2", number("n2", c.get("n2", "20000"))},
            {"monthlyResources", number("monthly", c.get("monthly", "3000"))},
            {"housingBenefit", number("benefit", c.get("benefit", "0"))}};
  if (c.has("n1")) h["taxIncomeN1"] = number("n1", c.get("n1"));
  if (c.get("contribution", "PEEC") != "none") {
    json e = {{"contribution", c.get("contribution", "PEEC")},
              {"employees", number("employees", c.get("employees", "50"))},
              {"sector", c.get("sector", "nonAgricultural")}};
    if (c.has("pseec_rights")) e["pseecRightsLeft"] = yes_no("pseec_rights", c.get("pseec_rights"));
    h["employment"] = e;
  }
  if (c.has("recognition")) {
    auto parts = words(c.get("recognition"), ':');
    if (parts.size() != 2)
      throw CaseError{"recognition: expected KIND:validUntil, e.g. DALO:2027-01-01"};
    h["recognition"] = {{"kind", parts[0]}, {"validUntil", parts[1]}};
  }
  if (c.has("flags")) h["priorityFlags"] = words(c.get("flags"));
  return h;
}

json offer_of(const Case& c) {
  json o = {{"id", c.get("offer_id", "offer")},
            {"kind", c.get("kind", "classic")},
            {"financing", c.get("financing", "PLUS")},
            {"typology", number("typology", c.get("typology", "2"))},
            {"rent", number("rent", c.get("rent", "500"))},
            {"charges", number("charges", c.get("charges", "50"))},
            {"commune", c.get("commune", "35238")}};
  if (c.has("pli_zone")) o["pliZone"] = c.get("pli_zone");
  return o;
}

std::string codes_of(const std::vector<Reason>& reasons) {
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : " ") + r.code;
  return out;
}

// "codes": every listed code must be among the reasons; "!code" must not be.
void check_codes(const Case& c, const std::vector<Reason>& reasons,
                 std::vector<std::string>& diffs) {
  std::set<std::string> present;
  for (const auto& r : reasons) present.insert(r.code);
  for (const auto& code : words(c.get("codes"))) {
    bool negated = code[0] == '!';
    std::string name = negated ? code.substr(1) : code;
    if (negated == (present.count(name) > 0)) {
      diffs.push_back((negated ? "reason " + name + " present" : "reason " + name + " missing") +
                      " (reasons: " + codes_of(reasons) + ")");
    }
  }
}

template <typename T>
T checked(const Result<T>& result) {
  if (!result) {
    std::string message = result.error().title;
    for (const auto& e : result.error().errors) message += " [" + e.field + ": " + e.message + "]";
    throw CaseError{message};
  }
  return result.value();
}

void normalised(const std::vector<FieldError>& errors) {
  if (errors.empty()) return;
  std::string message = "invalid input:";
  for (const auto& e : errors) message += " " + e.field + ": " + e.message;
  throw CaseError{message};
}

std::vector<std::string> eligibility_case(const RuleSet& set, const Case& c,
                                          const std::string& as_of) {
  std::vector<FieldError> errors;
  json h = normalise_household(household_of(c), "household", errors);
  json o = normalise_offer(offer_of(c), "offer", errors);
  normalised(errors);
  const Decision d = checked(set.evaluate(h, o, as_of));
  std::vector<std::string> diffs;
  bool expected = yes_no("eligible", c.get("eligible"));
  if (d.eligible != expected) {
    diffs.push_back(std::string("eligible: expected ") + (expected ? "yes" : "no") + ", got " +
                    (d.eligible ? "yes" : "no") + " (reasons: " + codes_of(d.reasons) + ")");
  }
  check_codes(c, d.reasons, diffs);
  if (c.has("category") && number("category", c.get("category")) != d.category) {
    diffs.push_back("category: expected " + c.get("category") + ", got " +
                    std::to_string(d.category));
  }
  if (c.has("zone") && c.get("zone") != d.zone) {
    diffs.push_back("zone: expected " + c.get("zone") + ", got " + d.zone);
  }
  if (c.has("ceiling")) {
    std::string got = d.ceiling ? std::to_string(*d.ceiling) : "none";
    if (got != c.get("ceiling"))
      diffs.push_back("ceiling: expected " + c.get("ceiling") + ", got " + got);
  }
  if (c.has("target") && yes_no("target", c.get("target")) != d.target) {
    diffs.push_back("target: expected " + c.get("target") + ", got " + (d.target ? "yes" : "no"));
  }
  // The bulk loops must agree with the explained decision.
  auto offers = checked(CandidateSet::offers(std::vector<json>{o}));
  auto households = checked(CandidateSet::households(std::vector<json>{h}));
  bool by_offers = !checked(set.offers_for(h, *offers, as_of)).eligible.empty();
  bool by_households = !checked(set.households_for(o, *households, as_of)).eligible.empty();
  if (by_offers != d.eligible || by_households != d.eligible) {
    diffs.push_back(
        "the bulk loops of eligibility.lua disagree with the explained decision "
        "(offers_for: " +
        std::string(by_offers ? "yes" : "no") +
        ", applicants_for: " + (by_households ? "yes" : "no") + ")");
  }
  return diffs;
}

std::vector<std::string> limits_case(const RuleSet& set, const Case& c, const std::string& as_of) {
  json apps = json::array();
  int n = 0;
  for (const auto& a : words(c.get("current"))) {
    auto parts = words(a, ':');
    if (parts.size() < 2 || parts.size() > 4) {
      throw CaseError{"current: '" + a + "' is not kind:typology[:programme[:offerId]]"};
    }
    apps.push_back({{"offerId", parts.size() > 3 ? parts[3] : "current" + std::to_string(++n)},
                    {"kind", parts[0]},
                    {"typology", number("current", parts[1])},
                    {"programme", parts.size() > 2 ? parts[2] : ""}});
  }
  json input = {{"offer",
                 {{"id", c.get("offer_id", "new")},
                  {"kind", c.get("kind", "classic")},
                  {"typology", number("typology", c.get("typology", "2"))},
                  {"programme", c.get("programme", "")}}},
                {"applications", apps}};
  std::vector<FieldError> errors;
  json normal = normalise_limits(input, errors);
  normalised(errors);
  const LimitsDecision d = checked(set.limits(normal, as_of));
  std::vector<std::string> diffs;
  bool expected = yes_no("allowed", c.get("allowed"));
  if (d.allowed != expected) {
    diffs.push_back(std::string("allowed: expected ") + (expected ? "yes" : "no") + ", got " +
                    (d.allowed ? "yes" : "no") + " (reasons: " + codes_of(d.reasons) + ")");
  }
  check_codes(c, d.reasons, diffs);
  return diffs;
}

std::vector<std::string> ranking_case(const RuleSet& set, const Case& c, const std::string& as_of) {
  json candidates = json::array();
  for (const auto& token : words(c.get("candidates"))) {
    auto parts = words(token, '/');
    if (parts.size() < 4 || parts.size() > 5 || (parts[2] != "target" && parts[2] != "out")) {
      throw CaseError{"candidates: '" + token +
                      "' is not id/documents/target|out/appliedAt[/flag+flag]"};
    }
    candidates.push_back(
        {{"applicationId", parts[0]},
         {"documents", parts[1]},
         {"target", parts[2] == "target"},
         {"appliedAt", parts[3]},
         {"priorityFlags", parts.size() > 4 ? words(parts[4], '+') : std::vector<std::string>{}}});
  }
  json input = {{"offer", {{"kind", c.get("kind", "classic")}}}, {"candidates", candidates}};
  std::vector<FieldError> errors;
  json normal = normalise_ranking(input, errors);
  normalised(errors);
  const RankingDecision d = checked(set.rank(normal, as_of));
  std::vector<std::string> diffs;
  std::string order;
  for (const auto& r : d.ranked) order += (order.empty() ? "" : " ") + r.application_id;
  if (c.has("order") && order != c.get("order")) {
    diffs.push_back("order: expected " + c.get("order") + ", got " + order);
  }
  std::string kept;
  for (const auto& k : d.kept) kept += (kept.empty() ? "" : " ") + k;
  if (c.has("kept") && kept != c.get("kept")) {
    diffs.push_back("kept: expected " + c.get("kept") + ", got " + kept);
  }
  return diffs;
}

}  // namespace

TestReport run_test_tables(const RuleSet& set) {
  TestReport report;
  for (const auto& file : set.source().tests) {
    ++report.tables;
    const std::string table = "tests/" + file.name + ".csv";
    auto rule = std::find_if(set.rules().begin(), set.rules().end(),
                             [&](const RuleInfo& r) { return r.name == file.name; });
    std::string decision = rule == set.rules().end() ? "" : rule->decision;
    if (decision != "eligibility" && decision != "limits" && decision != "ranking") {
      report.failures.push_back(
          {table, 1, "",
           rule == set.rules().end()
               ? "no rule file " + file.name + ".lua for this table"
               : file.name + ".lua declares no decision (eligibility, limits or ranking)"});
      continue;
    }
    const std::string expected = decision == "eligibility" ? "eligible"
                                 : decision == "limits"    ? "allowed"
                                                           : "order";
    if (file.table.column("case") < 0 || file.table.column(expected) < 0) {
      report.failures.push_back({table, 1, "", "the table needs the columns case and " + expected});
      continue;
    }
    for (const auto& row : file.table.rows) {
      Case c{file.table, row};
      ++report.cases;
      std::vector<std::string> diffs;
      try {
        std::string as_of = c.get("as_of", "2026-06-01");
        if (!parse_date(as_of))
          throw CaseError{"as_of: '" + as_of + "' is not a date (YYYY-MM-DD)"};
        if (decision == "eligibility") {
          diffs = eligibility_case(set, c, as_of);
        } else if (decision == "limits") {
          diffs = limits_case(set, c, as_of);
        } else {
          diffs = ranking_case(set, c, as_of);
        }
      } catch (const CaseError& e) {
        diffs.push_back(e.message);
      }
      if (diffs.empty()) {
        ++report.passed;
        continue;
      }
      std::string message;
      for (const auto& d : diffs) message += (message.empty() ? "" : "; ") + d;
      report.failures.push_back({table, row.line, c.get("case"), message});
    }
  }
  return report;
}

}  // namespace alin::rules
