#include "alin/offers/rules_simulation.hpp"

#include <filesystem>
#include <fstream>
#include <regex>

#include "alin/util/crypto.hpp"

namespace alin::offers {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxFiles = 64;
constexpr std::size_t kMaxFileBytes = 2u << 20;

// What a rule set is made of (kernel/src/rules/rule_source.cpp reads exactly these).
bool rule_set_path(const std::string& path) {
  static const std::regex allowed(R"(([A-Za-z0-9_-]+\.lua)|((data|tests)/[A-Za-z0-9_-]+\.csv))");
  return std::regex_match(path, allowed);
}

// A folder removed with everything in it when the simulation ends, however it ends.
class ScratchFolder {
 public:
  ScratchFolder() : path_(fs::temp_directory_path() / ("alin-simulate-" + crypto::new_id())) {
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The served rule set's files into `to` (its tests too when `with_tests`), then the candidate's.
void lay_out(const fs::path& from, const fs::path& to, bool with_tests,
             const std::map<std::string, std::optional<std::string>>& files) {
  fs::create_directories(to / "data");
  if (with_tests) fs::create_directories(to / "tests");
  for (const auto& entry : fs::directory_iterator(from)) {
    if (entry.is_regular_file() && entry.path().extension() == ".lua") {
      fs::copy_file(entry.path(), to / entry.path().filename());
    }
  }
  std::vector<std::string> folders = {"data"};
  if (with_tests) folders.push_back("tests");
  for (const auto& sub : folders) {
    if (!fs::is_directory(from / sub)) continue;
    for (const auto& entry : fs::directory_iterator(from / sub)) {
      if (entry.is_regular_file() && entry.path().extension() == ".csv") {
        fs::copy_file(entry.path(), to / sub / entry.path().filename());
      }
    }
  }
  for (const auto& [path, content] : files) {
    if (!with_tests && path.rfind("tests/", 0) == 0) continue;
    if (!content) {
      fs::remove(to / path);
      continue;
    }
    std::ofstream out(to / path, std::ios::binary);
    out << *content;
  }
}

Error candidate_invalid(const Error& cause) {
  Error error = Error::invalid("candidate_invalid",
                               "Le jeu de règles candidat ne se charge pas : " + cause.title);
  error.errors = cause.errors;
  return error;
}

}  // namespace

Result<nlohmann::json> RulesSimulation::run(const SimulationInput& input) const {
  std::vector<FieldError> errors;
  if (!geography_->department_name(input.department)) {
    errors.push_back({"department", "unknown_department", "Département inconnu."});
  }
  const std::string today = format_utc(clock_.now()).substr(0, 10);
  const std::string as_of = input.as_of.empty() ? today : input.as_of;
  const auto date = rules::parse_date(as_of);
  if (!date) errors.push_back({"asOf", "invalid_date", "Une date AAAA-MM-JJ est attendue."});
  if (input.files.empty()) {
    errors.push_back({"files", "required",
                      "Donnez au moins un fichier du jeu candidat (règle, donnée ou table)."});
  }
  if (input.files.size() > kMaxFiles) {
    errors.push_back({"files", "too_many", "Au plus 64 fichiers."});
  }
  for (const auto& [path, content] : input.files) {
    if (!rule_set_path(path)) {
      errors.push_back({"files." + path, "not_a_rule_file",
                        "Un fichier du jeu de règles : nom.lua, data/nom.csv ou tests/nom.csv."});
    } else if (content && content->size() > kMaxFileBytes) {
      errors.push_back({"files." + path, "too_large", "Au plus 2 Mo par fichier."});
    }
  }
  if (!errors.empty()) {
    return Error::invalid("invalid_input", "La simulation demandée n'est pas valide.",
                          std::move(errors));
  }

  // Two layouts of the candidate: with its tables, to report them; without, to evaluate it
  // whatever they say (a rule set is admitted only when its tables pass).
  ScratchFolder scratch;
  const fs::path with_tables = scratch.path() / "with_tables",
                 rules_only = scratch.path() / "rules";
  lay_out(rules_directory_, with_tables, true, input.files);
  lay_out(rules_directory_, rules_only, false, input.files);
  auto tests = rules::RuleEngine::test_directory(with_tables.string());
  if (!tests) return candidate_invalid(tests.error());
  auto candidate = rules::RuleEngine::open({rules_only.string(), {}});
  if (!candidate) return candidate_invalid(candidate.error());

  auto households = applicant_offers_.active_households(input.department);
  if (!households) return households.error();
  nlohmann::json items = nlohmann::json::array();
  long long before_total = 0, after_total = 0;
  int changed = 0;
  for (const Offer& offer : offers_.published_in(input.department, today)) {
    const nlohmann::json rules_input = rules_offer(offer);
    std::size_t before = 0, after = 0;
    if (households.value()->size() > 0) {
      auto served = current_.eligible_households(rules_input, *households.value(), *date);
      if (!served) return served.error();
      auto simulated =
          candidate.value()->eligible_households(rules_input, *households.value(), *date);
      if (!simulated) return candidate_invalid(simulated.error());
      before = served->eligible.size();
      after = simulated->eligible.size();
    }
    before_total += static_cast<long long>(before);
    after_total += static_cast<long long>(after);
    changed += before != after;
    items.push_back({{"offerId", offer.id},
                     {"reference", offer.reference},
                     {"programme", offer.programme},
                     {"commune", offer.commune},
                     {"kind", offer.kind},
                     {"financing", offer.financing},
                     {"typology", offer.typology},
                     {"before", before},
                     {"after", after}});
  }
  nlohmann::json totals = {{"offers", items.size()},
                           {"before", before_total},
                           {"after", after_total},
                           {"changed", changed}};
  return nlohmann::json{
      {"department", input.department},
      {"asOf", as_of},
      {"activeRequests", households.value()->size()},
      {"current", {{"version", current_.version()}}},
      {"candidate",
       {{"version", candidate.value()->version()}, {"tests", rules::to_json(tests.value())}}},
      {"offers", std::move(items)},
      {"totals", std::move(totals)}};
}

}  // namespace alin::offers
