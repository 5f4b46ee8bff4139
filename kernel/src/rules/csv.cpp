#include "rules/csv.hpp"

namespace alin::rules {

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

// Splits one record starting at `pos`; a quoted field may span lines. Advances `pos` and `line`.
bool read_record(std::string_view text, std::size_t& pos, int& line, std::vector<std::string>& out,
                 std::string& error) {
  out.clear();
  std::string field;
  bool quoted = false, was_quoted = false;
  const int start_line = line;
  while (pos < text.size()) {
    char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          field.push_back('"');
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (quoted) {
    error = "line " + std::to_string(start_line) + ": unterminated quote";
    return false;
  }
  out.push_back(std::move(field));
  return true;
}

bool blank(const std::vector<std::string>& fields) {
  if (fields.size() == 1 && fields[0].find_first_not_of(" \t") == std::string::npos) return true;
  return !fields.empty() && !fields[0].empty() && fields[0][0] == '#';
}

}  // namespace

bool parse_csv(std::string_view text, CsvTable& table, std::string& error) {
  table = {};
  std::size_t pos = 0;
  int line = 1;
  std::vector<std::string> fields;
  // A UTF-8 byte order mark, as some spreadsheets write, is not part of the first column name.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  bool have_header = false;
  while (pos < text.size()) {
    int record_line = line;
    if (!read_record(text, pos, line, fields, error)) return false;
    if (blank(fields)) continue;
    if (!have_header) {
      table.header = fields;
      have_header = true;
      continue;
    }
    if (fields.size() != table.header.size()) {
      error = "line " + std::to_string(record_line) + ": " + std::to_string(fields.size()) +
              " fields, the header has " + std::to_string(table.header.size());
      return false;
    }
    table.rows.push_back({record_line, std::move(fields)});
    fields = {};
  }
  if (!have_header) {
    error = "line 1: no header";
    return false;
  }
  return true;
}

}  // namespace alin::rules
