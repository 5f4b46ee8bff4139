#pragma once
// A small CSV reader for the rule set's data and test tables: comma-separated, optional double
// quotes (a doubled quote inside is a quote), LF or CRLF. Blank lines and lines starting with '#'
// are skipped, so analysts may comment their tables.
#include <string>
#include <string_view>
#include <vector>

namespace alin::rules {

struct CsvRow {
  int line = 0;  // 1-based line number in the file, for messages
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;

  // Index of a column, or -1.
  int column(std::string_view name) const;
};

// Parses `text`; on a malformed line (unterminated quote, wrong number of fields) returns false
// and sets `error` to "line N: …".
bool parse_csv(std::string_view text, CsvTable& table, std::string& error);

}  // namespace alin::rules
