// The router alone (host/src/http/router.hpp): which route a method and a decoded path reach,
// the path parameters it fills, the methods it offers on a 405, and the routes it refuses.
#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace alin::http;

namespace {

const RouteDoc kDoc{"test route", {}, nullptr, {200}, "test"};

// Each handler answers its own name, so a test can tell which route was chosen.
Handler answer(std::string name) {
  return [name](Request&) {
    Response response;
    response.body = name;
    return response;
  };
}

Request make(const std::string& method, const std::string& path) {
  Request request;
  request.method = method;
  request.path = path;
  return request;
}

// The name of the route `method path` reaches, or "" when none.
std::string reach(const Router& router, const std::string& method, const std::string& path) {
  Request request = make(method, path);
  const Router::Match match = router.match(request);
  return match.route == nullptr ? "" : match.route->handler(request).body;
}

std::vector<std::string> allowed(const Router& router, const std::string& method,
                                 const std::string& path) {
  Request request = make(method, path);
  return router.match(request).allowed_methods;
}

Router offers() {
  Router router;
  router.add("GET", "/api/v1/me/offers", kDoc, answer("list"));
  router.add("GET", "/api/v1/me/offers/{id}", kDoc, answer("detail"));
  router.add("GET", "/api/v1/me/offers/counts", kDoc, answer("counts"));
  router.add("GET", "/api/v1/me/offers/{id}/eligibility", kDoc, answer("eligibility"));
  router.add("DELETE", "/api/v1/me/offers/{id}", kDoc, answer("delete"));
  router.add("PATCH", "/api/v1/landlord/offers/{id}", kDoc, answer("patch"));
  router.add("POST", "/api/v1/landlord/offers", kDoc, answer("publish"));
  return router;
}

TEST(SplitPath, DropsEmptySegments) {
  EXPECT_EQ(split_path("/api/v1/me"), (std::vector<std::string>{"api", "v1", "me"}));
  EXPECT_EQ(split_path("api//v1///me/"), (std::vector<std::string>{"api", "v1", "me"}));
  EXPECT_EQ(split_path(""), std::vector<std::string>{});
  EXPECT_EQ(split_path("/"), std::vector<std::string>{});
  EXPECT_EQ(split_path("///"), std::vector<std::string>{});
  EXPECT_EQ(split_path("x"), std::vector<std::string>{"x"});
  EXPECT_EQ(split_path("/{id}/"), std::vector<std::string>{"{id}"});
}

TEST(Router, LiteralRoutesAndParameterRoutes) {
  const Router router = offers();
  EXPECT_EQ(reach(router, "GET", "/api/v1/me/offers"), "list");
  EXPECT_EQ(reach(router, "GET", "/api/v1/me/offers/42"), "detail");
  EXPECT_EQ(reach(router, "GET", "/api/v1/me/offers/42/eligibility"), "eligibility");
  EXPECT_EQ(reach(router, "DELETE", "/api/v1/me/offers/42"), "delete");
  EXPECT_EQ(reach(router, "PATCH", "/api/v1/landlord/offers/7"), "patch");
  EXPECT_EQ(reach(router, "POST", "/api/v1/landlord/offers"), "publish");
}

TEST(Router, LiteralSegmentWinsOverParameterWhateverTheOrder) {
  // "counts" was added after "{id}" and still wins for its own path.
  const Router router = offers();
  EXPECT_EQ(reach(router, "GET", "/api/v1/me/offers/counts"), "counts");
  EXPECT_EQ(reach(router, "GET", "/api/v1/me/offers/count"), "detail");
  EXPECT_EQ(reach(router, "GET", "/api/v1/me/offers/Counts"), "detail")
      << "matching is case-sensitive";

  Router reversed;
  reversed.add("GET", "/x/literal", kDoc, answer("literal"));
  reversed.add("GET", "/x/{param}", kDoc, answer("param"));
  EXPECT_EQ(reach(reversed, "GET", "/x/literal"), "literal");
  EXPECT_EQ(reach(reversed, "GET", "/x/other"), "param");
}

TEST(Router, TheEarliestLiteralDecidesBetweenTwoPartialMatches) {
  // /a/b/c fits both routes with two literals each: the literal at the shallower depth wins,
  // whichever route was registered first.
  for (const bool deep_first : {true, false}) {
    Router router;
    if (deep_first) router.add("GET", "/a/{x}/c", kDoc, answer("deep literal"));
    router.add("GET", "/a/b/{y}", kDoc, answer("shallow literal"));
    if (!deep_first) router.add("GET", "/a/{x}/c", kDoc, answer("deep literal"));
    EXPECT_EQ(reach(router, "GET", "/a/b/c"), "shallow literal") << deep_first;
    EXPECT_EQ(reach(router, "GET", "/a/z/c"), "deep literal") << deep_first;
    EXPECT_EQ(reach(router, "GET", "/a/b/z"), "shallow literal") << deep_first;
    EXPECT_EQ(reach(router, "GET", "/a/z/z"), "") << deep_first;
  }
  // A literal high up wins over more literals lower down.
  Router router;
  router.add("GET", "/a/{x}/c/d", kDoc, answer("three literals"));
  router.add("GET", "/a/b/{y}/{z}", kDoc, answer("two literals"));
  EXPECT_EQ(reach(router, "GET", "/a/b/c/d"), "two literals");
  EXPECT_EQ(reach(router, "GET", "/a/q/c/d"), "three literals");
}

TEST(Router, FillsPathParameters) {
  Router router;
  router.add("GET", "/api/v1/a/{x}/b/{y}", kDoc, [](Request& r) {
    Response response;
    response.body = r.path_params.at("x") + "|" + r.path_params.at("y");
    return response;
  });
  Request request = make("GET", "/api/v1/a/1/b/two words");
  request.path_params["stale"] = "from before";
  const auto match = router.match(request);
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/api/v1/a/{x}/b/{y}");
  EXPECT_EQ(request.path_params,
            (std::map<std::string, std::string>{{"x", "1"}, {"y", "two words"}}))
      << "the parameters of an earlier match are cleared";
  EXPECT_EQ(match.route->handler(request).body, "1|two words");
  EXPECT_TRUE(match.allowed_methods.empty());

  // The value is the decoded segment as it came, any bytes but '/'.
  Request odd = make("GET", "/api/v1/a/%zz/b/\xc3\xa9");
  ASSERT_NE(router.match(odd).route, nullptr);
  EXPECT_EQ(odd.path_params.at("x"), "%zz");
  EXPECT_EQ(odd.path_params.at("y"), "\xc3\xa9");
}

TEST(Router, NoParametersWithoutAMatch) {
  const Router router = offers();
  Request request = make("PUT", "/api/v1/me/offers/42");
  const auto match = router.match(request);
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(request.path_params.empty());
}

TEST(Router, WrongMethodListsTheAllowedOnesOnce) {
  const Router router = offers();
  EXPECT_EQ(allowed(router, "PUT", "/api/v1/me/offers/42"),
            (std::vector<std::string>{"GET", "DELETE"}));
  EXPECT_EQ(allowed(router, "POST", "/api/v1/me/offers"), std::vector<std::string>{"GET"});
  EXPECT_EQ(allowed(router, "GET", "/api/v1/landlord/offers/7"), std::vector<std::string>{"PATCH"});
  // "counts" fits both GET routes (literal and {id}) and DELETE /{id}: GET is offered once.
  EXPECT_EQ(allowed(router, "PUT", "/api/v1/me/offers/counts"),
            (std::vector<std::string>{"GET", "DELETE"}));
  // Method names are compared exactly.
  EXPECT_EQ(reach(router, "get", "/api/v1/me/offers"), "");
  EXPECT_EQ(allowed(router, "get", "/api/v1/me/offers"), std::vector<std::string>{"GET"});
}

TEST(Router, UnknownPathsMatchNothingAndOfferNothing) {
  const Router router = offers();
  for (const char* path : {"/api/v1/me/offer", "/api/v1/me/offers/42/eligibility/x", "/api/v1/me",
                           "/api/v2/me/offers", "/", "", "/api/v1/me/offers/42/x"}) {
    Request request = make("GET", path);
    const auto match = router.match(request);
    EXPECT_EQ(match.route, nullptr) << path;
    EXPECT_TRUE(match.allowed_methods.empty()) << path;
  }
}

TEST(Router, TrailingAndRepeatedSlashesAreIgnored) {
  const Router router = offers();
  EXPECT_EQ(reach(router, "GET", "/api/v1/me/offers/"), "list");
  EXPECT_EQ(reach(router, "GET", "/api/v1/me/offers/42/"), "detail");
  EXPECT_EQ(reach(router, "GET", "//api//v1/me/offers//42"), "detail");
  EXPECT_EQ(reach(router, "GET", "api/v1/me/offers"), "list") << "the leading slash is optional";
}

TEST(Router, RootAndOddPaths) {
  Router router;
  router.add("GET", "/", kDoc, answer("root"));
  router.add("GET", "/{only}", kDoc, answer("one"));
  EXPECT_EQ(reach(router, "GET", "/"), "root");
  EXPECT_EQ(reach(router, "GET", ""), "root");
  EXPECT_EQ(reach(router, "GET", "////"), "root");
  EXPECT_EQ(reach(router, "GET", "/x"), "one");
  EXPECT_EQ(reach(router, "GET", "/x/y"), "");
  EXPECT_EQ(allowed(router, "POST", "/"), std::vector<std::string>{"GET"});
}

TEST(Router, BracesAloneAreALiteral) {
  // "{}" has no name: it is a literal segment, matched only by itself.
  Router router;
  router.add("GET", "/a/{}", kDoc, answer("braces"));
  EXPECT_EQ(reach(router, "GET", "/a/{}"), "braces");
  EXPECT_EQ(reach(router, "GET", "/a/x"), "");
}

TEST(Router, RefusesARouteWithoutDocumentation) {
  Router router;
  auto add = [&](RouteDoc doc) { router.add("GET", "/x", std::move(doc), answer("x")); };
  EXPECT_THROW(add(RouteDoc{}), std::logic_error);
  EXPECT_THROW(add(RouteDoc{"", {}, nullptr, {200}, "t"}), std::logic_error) << "no summary";
  EXPECT_THROW(add(RouteDoc{"summary", {}, nullptr, {}, "t"}), std::logic_error) << "no responses";
  EXPECT_TRUE(router.routes().empty());
  try {
    router.add("DELETE", "/api/v1/x/{id}", RouteDoc{}, answer("x"));
    FAIL() << "an undocumented route must be refused";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()), "route DELETE /api/v1/x/{id} has no documentation");
  }
  add(kDoc);
  ASSERT_EQ(router.routes().size(), 1u);
  EXPECT_EQ(router.routes()[0].segments, std::vector<std::string>{"x"});
  EXPECT_EQ(router.routes()[0].doc.summary, "test route");
}

}  // namespace
