// Request values (host/src/http/message.hpp): query strings, path decoding, header and query
// look-ups.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "http/message.hpp"

using namespace alin::http;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// The multimap in order: equal keys keep the order they came in.
Pairs pairs(std::string_view query) {
  const auto parsed = parse_query(query);
  return Pairs(parsed.begin(), parsed.end());
}

TEST(ParseQuery, PlainPairs) {
  EXPECT_EQ(pairs("tab=requested&radiusKm=10&page=2"),
            (Pairs{{"page", "2"}, {"radiusKm", "10"}, {"tab", "requested"}}));
  EXPECT_EQ(pairs(""), Pairs{});
}

TEST(ParseQuery, DecodesPercentEscapesAndPlus) {
  EXPECT_EQ(pairs("city=Saint%20Denis"), (Pairs{{"city", "Saint Denis"}}));
  EXPECT_EQ(pairs("city=Saint+Denis"), (Pairs{{"city", "Saint Denis"}}));
  EXPECT_EQ(pairs("name=Zo%C3%A9"), (Pairs{{"name", "Zo\xc3\xa9"}}));
  EXPECT_EQ(pairs("a%2Bb=1%2B1"), (Pairs{{"a+b", "1+1"}})) << "an escaped '+' is a plus";
  EXPECT_EQ(pairs("my+key=v"), (Pairs{{"my key", "v"}})) << "keys are decoded too";
  EXPECT_EQ(pairs("x=%26%3D%3f"), (Pairs{{"x", "&=?"}})) << "lower-case hex digits too";
  EXPECT_EQ(pairs("x=a=b"), (Pairs{{"x", "a=b"}})) << "only the first '=' separates";
  EXPECT_EQ(pairs("x=%00"), (Pairs{{"x", std::string(1, '\0')}}))
      << "a NUL is a value like another";
}

TEST(ParseQuery, EmptyPairsKeysAndValues) {
  EXPECT_EQ(pairs("&&a=1&&"), (Pairs{{"a", "1"}}));
  EXPECT_EQ(pairs("flag"), (Pairs{{"flag", ""}}));
  EXPECT_EQ(pairs("flag="), (Pairs{{"flag", ""}}));
  EXPECT_EQ(pairs("=value"), (Pairs{{"", "value"}}));
  EXPECT_EQ(pairs("="), (Pairs{{"", ""}}));
  EXPECT_EQ(pairs("&"), Pairs{});
}

TEST(ParseQuery, RepeatedKeysKeepEveryValueInOrder) {
  EXPECT_EQ(pairs("c=1&b=x&c=3&c=2"), (Pairs{{"b", "x"}, {"c", "1"}, {"c", "3"}, {"c", "2"}}));
  const auto query = parse_query("c=1&c=2");
  EXPECT_EQ(query.count("c"), 2u);
}

TEST(ParseQuery, MalformedEscapesAreKeptAsTheyCame) {
  EXPECT_EQ(pairs("d=%zz"), (Pairs{{"d", "%zz"}}));
  EXPECT_EQ(pairs("d=100%"), (Pairs{{"d", "100%"}}));
  EXPECT_EQ(pairs("d=%4"), (Pairs{{"d", "%4"}}));
  EXPECT_EQ(pairs("d=%4g"), (Pairs{{"d", "%4g"}}));
  // The whole part is kept raw, '+' included, when any escape in it is bad.
  EXPECT_EQ(pairs("d=a+b%2"), (Pairs{{"d", "a+b%2"}}));
  EXPECT_EQ(pairs("%zz=%41"), (Pairs{{"%zz", "A"}})) << "key and value are judged apart";
  EXPECT_EQ(pairs("%41=%"), (Pairs{{"A", "%"}}));
  EXPECT_EQ(pairs("d=%41%"), (Pairs{{"d", "%41%"}}));
}

TEST(DecodePath, DecodesEscapesButNotPlus) {
  std::string out;
  ASSERT_TRUE(decode_path("/api/v1/me/offers", out));
  EXPECT_EQ(out, "/api/v1/me/offers");
  ASSERT_TRUE(decode_path("/a%20b/%C3%A9t%c3%a9", out));
  EXPECT_EQ(out, "/a b/\xc3\xa9t\xc3\xa9");
  ASSERT_TRUE(decode_path("/a+b", out));
  EXPECT_EQ(out, "/a+b") << "'+' is a space only in a query";
  ASSERT_TRUE(decode_path("/a%2Fb", out));
  EXPECT_EQ(out, "/a/b") << "an escaped slash becomes a separator";
  ASSERT_TRUE(decode_path("", out));
  EXPECT_EQ(out, "");
  ASSERT_TRUE(decode_path("%25", out));
  EXPECT_EQ(out, "%") << "decoded once, not twice";
  ASSERT_TRUE(decode_path("%2541", out));
  EXPECT_EQ(out, "%41");
}

TEST(DecodePath, RefusesBadEscapes) {
  for (const char* raw : {"/a%", "/a%2", "/a%zz", "/a%2g", "/a%g2", "%", "%%41", "/a% 1"}) {
    std::string out = "untouched";
    EXPECT_FALSE(decode_path(raw, out)) << raw;
  }
}

TEST(DecodePath, RefusesNul) {
  std::string out;
  EXPECT_FALSE(decode_path("/a%00b", out));
  EXPECT_FALSE(decode_path("%00", out));
  EXPECT_FALSE(decode_path(std::string_view("/a\0b", 4), out)) << "a raw NUL too";
  EXPECT_TRUE(decode_path("/a%01z", out)) << "other control bytes pass: the router finds nothing";
  EXPECT_EQ(out, "/a\x01z");
}

TEST(RequestLookups, HeadersAndQueryValues) {
  Request request;
  request.headers = {{"content-type", "application/json"}, {"x-empty", ""}};
  request.query = parse_query("page=2&tab=a&tab=b&empty=");
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("Content-Type"), "") << "names are stored and looked up lower-cased";
  EXPECT_EQ(request.header("missing"), "");
  EXPECT_EQ(request.query_value("page"), "2");
  EXPECT_EQ(request.query_value("tab"), "a") << "the first of repeated values";
  EXPECT_EQ(request.query_value("missing"), "");
  EXPECT_TRUE(request.has_query("empty"));
  EXPECT_EQ(request.query_value("empty"), "");
  EXPECT_FALSE(request.has_query("missing"));
}

TEST(ResponseDefaults, JsonAndOk) {
  const Response response;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_TRUE(response.headers.empty());
  EXPECT_TRUE(response.body.empty());
}

}  // namespace
