// JSON written as text (kernel/include/alin/util/json_text.hpp) against dump_json, the host's
// serialisation of a nlohmann tree, on random strings of every kind of byte, and the UTF-8 check
// (alin/util/utf8.hpp) against nlohmann's strict decoder.
#include "alin/util/json_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "alin/util/utf8.hpp"
#include "http/pipeline.hpp"
#include "http/problem.hpp"

using nlohmann::json;

namespace {

std::string dumped(const json& value) {
  return alin::util::dump_json(value);
}

std::string as_text(std::string_view s) {
  std::string out = "prefix ";  // appended to what is there, never replacing it
  alin::util::append_json_string(out, s);
  return out.substr(7);
}

// Pieces that a string is made of: plain text, escapes, French characters, and bytes that are
// not UTF-8 (stray continuations, truncated, overlong and surrogate sequences, F5–FF).
std::string random_text(std::mt19937& random) {
  static const char* const pieces[] = {"a",
                                       "Votre revenu",
                                       " ",
                                       "\"",
                                       "\\",
                                       "\b",
                                       "\f",
                                       "\n",
                                       "\r",
                                       "\t",
                                       "\x01",
                                       "\x1f",
                                       "\x7f",
                                       "é",
                                       "€",
                                       "\u202F",
                                       "\u00A0",
                                       "𝄞",
                                       "\xC2\xA0",
                                       "\x80",
                                       "\xBF",
                                       "\xC0\xAF",
                                       "\xC2",
                                       "\xE2\x82",
                                       "\xED\xA0\x80",
                                       "\xF0\x8F\xBF\xBF",
                                       "\xF4\x90\x80\x80",
                                       "\xF5",
                                       "\xFF"};
  std::string out;
  const int count = static_cast<int>(random() % 40);
  for (int i = 0; i < count; ++i) {
    const std::size_t k = random() % (std::size(pieces) + 1);
    if (k == std::size(pieces)) {
      out += '\0';  // pieces cannot hold it
    } else {
      out += pieces[k];
    }
  }
  return out;
}

std::string hex(std::string_view s) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) out += {digits[c >> 4], digits[c & 0xF], ' '};
  return out;
}

bool strictly_valid(const std::string& s) {
  try {
    (void)json(s).dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

bool valid_by_sequences(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t length = alin::util::utf8_sequence_length(s, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace

TEST(JsonText, StringsAreWrittenAsNlohmannDumpsThem) {
  for (std::string_view s : {"", "plain", "Plafond PLUS 2026 : 31\u202F254\u00A0€",
                             "quote \" and backslash \\", "\t\n\r\b\f\x01\x1f\x7f"}) {
    EXPECT_EQ(as_text(s), dumped(std::string(s))) << s;
  }
  EXPECT_EQ(as_text(std::string_view("\0x", 2)), "\"\\u0000x\"");
  std::mt19937 random(2026);
  int invalid = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::string s = random_text(random);
    ASSERT_EQ(as_text(s), dumped(s)) << hex(s);
    invalid += !strictly_valid(s);
  }
  EXPECT_GT(invalid, 50000);  // the replacement path was taken, and often
}

TEST(JsonText, Utf8SequencesAreThoseNlohmannAccepts) {
  std::mt19937 random(3);
  for (int i = 0; i < 200000; ++i) {
    const std::string s = random_text(random);
    ASSERT_EQ(valid_by_sequences(s), strictly_valid(s)) << i;
  }
  // Every two-byte string, and every lead byte with each continuation (the boundaries of RFC 3629).
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string two{static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(valid_by_sequences(two), strictly_valid(two)) << a << " " << b;
      const std::string four{static_cast<char>(a), static_cast<char>(b), '\x80', '\x80'};
      ASSERT_EQ(valid_by_sequences(four), strictly_valid(four)) << a << " " << b;
    }
  }
}

TEST(JsonText, NumbersAreWrittenAsNlohmannDumpsThem) {
  for (std::int64_t n :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{31254},
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    std::string out;
    alin::util::append_json_integer(out, n);
    EXPECT_EQ(out, dumped(n));
  }
  for (double x :
       {0.0, -0.0, 0.1, 2.0, 1e21, 1.5e-7, 3.0 * 1234.5, std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::infinity()}) {
    std::string out;
    alin::util::append_json_number(out, x);
    EXPECT_EQ(out, dumped(x));
  }
}

// The HTTP layer dumps its answers and its problems itself (http::dump_body: it is built without
// the kernel, for the fuzz targets): the same bytes as dump_json, which the writers above are held
// to.
TEST(JsonText, DumpJsonIsHowTheHostSendsJson) {
  const json value = {{"message", std::string("d\xC3\xA9j\xFF \"vu\"\n")}, {"n", 2.5}, {"i", -3}};
  EXPECT_EQ(alin::http::json_response(200, value).body, alin::util::dump_json(value));
  const auto problem = alin::http::bad_request("invalid_input", "Entrée \xFF invalide.", {});
  EXPECT_EQ(problem.to_response("").body, alin::util::dump_json(problem.to_json()));
}

// An offer's detail: its position and similar offers, then the offer as its set rendered it.
// Whatever pieces are empty, the body is one JSON object holding every member once.
TEST(JsonText, RenderedMembersAreSplicedIntoOneObject) {
  const std::string first = R"({"id":"a"})", second = R"({"id":"b"})";
  const json position = {{"position", {{"rank", 2}}}};
  const std::string offer = R"({"commune":"75111","id":"o1"})";
  const auto body = [](const json& object, const std::vector<const std::string*>& rendered,
                       std::string_view base) {
    return json::parse(alin::http::json_response(200, object, "similar", rendered, base).body);
  };
  EXPECT_EQ(body(position, {&first, &second}, offer),
            json::parse(R"({"similar":[{"id":"a"},{"id":"b"}],"position":{"rank":2},)"
                        R"("commune":"75111","id":"o1"})"));
  EXPECT_EQ(body(json::object(), {}, offer),
            json::parse(R"({"similar":[],"commune":"75111","id":"o1"})"));
  EXPECT_EQ(body(position, {&first}, "{}"),
            json::parse(R"({"similar":[{"id":"a"}],"position":{"rank":2}})"));
  EXPECT_EQ(body(json::object(), {}, "{}"), json::parse(R"({"similar":[]})"));
}
