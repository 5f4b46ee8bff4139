// The router, request values and the pipeline, without sockets.
#include <gtest/gtest.h>

#include "http/json_input.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"

using namespace alin::http;

namespace {

const RouteDoc kDoc{"test", {}, nullptr, {200}, "test"};

Response named(const std::string& name) {
  Response r;
  r.body = name;
  return r;
}

Request request(const std::string& method, const std::string& path) {
  Request r;
  r.method = method;
  r.path = path;
  r.request_id = "rid";
  return r;
}

Router sample() {
  Router router;
  router.add("GET", "/api/v1/me/offers/{id}", kDoc, [](Request& r) { return named("offer " + r.path_params["id"]); });
  router.add("GET", "/api/v1/me/offers/search", kDoc, [](Request&) { return named("search"); });
  router.add("DELETE", "/api/v1/me/offers/{id}", kDoc, [](Request&) { return named("delete"); });
  router.add("GET", "/api/v1/a/{x}/b/{y}", kDoc, [](Request& r) { return named(r.path_params["x"] + "," + r.path_params["y"]); });
  return router;
}

TEST(Router, ParametersAndLiteralsWinOverParameters) {
  const Router router = sample();
  Request r = request("GET", "/api/v1/me/offers/42");
  auto match = router.match(r);
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->handler(r).body, "offer 42");
  Request s = request("GET", "/api/v1/me/offers/search");
  EXPECT_EQ(router.match(s).route->handler(s).body, "search");
  Request two = request("GET", "/api/v1/a/1/b/2");
  EXPECT_EQ(router.match(two).route->handler(two).body, "1,2");
}

TEST(Router, PathOnlyMatchListsAllowedMethods) {
  const Router router = sample();
  Request r = request("PUT", "/api/v1/me/offers/42");
  const auto match = router.match(r);
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "DELETE"}));
  Request none = request("GET", "/api/v1/nowhere");
  EXPECT_TRUE(router.match(none).allowed_methods.empty());
}

TEST(Router, EmptySegmentsAreIgnoredAndDepthMustMatch) {
  const Router router = sample();
  Request trailing = request("GET", "/api/v1/me/offers/42/");
  EXPECT_NE(router.match(trailing).route, nullptr);
  Request deeper = request("GET", "/api/v1/me/offers/42/x");
  EXPECT_EQ(router.match(deeper).route, nullptr);
  Request root = request("GET", "/");
  EXPECT_EQ(router.match(root).route, nullptr);
}

TEST(Router, RefusesAnUndocumentedRoute) {
  Router router;
  EXPECT_THROW(router.add("GET", "/x", RouteDoc{}, [](Request&) { return Response{}; }), std::logic_error);
}

TEST(Message, QueryParsingDecodesAndKeepsRepeats) {
  const auto q = parse_query("a=1&b=x%20y&b=z+w&&c&d=%zz&e=%41");
  EXPECT_EQ(q.count("b"), 2u);
  EXPECT_EQ(q.find("a")->second, "1");
  EXPECT_EQ(q.find("b")->second, "x y");
  EXPECT_EQ(std::next(q.find("b"))->second, "z w");
  EXPECT_EQ(q.find("c")->second, "");
  EXPECT_EQ(q.find("d")->second, "%zz") << "a malformed escape is kept as it was";
  EXPECT_EQ(q.find("e")->second, "A");
}

TEST(Message, PathDecodingRefusesBadEscapesAndNul) {
  std::string out;
  EXPECT_TRUE(decode_path("/a%20b/%C3%A9", out));
  EXPECT_EQ(out, "/a b/é");
  EXPECT_FALSE(decode_path("/a%2", out));
  EXPECT_FALSE(decode_path("/a%zz", out));
  EXPECT_FALSE(decode_path("/a%00b", out));
  EXPECT_TRUE(decode_path("/a+b", out));
  EXPECT_EQ(out, "/a+b") << "'+' is a space only in queries";
}

TEST(Pipeline, AnswersProblemsForEveryFailure) {
  Router router;
  router.add("POST", "/json", kDoc, [](Request& r) {
    const auto body = parse_json_object(r);
    JsonInput in(body);
    in.required_string("name", 5);
    in.required_bool("ok");
    in.optional_integer("n", 0, 10);
    in.finish();
    return json_response(201, {{"done", true}});
  });
  router.add("GET", "/boom", kDoc, [](Request&) -> Response { throw std::runtime_error("database gone"); });
  std::string logged;
  int observed = 0;
  const Pipeline pipeline(
      router, [&](const Request&, const Route*, const Response&, double) { ++observed; },
      [&](const Request&, const std::string& what) { logged = what; });

  Request boom = request("GET", "/boom");
  const Response failed = pipeline.handle(boom);
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.content_type, "application/problem+json");
  EXPECT_EQ(logged, "database gone");
  EXPECT_EQ(nlohmann::json::parse(failed.body)["requestId"], "rid");

  Request bad = request("POST", "/json");
  bad.body = R"({"name":"far too long","ok":"yes","n":99})";
  const Response invalid = pipeline.handle(bad);
  ASSERT_EQ(invalid.status, 400);
  const auto body = nlohmann::json::parse(invalid.body);
  EXPECT_EQ(body["type"], "https://alin.example/problems/invalid_input");
  std::vector<std::string> fields;
  for (const auto& e : body["errors"]) fields.push_back(e["field"].get<std::string>() + ":" + e["code"].get<std::string>());
  EXPECT_EQ(fields, (std::vector<std::string>{"name:too_long", "ok:wrong_type", "n:out_of_range"}));

  Request malformed = request("POST", "/json");
  malformed.body = "{\"name\":";
  EXPECT_EQ(pipeline.handle(malformed).status, 400);
  Request not_json = request("POST", "/json");
  not_json.headers["content-type"] = "text/plain";
  EXPECT_EQ(pipeline.handle(not_json).status, 415);
  Request unknown = request("GET", "/nothing");
  EXPECT_EQ(pipeline.handle(unknown).status, 404);
  Request wrong = request("DELETE", "/json");
  const Response not_allowed = pipeline.handle(wrong);
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.headers.at("Allow"), "POST");
  EXPECT_EQ(observed, 6);
}

TEST(JsonInput, UnsignedOverflowIsOutOfRange) {
  const auto body = nlohmann::json::parse(R"({"n": 18446744073709551615, "m": -5})");
  JsonInput in(body);
  EXPECT_FALSE(in.optional_integer("n", 0, 100).has_value());
  EXPECT_FALSE(in.optional_integer("m", 0, 100).has_value());
  EXPECT_THROW(in.finish(), ProblemException);
}

}  // namespace
