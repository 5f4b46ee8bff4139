// alin: the command line. `alin rules test <dir>`, `alin rules explain …` and
// `alin plugins check <dir>…`; see usage().
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "alin/plugins/plugin_registry.hpp"
#include "alin/rules/rule_engine.hpp"

namespace {

using nlohmann::json;
namespace rules = alin::rules;

int usage() {
  std::cerr << "usage:\n"
               "  alin rules test <rules-dir>\n"
               "      run the rule set's test tables (tests/*.csv); exit 1 if any case fails\n"
               "  alin rules explain <household.json> <offer.json> [--as-of YYYY-MM-DD]\n"
               "                     [--rules DIR] [--json]\n"
               "      the decision for one household and one offer, with every reason\n"
               "  alin plugins check <dir>...\n"
               "      load every plugin of these folders as the host would; list each, with\n"
               "      any refusal (ABI, toolchain, missing symbol); exit 1 on a refusal or when\n"
               "      nothing loads\n";
  return 2;
}

void print_error(const alin::Error& error) {
  std::cerr << error.title << "\n";
  for (const auto& e : error.errors) {
    std::cerr << "  " << (e.field.empty() ? "-" : e.field) << " [" << e.code << "] " << e.message
              << "\n";
  }
}

int run_tests(const std::string& directory) {
  auto report = rules::RuleEngine::test_directory(directory);
  if (!report) {
    print_error(report.error());
    return 1;
  }
  for (const auto& f : report->failures) {
    std::cout << "FAIL " << f.table << ":" << f.line << (f.name.empty() ? "" : " " + f.name)
              << "\n     " << f.message << "\n";
  }
  std::cout << report->passed << "/" << report->cases << " cases passed in " << report->tables
            << " tables\n";
  return report->ok() ? 0 : 1;
}

bool read_json(const std::string& path, json& out) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot open " << path << "\n";
    return false;
  }
  out = json::parse(in, nullptr, false);
  if (out.is_discarded()) {
    std::cerr << path << ": not valid JSON\n";
    return false;
  }
  return true;
}

rules::Date today() {
  return rules::Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

int explain(const std::vector<std::string>& args) {
  std::string directory = "rules";
  rules::Date as_of = today();
  bool as_json = false;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--rules" && i + 1 < args.size()) {
      directory = args[++i];
    } else if (args[i] == "--as-of" && i + 1 < args.size()) {
      auto date = rules::parse_date(args[++i]);
      if (!date) {
        std::cerr << "--as-of: expected YYYY-MM-DD\n";
        return 2;
      }
      as_of = *date;
    } else if (args[i] == "--json") {
      as_json = true;
    } else if (!args[i].empty() && args[i][0] != '-') {
      files.push_back(args[i]);
    } else {
      return usage();
    }
  }
  if (files.size() != 2) return usage();
  json household, offer;
  if (!read_json(files[0], household) || !read_json(files[1], offer)) return 2;
  auto engine = rules::RuleEngine::open({directory, {}});
  if (!engine) {
    print_error(engine.error());
    return 1;
  }
  auto decision = engine.value()->evaluate(household, offer, as_of);
  if (!decision) {
    print_error(decision.error());
    return 1;
  }
  const auto& d = decision.value();
  if (as_json) {
    std::cout << rules::to_json(d).dump(2) << "\n";
    return 0;
  }
  std::cout << (d.eligible ? "ÉLIGIBLE" : "NON ÉLIGIBLE")
            << (d.target ? "" : " (hors public cible)") << " — au " << d.as_of << ", règles "
            << d.rule_set_version << "\n"
            << "catégorie " << d.category << ", zone " << d.zone << ", plafond "
            << (d.ceiling ? std::to_string(*d.ceiling) + " €" : std::string("sans objet")) << "\n";
  for (const auto& r : d.reasons) {
    const char* mark = r.outcome == "pass" ? "[ok]  " : r.outcome == "fail" ? "[non] " : "[info]";
    std::cout << mark << " " << r.code << "\n       " << r.message << "\n";
    for (const auto& [name, value] : r.figures.items()) {
      std::cout << "         " << name << " = " << value.dump() << "\n";
    }
  }
  return 0;
}

// What an integrator runs before handing a plugin to an operator: the host's own loader, its own
// checks, on the folders given.
int check_plugins(const std::vector<std::string>& directories) {
  alin::plugins::RegistryOptions options;
  options.directories = directories;
  const auto registry = alin::plugins::PluginRegistry::load(options);
  for (const auto& info : registry->loaded()) {
    std::cout << "loaded  " << alin::plugins::to_string(info.kind) << " " << info.name << " "
              << info.version << "  " << info.path << "\n";
  }
  for (const auto& problem : registry->problems()) {
    std::cout << "refused " << problem.path << ": " << problem.code << ": " << problem.message
              << "\n";
  }
  return registry->problems().empty() && !registry->loaded().empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 3 && args[0] == "plugins" && args[1] == "check") {
    return check_plugins({args.begin() + 2, args.end()});
  }
  if (args.size() < 2 || args[0] != "rules") return usage();
  try {
    if (args[1] == "test" && args.size() == 3) return run_tests(args[2]);
    if (args[1] == "explain") return explain({args.begin() + 2, args.end()});
  } catch (const std::exception& e) {
    std::cerr << "unexpected error: " << e.what() << "\n";
    return 3;
  }
  return usage();
}
