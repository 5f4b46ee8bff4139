#include "alin/rules/rule_engine.hpp"

#include <cstdlib>
#include <ctime>

#include "rules/input.hpp"
#include "rules/rule_set.hpp"
#include "rules/test_tables.hpp"

namespace alin::rules {

using nlohmann::json;

namespace {

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Reads, compiles and tests a folder; any failure is one Error listing every problem.
Result<std::shared_ptr<RuleSet>> build(const std::string& directory, const SandboxLimits& limits) {
  auto source = read_rule_source(directory);
  if (!source) return source.error();
  auto set = RuleSet::load(std::move(source.value()), limits);
  if (!set) {
    Error error = set.error();
    error.kind = ErrorKind::invalid;
    error.code = "rules_invalid";
    error.title = "Le jeu de règles ne se charge pas : " + error.title;
    return error;
  }
  set.value()->tests = run_test_tables(*set.value());
  set.value()->loaded_at = now_utc();
  const TestReport& report = set.value()->tests;
  if (!report.ok()) {
    std::vector<FieldError> errors;
    for (const auto& f : report.failures) {
      errors.push_back({f.table + ":" + std::to_string(f.line), "case_failed",
                        (f.name.empty() ? "" : f.name + " — ") + f.message});
    }
    return Error::invalid("rules_tests_failed",
                          std::to_string(report.failures.size()) + " cas de test sur " +
                              std::to_string(report.cases) +
                              " échouent : le jeu de règles est refusé.",
                          std::move(errors));
  }
  return set;
}

}  // namespace

json to_json(const TestReport& report) {
  json failures = json::array();
  for (const auto& f : report.failures) {
    failures.push_back(
        {{"table", f.table}, {"line", f.line}, {"case", f.name}, {"message", f.message}});
  }
  return {{"tables", report.tables},
          {"cases", report.cases},
          {"passed", report.passed},
          {"failures", failures}};
}

json to_json(const RuleSetInfo& info) {
  json rules = json::array();
  for (const auto& [name, decision] : info.rules) {
    rules.push_back(
        {{"file", name + ".lua"}, {"decision", decision.empty() ? json(nullptr) : json(decision)}});
  }
  return {{"version", info.version},     {"hash", info.hash}, {"directory", info.directory},
          {"loadedAt", info.loaded_at},  {"rules", rules},    {"dataFiles", info.data_files},
          {"tests", to_json(info.tests)}};
}

json to_json(const ReloadReport& report) {
  return {{"previousVersion", report.previous_version},
          {"version", report.version},
          {"changed", report.changed},
          {"tests", to_json(report.tests)}};
}

RuleEngine::RuleEngine(EngineOptions options, std::shared_ptr<const RuleSet> set)
    : options_(std::move(options)), current_(std::move(set)) {}

RuleEngine::~RuleEngine() = default;

Result<std::unique_ptr<RuleEngine>> RuleEngine::open(EngineOptions options) {
  auto set = build(options.directory, options.limits);
  if (!set) return set.error();
  return std::unique_ptr<RuleEngine>(new RuleEngine(std::move(options), std::move(set.value())));
}

std::shared_ptr<const RuleSet> RuleEngine::current() const {
  std::lock_guard lock(current_mutex_);
  return current_;
}

std::optional<double> RuleEngine::parameter(std::string_view name, Date on) const {
  const auto set = current();
  const std::string day = format_date(on);
  for (const auto& file : set->source().data) {
    if (file.name != "parameters") continue;
    const int name_column = file.table.column("name"), value_column = file.table.column("value"),
              from_column = file.table.column("from");
    if (name_column < 0 || value_column < 0 || from_column < 0) return std::nullopt;
    std::optional<double> value;
    std::string latest;
    for (const auto& row : file.table.rows) {
      const auto& fields = row.fields;
      const auto at = [&](int column) -> const std::string& {
        return fields[static_cast<std::size_t>(column)];
      };
      // The row in force: the latest `from` not after the day (the rules' own reading).
      if (at(name_column) != name || at(from_column) > day || at(from_column) < latest) continue;
      char* end = nullptr;
      const double parsed = std::strtod(at(value_column).c_str(), &end);
      if (end == at(value_column).c_str()) continue;  // the rules' load reports a bad value
      value = parsed;
      latest = at(from_column);
    }
    return value;
  }
  return std::nullopt;
}

std::string RuleEngine::version() const {
  return current()->version();
}

namespace {

// The inputs of one explained decision, read and checked; false with `error` set when invalid.
bool read_pair(const json& household, const json& offer, HouseholdInput& h, OfferInput& o,
               Error& error) {
  static const std::string household_path = "household", offer_path = "offer";
  std::vector<FieldError> errors;
  read_inputs(household, household_path, offer, offer_path, errors, h, o);
  if (errors.empty()) return true;
  error = invalid_input(std::move(errors));
  return false;
}

// The date of an evaluate request: its asOf, or `today` when absent or null.
bool request_date(const json& body, Date today, Date& as_of, Error& error) {
  if (!body.is_object()) {
    error =
        invalid_input({{"", "not_an_object", "Objet JSON attendu : {household, offer, asOf?}."}});
    return false;
  }
  as_of = today;
  if (body.contains("asOf") && !body["asOf"].is_null()) {
    auto parsed =
        body["asOf"].is_string() ? parse_date(body["asOf"].get<std::string>()) : std::nullopt;
    if (!parsed) {
      error = invalid_input({{"asOf", "not_a_date", "Date attendue au format AAAA-MM-JJ."}});
      return false;
    }
    as_of = *parsed;
  }
  return true;
}

const json& member(const json& body, const char* key) {
  static const json missing;
  return body.contains(key) ? body[key] : missing;
}

}  // namespace

Result<Decision> RuleEngine::evaluate(const json& household, const json& offer, Date as_of) const {
  HouseholdInput h;
  OfferInput o;
  Error error;
  if (!read_pair(household, offer, h, o, error)) return error;
  return current()->evaluate(h, o, format_date(as_of));
}

Result<std::string> RuleEngine::evaluate_json(const json& household, const json& offer,
                                              Date as_of) const {
  HouseholdInput h;
  OfferInput o;
  Error error;
  if (!read_pair(household, offer, h, o, error)) return error;
  return current()->evaluate_json(h, o, format_date(as_of));
}

Result<Decision> RuleEngine::evaluate_request(const json& body, Date today) const {
  Date as_of;
  Error error;
  if (!request_date(body, today, as_of, error)) return error;
  return evaluate(member(body, "household"), member(body, "offer"), as_of);
}

Result<std::string> RuleEngine::evaluate_request_json(const json& body, Date today) const {
  Date as_of;
  Error error;
  if (!request_date(body, today, as_of, error)) return error;
  return evaluate_json(member(body, "household"), member(body, "offer"), as_of);
}

Result<LimitsDecision> RuleEngine::check_limits(const json& input, Date as_of) const {
  std::vector<FieldError> errors;
  json normal = normalise_limits(input, errors);
  if (!errors.empty()) return invalid_input(std::move(errors));
  return current()->limits(normal, format_date(as_of));
}

Result<RankingDecision> RuleEngine::rank(const json& input, Date as_of) const {
  std::vector<FieldError> errors;
  json normal = normalise_ranking(input, errors);
  if (!errors.empty()) return invalid_input(std::move(errors));
  return current()->rank(normal, format_date(as_of));
}

Result<BulkVerdicts> RuleEngine::eligible_offers(const json& household, const CandidateSet& offers,
                                                 Date as_of) const {
  if (offers.kind() != CandidateSet::Kind::offers) {
    return invalid_input({{"offers", "wrong_kind", "Un ensemble d'offres est attendu."}});
  }
  static const std::string path = "household";
  std::vector<FieldError> errors;
  HouseholdInput h;
  read_household(household, path, errors, h);
  if (!errors.empty()) return invalid_input(std::move(errors));
  return current()->offers_for(h, offers, format_date(as_of));
}

Result<BulkVerdicts> RuleEngine::eligible_households(const json& offer,
                                                     const CandidateSet& households,
                                                     Date as_of) const {
  if (households.kind() != CandidateSet::Kind::households) {
    return invalid_input({{"households", "wrong_kind", "Un ensemble de ménages est attendu."}});
  }
  static const std::string path = "offer";
  std::vector<FieldError> errors;
  OfferInput o;
  read_offer(offer, path, errors, o);
  if (!errors.empty()) return invalid_input(std::move(errors));
  return current()->households_for(o, households, format_date(as_of));
}

Result<ReloadReport> RuleEngine::reload() {
  return reload(options_.directory);
}

Result<ReloadReport> RuleEngine::reload(const std::string& directory) {
  std::lock_guard reloading(reload_mutex_);
  auto previous = current();
  auto set = build(directory, options_.limits);
  if (!set) return set.error();  // the old set keeps serving
  ReloadReport report{previous->version(), set.value()->version(),
                      previous->source().hash != set.value()->source().hash, set.value()->tests};
  {
    std::lock_guard lock(current_mutex_);
    current_ = std::move(set.value());
    options_.directory = directory;
  }
  return report;
}

RuleSetInfo RuleEngine::info() const {
  auto set = current();
  RuleSetInfo info;
  info.version = set->version();
  info.hash = set->source().hash;
  info.directory = set->source().directory;
  info.loaded_at = set->loaded_at;
  for (const auto& r : set->rules()) info.rules.emplace_back(r.name, r.decision);
  for (const auto& d : set->source().data) info.data_files.push_back("data/" + d.name + ".csv");
  info.tests = set->tests;
  return info;
}

Result<TestReport> RuleEngine::test_directory(const std::string& directory, SandboxLimits limits) {
  auto source = read_rule_source(directory);
  if (!source) return source.error();
  auto set = RuleSet::load(std::move(source.value()), limits);
  if (!set) return set.error();
  return run_test_tables(*set.value());
}

}  // namespace alin::rules
