#pragma once
// UTF-8 as RFC 3629 defines it: no overlong form, no UTF-16 surrogate, nothing beyond U+10FFFF.
#include <cstddef>
#include <string_view>

namespace alin::util {

// The length in bytes (1–4) of the well-formed character that starts at text[at], or 0 when the
// bytes there are not one (a stray continuation byte, a truncated or overlong sequence…).
// Inline: JSON text writes call it for each accented letter.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return 1;
  std::size_t extra = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range allowed for the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return 0;  // a continuation byte, an overlong C0/C1 lead, or F5–FF
  }
  if (text.size() - at <= extra) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    const auto byte = static_cast<unsigned char>(text[at + k]);
    if (k == 1 ? (byte < low || byte > high) : (byte >> 6) != 0x2) return 0;
  }
  return extra + 1;
}

}  // namespace alin::util
