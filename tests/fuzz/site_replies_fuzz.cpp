// Fuzzes what a registration site or an applicant hands the platform before any check: the
// national site's JSON replies, the Imhoweb replies and amounts/dates, and the unique number typed
// by the applicant. The first byte picks the parser. None may crash, hang or read out of bounds;
// what they accept must be self-consistent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "alin/requests/unique_number.hpp"
#include "imhoweb_wire.hpp"
#include "national_wire.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0: {
      auto request = alin::gouv_fr::parse_request(text);
      if (request.ok()) check(request->tax_income_n2 >= 0 && !request->members.empty());
      break;
    }
    case 1:
      (void)alin::gouv_fr::parse_code_sent(text);
      break;
    case 2:
      (void)alin::gouv_fr::parse_error(400 + data[0] % 200, text);
      break;
    case 3:
      (void)alin::gouv_fr::parse_iso_utc(text);
      break;
    case 4: {
      std::string token;
      auto request = alin::finistere::parse_request_reply(text, token);
      if (request.ok()) check(!request->members.empty());
      (void)alin::finistere::parse_code_reply(text);
      break;
    }
    case 5:
      check(alin::finistere::parse_amount(text) >= -1);
      break;
    case 6: {
      const std::string date = alin::finistere::parse_french_date(text);
      check(date.empty() || date.size() == 10);
      (void)alin::finistere::parse_french_time(text);
      break;
    }
    case 7: {
      const auto parsed = alin::requests::parse_unique_number(text);
      check(parsed.number.has_value() != parsed.error.has_value());
      if (parsed.number) {
        check(parsed.number->month >= 1 && parsed.number->month <= 12);
        check(parsed.number->text.size() == 17 || parsed.number->text.size() == 18);
      }
      break;
    }
  }
  return 0;
}
