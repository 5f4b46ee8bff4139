#include "rules/rule_source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "alin/util/crypto.hpp"

namespace alin::rules {
namespace {

namespace fs = std::filesystem;

struct Found {
  std::string relative;  // "income.lua", "data/zones.csv"
  fs::path path;
};

std::vector<Found> list(const fs::path& root, const std::string& sub, const std::string& ext) {
  std::vector<Found> out;
  fs::path folder = sub.empty() ? root : root / sub;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return out;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ext) continue;
    std::string name = entry.path().filename().string();
    out.push_back({sub.empty() ? name : sub + "/" + name, entry.path()});
  }
  std::sort(out.begin(), out.end(),
            [](const Found& a, const Found& b) { return a.relative < b.relative; });
  return out;
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

Error failure(const std::string& file, const std::string& code, const std::string& message) {
  return Error::invalid("rules_unreadable", "Le jeu de règles ne peut pas être lu.",
                        {FieldError{file, code, message}});
}

}  // namespace

Result<RuleSource> read_rule_source(const std::string& directory) {
  fs::path root(directory);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return failure(directory, "not_a_folder", "Dossier de règles introuvable : " + directory);
  }
  RuleSource source;
  source.directory = directory;
  std::string digest_input;  // name, size and content of every file, in a fixed order
  auto take = [&](const Found& f, std::string& content) -> bool {
    if (!read_file(f.path, content)) return false;
    digest_input += f.relative + '\0' + std::to_string(content.size()) + '\0' + content;
    return true;
  };
  for (const auto& f : list(root, "", ".lua")) {
    LuaFile file{f.path.stem().string(), {}};
    if (!take(f, file.source)) return failure(f.relative, "unreadable", "Fichier illisible.");
    source.lua.push_back(std::move(file));
  }
  for (const auto& [sub, is_data] : {std::pair{"data", true}, std::pair{"tests", false}}) {
    for (const auto& f : list(root, sub, ".csv")) {
      std::string content, error;
      if (!take(f, content)) return failure(f.relative, "unreadable", "Fichier illisible.");
      CsvTable table;
      if (!parse_csv(content, table, error)) {
        return failure(f.relative + ":" + error.substr(5, error.find(':') - 5), "malformed_csv",
                       f.relative + " " + error);
      }
      if (is_data) {
        source.data.push_back({f.path.stem().string(), std::move(table)});
      } else {
        source.tests.push_back({f.path.stem().string(), std::move(table)});
      }
    }
  }
  if (source.lua.empty()) {
    return failure(directory, "no_rules", "Aucun fichier .lua dans " + directory);
  }
  crypto::initialise();
  source.hash = crypto::token_hash(digest_input);
  return source;
}

}  // namespace alin::rules
