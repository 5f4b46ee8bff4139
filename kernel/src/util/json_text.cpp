#include "alin/util/json_text.hpp"

#include <bit>
#include <charconv>
#include <cstring>

#include "alin/util/utf8.hpp"

namespace alin::util {

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// Which of the 8 bytes of `word` ask for a look (not ASCII, a control, '"' or '\\'): the high
// bit of each is set. The classic zero-byte test, on the word and on the word xor each special;
// only bits above a flagged byte can be wrong, so the lowest one is exact.
constexpr std::uint64_t needing_a_look(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
  const auto zero_bytes = [](std::uint64_t w) { return (w - ones) & ~w & highs; };
  const std::uint64_t below_space = (word - 0x20 * ones) & ~word & highs;
  return (word & highs) | below_space | zero_bytes(word ^ ('"' * ones)) |
         zero_bytes(word ^ ('\\' * ones));
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t rollback = out.size();
  out += '"';
  std::size_t copied = 0;  // text[copied, i) is still to be copied as it is
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    // Plain text, eight bytes at a time, up to the next byte to look at (an accent, most often).
    if (std::endian::native == std::endian::little && size - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      const std::uint64_t flagged = needing_a_look(word);
      if (flagged == 0) {
        i += 8;
        continue;
      }
      i += static_cast<std::size_t>(std::countr_zero(flagged)) / 8;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        // Invalid UTF-8: nlohmann's replacement rules (how many bytes one U+FFFD stands for).
        out.resize(rollback);
        out += dump_json(std::string(text));
        return;
      }
      i += length;
      continue;
    }
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      ++i;
      continue;
    }
    out.append(text.data() + copied, i - copied);
    out += '\\';
    switch (byte) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '\b':
        out += 'b';
        break;
      case '\f':
        out += 'f';
        break;
      case '\n':
        out += 'n';
        break;
      case '\r':
        out += 'r';
        break;
      case '\t':
        out += 't';
        break;
      default: {
        static const char hex[] = "0123456789abcdef";
        const char escape[] = {'u', '0', '0', hex[byte >> 4], hex[byte & 0xF]};
        out.append(escape, sizeof escape);
      }
    }
    copied = ++i;
  }
  out.append(text.data() + copied, size - copied);
  out += '"';
}

void append_json_integer(std::string& out, std::int64_t value) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

void append_json_number(std::string& out, double value) {
  out += dump_json(value);
}

}  // namespace alin::util
