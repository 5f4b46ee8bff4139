#include <cstdio>

#include "alin/rules/rule_engine.hpp"

namespace alin::rules {

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = 0; i < lengths[p]; ++i) {
      char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  Date date{std::chrono::year{parts[0]}, std::chrono::month{static_cast<unsigned>(parts[1])},
            std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!date.ok() || parts[0] < 1900) return std::nullopt;
  return date;
}

std::string format_date(Date date) {
  const int year = static_cast<int>(date.year());
  const unsigned month = static_cast<unsigned>(date.month()),
                 day = static_cast<unsigned>(date.day());
  if (year >= 0 && year <= 9999 && month <= 99 && day <= 99) {
    // Once per decision: written by hand, snprintf's parsing of the format costs more.
    char text[10] = {static_cast<char>('0' + year / 1000),
                     static_cast<char>('0' + year / 100 % 10),
                     static_cast<char>('0' + year / 10 % 10),
                     static_cast<char>('0' + year % 10),
                     '-',
                     static_cast<char>('0' + month / 10),
                     static_cast<char>('0' + month % 10),
                     '-',
                     static_cast<char>('0' + day / 10),
                     static_cast<char>('0' + day % 10)};
    return std::string(text, sizeof text);
  }
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year, month, day);
  return buffer;
}

}  // namespace alin::rules
