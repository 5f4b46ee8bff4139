#pragma once
// The files of a rule set as read from its folder: rules/*.lua, rules/data/*.csv,
// rules/tests/*.csv (sub-folders such as data/communes/ are not part of it). Its version is the
// SHA-256 of every file's name and content, so the same files always give the same version.
#include <string>
#include <vector>

#include "alin/util/error.hpp"
#include "rules/csv.hpp"

namespace alin::rules {

struct LuaFile {
  std::string name;  // "income" for income.lua
  std::string source;
};

struct DataFile {
  std::string name;  // "income_ceilings" for data/income_ceilings.csv
  CsvTable table;
};

struct TestFile {
  std::string name;  // the rule it tests: "income" for tests/income.csv
  CsvTable table;
};

struct RuleSource {
  std::string directory;
  std::vector<LuaFile> lua;  // sorted by name
  std::vector<DataFile> data;
  std::vector<TestFile> tests;
  std::string hash;  // SHA-256, hex
  std::string version() const { return hash.substr(0, 16); }
};

// Reads a rule set folder. Unreadable folders and malformed CSV files are errors naming the file.
Result<RuleSource> read_rule_source(const std::string& directory);

}  // namespace alin::rules
