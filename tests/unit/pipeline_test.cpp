// One request start to finish (host/src/http/pipeline.hpp) with problem+json answers
// (problem.hpp) and the JSON body reader (json_input.hpp).
#include "http/pipeline.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

using namespace alin::http;
using nlohmann::json;

namespace {

const RouteDoc kDoc{"test route", {}, nullptr, {200}, "test"};

Request make(const std::string& method, const std::string& path, const std::string& body = "") {
  Request request;
  request.method = method;
  request.path = path;
  request.body = body;
  request.request_id = "req-1";
  return request;
}

// The account form of API.md, read the way the real handlers read it.
Response create_account(Request& request) {
  const json body = parse_json_object(request);
  JsonInput in(body);
  const std::string last_name = in.required_string("lastName", 100);
  const std::string email = in.required_string("email", 254);
  const bool accepts_terms = in.required_bool("acceptsTerms");
  const long long children = in.optional_integer("children", 0, 20).value_or(0);
  in.finish();
  return json_response(201, {{"lastName", last_name},
                             {"email", email},
                             {"acceptsTerms", accepts_terms},
                             {"children", children}});
}

struct Seen {
  std::string pattern;  // "" when no route matched
  int status = 0;
  double seconds = -1;
};

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    router_.add("POST", "/api/v1/accounts", kDoc, create_account);
    router_.add("GET", "/api/v1/me/offers/{id}", kDoc, [](Request& r) {
      return json_response(200, {{"id", r.path_params.at("id")}});
    });
    router_.add("DELETE", "/api/v1/me/offers/{id}", kDoc, [](Request&) {
      return json_response(204, {{"ignored", true}});
    });
    router_.add("POST", "/api/v1/me/applications", kDoc, [](Request&) -> Response {
      Problem problem{409,
                      "limit_reached",
                      "Vous avez atteint le nombre maximal de candidatures.",
                      "Cinq candidatures au plus.",
                      {{"offerId", "limit_reached", "Cinq candidatures au plus."}}};
      throw ProblemException(problem);
    });
    router_.add("POST", "/api/v1/sessions", kDoc, [](Request&) -> Response {
      Problem problem{429, "rate_limited", "Trop de tentatives.", "", {}};
      problem.retry_after_seconds = 60;
      throw ProblemException(problem);
    });
    router_.add("GET", "/api/v1/boom", kDoc,
                [](Request&) -> Response { throw std::runtime_error("database gone"); });
    router_.add("GET", "/api/v1/odd", kDoc, [](Request&) -> Response { throw 42; });
    router_.add("GET", "/api/v1/json-error", kDoc, [](Request&) -> Response {
      return json_response(200, json::parse("{"));  // nlohmann's own exception
    });
  }

  Response run(Request request) {
    const Pipeline pipeline(
        router_,
        [this](const Request&, const Route* route, const Response& response, double seconds) {
          seen_.push_back({route == nullptr ? "" : route->pattern, response.status, seconds});
        },
        [this](const Request& failed, const std::string& what) {
          logged_.push_back(failed.request_id + ": " + what);
        });
    return pipeline.handle(request);
  }

  static json body_of(const Response& response) { return json::parse(response.body); }

  Router router_;
  std::vector<Seen> seen_;
  std::vector<std::string> logged_;
};

TEST_F(PipelineTest, AnswersTheHandlerAndTagsTheRequestId) {
  const Response response = run(make("GET", "/api/v1/me/offers/o-42"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(body_of(response), (json{{"id", "o-42"}}));
  EXPECT_EQ(response.headers, (std::map<std::string, std::string>{{"X-Request-Id", "req-1"}}));
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].pattern, "/api/v1/me/offers/{id}");
  EXPECT_EQ(seen_[0].status, 200);
  EXPECT_GE(seen_[0].seconds, 0.0);
  EXPECT_LT(seen_[0].seconds, 10.0);
  EXPECT_TRUE(logged_.empty());
}

TEST_F(PipelineTest, NoContentHasNoBody) {
  const Response response = run(make("DELETE", "/api/v1/me/offers/o-42"));
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.body, "");
}

TEST_F(PipelineTest, UnknownRouteIs404Problem) {
  const Response response = run(make("GET", "/api/v1/nowhere"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(body_of(response), (json{{"type", "https://alin.example/problems/not_found"},
                                     {"title", "Ressource introuvable."},
                                     {"status", 404},
                                     {"code", "not_found"},
                                     {"requestId", "req-1"}}));
  EXPECT_EQ(response.headers.count("Allow"), 0u);
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].pattern, "") << "no route";
  EXPECT_EQ(seen_[0].status, 404);
}

TEST_F(PipelineTest, WrongMethodIs405WithAllow) {
  const Response response = run(make("PUT", "/api/v1/me/offers/o-42"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(response.headers.at("Allow"), "GET, DELETE");
  const json body = body_of(response);
  EXPECT_EQ(body["type"], "https://alin.example/problems/method_not_allowed");
  EXPECT_EQ(body["status"], 405);
  EXPECT_EQ(body["code"], "method_not_allowed");
  EXPECT_EQ(body["detail"], "Méthodes acceptées : GET, DELETE");
  EXPECT_EQ(body["requestId"], "req-1");
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].pattern, "");
  EXPECT_EQ(seen_[0].status, 405);

  EXPECT_EQ(run(make("GET", "/api/v1/accounts")).headers.at("Allow"), "POST");
}

TEST_F(PipelineTest, ProblemExceptionKeepsItsStatusAndShape) {
  const Response response = run(make("POST", "/api/v1/me/applications", "{}"));
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(body_of(response),
            (json{{"type", "https://alin.example/problems/limit_reached"},
                  {"title", "Vous avez atteint le nombre maximal de candidatures."},
                  {"status", 409},
                  {"code", "limit_reached"},
                  {"detail", "Cinq candidatures au plus."},
                  {"errors", json::array({{{"field", "offerId"},
                                           {"code", "limit_reached"},
                                           {"message", "Cinq candidatures au plus."}}})},
                  {"requestId", "req-1"}}));
  EXPECT_EQ(response.headers.count("Retry-After"), 0u);
  EXPECT_TRUE(logged_.empty()) << "an expected refusal is not an error";
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].pattern, "/api/v1/me/applications");
  EXPECT_EQ(seen_[0].status, 409);

  const Response limited = run(make("POST", "/api/v1/sessions"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers.at("Retry-After"), "60");
  EXPECT_FALSE(body_of(limited).contains("errors")) << "no empty list";
  EXPECT_FALSE(body_of(limited).contains("detail")) << "no empty detail";
}

TEST_F(PipelineTest, UnexpectedExceptionIsALogged500) {
  const Response response = run(make("GET", "/api/v1/boom"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(body_of(response), (json{{"type", "https://alin.example/problems/internal_error"},
                                     {"title", "Une erreur interne est survenue."},
                                     {"status", 500},
                                     {"code", "internal_error"},
                                     {"detail", "Communiquez l'identifiant de requête au support."},
                                     {"requestId", "req-1"}}));
  EXPECT_EQ(response.body.find("database gone"), std::string::npos) << "the cause stays in the log";
  EXPECT_EQ(logged_, std::vector<std::string>{"req-1: database gone"});
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].pattern, "/api/v1/boom") << "the route that failed";
  EXPECT_EQ(seen_[0].status, 500);

  logged_.clear();
  EXPECT_EQ(run(make("GET", "/api/v1/json-error")).status, 500);
  ASSERT_EQ(logged_.size(), 1u);
  EXPECT_NE(logged_[0].find("parse_error"), std::string::npos) << logged_[0];
}

TEST_F(PipelineTest, EvenANonStandardExceptionIsA500) {
  Response response;
  ASSERT_NO_THROW(response = run(make("GET", "/api/v1/odd")));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(body_of(response)["code"], "internal_error");
  EXPECT_EQ(logged_.size(), 1u);
  EXPECT_EQ(seen_.size(), 1u);
}

TEST_F(PipelineTest, WorksWithoutObserverNorLogNorRequestId) {
  const Pipeline pipeline(router_);
  Request request = make("GET", "/api/v1/boom");
  request.request_id.clear();
  const Response response = pipeline.handle(request);
  EXPECT_EQ(response.status, 500);
  EXPECT_TRUE(response.headers.empty()) << "no X-Request-Id without an id";
  EXPECT_FALSE(body_of(response).contains("requestId"));
}

TEST_F(PipelineTest, ValidBodyIsRead) {
  Request request = make("POST", "/api/v1/accounts",
                         R"({"lastName":"Dupont","email":"lea@example.fr","acceptsTerms":true,)"
                         R"("children":2,"unknown":"ignored"})");
  request.headers["content-type"] = "application/json; charset=utf-8";
  const Response response = run(request);
  EXPECT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(body_of(response), (json{{"lastName", "Dupont"},
                                     {"email", "lea@example.fr"},
                                     {"acceptsTerms", true},
                                     {"children", 2}}));
}

TEST_F(PipelineTest, EveryInvalidFieldIsListedAtOnce) {
  const Response response = run(
      make("POST", "/api/v1/accounts", R"({"lastName":42,"acceptsTerms":"yes","children":21})"));
  ASSERT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const json body = body_of(response);
  EXPECT_EQ(body["type"], "https://alin.example/problems/invalid_input");
  EXPECT_EQ(body["title"], "Certains champs ne sont pas valides.");
  EXPECT_EQ(body["status"], 400);
  EXPECT_EQ(body["code"], "invalid_input");
  EXPECT_EQ(body["requestId"], "req-1");
  EXPECT_EQ(body["errors"], json::parse(R"([
              {"field":"lastName","code":"wrong_type","message":"Une chaîne de caractères est attendue."},
              {"field":"email","code":"required","message":"Ce champ est obligatoire."},
              {"field":"acceptsTerms","code":"wrong_type","message":"Un booléen (true ou false) est attendu."},
              {"field":"children","code":"out_of_range","message":"La valeur doit être comprise entre 0 et 20."}
            ])"));
}

TEST_F(PipelineTest, NonJsonContentTypeIs415) {
  for (const char* type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
    Request request = make("POST", "/api/v1/accounts", R"({"lastName":"x"})");
    request.headers["content-type"] = type;
    const Response response = run(request);
    EXPECT_EQ(response.status, 415) << type;
    const json body = body_of(response);
    EXPECT_EQ(body["code"], "unsupported_media_type");
    EXPECT_EQ(body["detail"], std::string("Content-Type reçu : ") + type);
    EXPECT_EQ(body["status"], 415);
  }
}

TEST_F(PipelineTest, MalformedBodyIs400) {
  const Response response = run(make("POST", "/api/v1/accounts", "{\"lastName\":"));
  EXPECT_EQ(response.status, 400);
  const json body = body_of(response);
  EXPECT_EQ(body["code"], "malformed_json");
  EXPECT_EQ(body["errors"],
            json::parse(R"([{"field":"","code":"malformed_json","message":"JSON illisible."}])"));
}

// parse_json_object and JsonInput without the pipeline.

Problem problem_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ProblemException& e) {
    return e.problem();
  }
  ADD_FAILURE() << "no ProblemException";
  return {};
}

Request with_body(const std::string& body, const std::string& type = "") {
  Request request = make("POST", "/x", body);
  if (!type.empty()) request.headers["content-type"] = type;
  return request;
}

std::vector<std::string> field_codes(const Problem& problem) {
  std::vector<std::string> out;
  for (const auto& e : problem.errors) out.push_back(e.field + ":" + e.code);
  return out;
}

TEST(ParseJsonObject, AcceptsAnObjectUnderAnyJsonType) {
  EXPECT_EQ(parse_json_object(with_body(R"({"a":1})")), (json{{"a", 1}}));
  EXPECT_EQ(parse_json_object(with_body(" {} ", "application/json")), json::object());
  EXPECT_EQ(parse_json_object(with_body("{}", "application/merge-patch+json")), json::object());
  EXPECT_EQ(parse_json_object(with_body("{}", "application/json;charset=UTF-8")), json::object());
  EXPECT_EQ(parse_json_object(with_body("{}", "Application/JSON")), json::object())
      << "media types are case-insensitive";
}

TEST(ParseJsonObject, MalformedJson) {
  for (const std::string body :
       {"", "{", "{\"a\":}", "{'a':1}", "{\"a\":1}}", "nul", "{\"a\":\"\xff\"}", "{\"a\":1,}"}) {
    const Problem p = problem_of([&] { parse_json_object(with_body(body)); });
    EXPECT_EQ(p.status, 400) << body;
    EXPECT_EQ(p.code, "malformed_json") << body;
    EXPECT_EQ(field_codes(p), std::vector<std::string>{":malformed_json"}) << body;
  }
}

TEST(ParseJsonObject, NotAnObject) {
  for (const std::string body : {"[]", "[{\"a\":1}]", "3", "\"text\"", "null", "true"}) {
    const Problem p = problem_of([&] { parse_json_object(with_body(body)); });
    EXPECT_EQ(p.status, 400) << body;
    EXPECT_EQ(p.code, "malformed_json") << body;
    EXPECT_EQ(p.title, "Le corps de la requête doit être un objet JSON.");
    EXPECT_EQ(field_codes(p), std::vector<std::string>{":not_an_object"}) << body;
  }
}

TEST(ParseJsonObject, UnsupportedMediaType) {
  const Problem p = problem_of([] { parse_json_object(with_body("{}", "text/plain")); });
  EXPECT_EQ(p.status, 415);
  EXPECT_EQ(p.code, "unsupported_media_type");
  EXPECT_EQ(p.detail, "Content-Type reçu : text/plain");
  EXPECT_TRUE(p.errors.empty());
}

TEST(JsonInput, ReadsEveryTypeWithinItsBounds) {
  const json body = json::parse(R"({"s":"abc","e":"","b":false,"i":-5,"max":100,
                                   "big":9223372036854775807,"small":-9223372036854775808})");
  JsonInput in(body);
  EXPECT_EQ(in.required_string("s", 3), "abc") << "exactly the limit";
  EXPECT_EQ(in.required_string("e"), "") << "an empty string is a string";
  EXPECT_EQ(in.optional_string("s"), "abc");
  EXPECT_EQ(in.required_bool("b"), false);
  EXPECT_EQ(in.optional_bool("b"), false);
  EXPECT_EQ(in.required_integer("i", -5, 5), -5);
  EXPECT_EQ(in.required_integer("max", 0, 100), 100);
  EXPECT_EQ(in.optional_integer("big", LLONG_MIN, LLONG_MAX), LLONG_MAX);
  EXPECT_EQ(in.optional_integer("small", LLONG_MIN, LLONG_MAX), LLONG_MIN);
  EXPECT_FALSE(in.has_errors());
  EXPECT_NO_THROW(in.finish());
}

TEST(JsonInput, AbsentOrNullOptionalsAreNoError) {
  const json body = json::parse(R"({"n":null})");
  JsonInput in(body);
  EXPECT_EQ(in.optional_string("n"), std::nullopt);
  EXPECT_EQ(in.optional_bool("missing"), std::nullopt);
  EXPECT_EQ(in.optional_integer("missing", 0, 1), std::nullopt);
  EXPECT_FALSE(in.has_errors());
}

TEST(JsonInput, MissingAndNullRequiredFields) {
  const json body = json::parse(R"({"n":null})");
  JsonInput in(body);
  EXPECT_EQ(in.required_string("n"), "");
  EXPECT_EQ(in.required_bool("b"), false);
  EXPECT_EQ(in.required_integer("i", 1, 9), 0);
  const Problem p = problem_of([&] { in.finish(); });
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(p.code, "invalid_input");
  EXPECT_EQ(field_codes(p), (std::vector<std::string>{"n:required", "b:required", "i:required"}));
}

TEST(JsonInput, WrongTypes) {
  const json body = json::parse(
      R"({"s1":1,"s2":true,"s3":["x"],"b1":"true","b2":1,"i1":1.5,"i2":"3","i3":true,"i4":1e3})");
  JsonInput in(body);
  in.required_string("s1");
  in.optional_string("s2");
  in.required_string("s3");
  in.required_bool("b1");
  in.optional_bool("b2");
  in.required_integer("i1", 0, 10000);
  in.optional_integer("i2", 0, 10000);
  in.optional_integer("i3", 0, 10000);
  in.optional_integer("i4", 0, 10000);
  const Problem p = problem_of([&] { in.finish(); });
  EXPECT_EQ(field_codes(p),
            (std::vector<std::string>{"s1:wrong_type", "s2:wrong_type", "s3:wrong_type",
                                      "b1:wrong_type", "b2:wrong_type", "i1:wrong_type",
                                      "i2:wrong_type", "i3:wrong_type", "i4:wrong_type"}));
  EXPECT_EQ(p.errors[0].message, "Une chaîne de caractères est attendue.");
  EXPECT_EQ(p.errors[3].message, "Un booléen (true ou false) est attendu.");
  EXPECT_EQ(p.errors[5].message, "Un nombre entier est attendu.");
}

TEST(JsonInput, IntegersOutOfRange) {
  const json body = json::parse(R"({"low":-1,"high":11,"neg":5,"pos":-11})");
  JsonInput in(body);
  EXPECT_EQ(in.optional_integer("low", 0, 10), std::nullopt);
  EXPECT_EQ(in.optional_integer("high", 0, 10), std::nullopt);
  EXPECT_EQ(in.optional_integer("neg", -10, -1), std::nullopt);
  EXPECT_EQ(in.optional_integer("pos", -10, -1), std::nullopt);
  const Problem p = problem_of([&] { in.finish(); });
  EXPECT_EQ(field_codes(p), (std::vector<std::string>{"low:out_of_range", "high:out_of_range",
                                                      "neg:out_of_range", "pos:out_of_range"}));
  EXPECT_EQ(p.errors[0].message, "La valeur doit être comprise entre 0 et 10.");
  EXPECT_EQ(p.errors[2].message, "La valeur doit être comprise entre -10 et -1.");
}

TEST(JsonInput, UnsignedBeyondTheSignedRangeNeverWraps) {
  // 2^64-1 and 2^63 are read by nlohmann as unsigned; as a long long they would wrap to -1 and
  // LLONG_MIN, inside these ranges.
  const json body = json::parse(R"({"a":18446744073709551615,"b":9223372036854775808,
                                   "c":18446744073709551615,"d":18446744073709551615})");
  JsonInput in(body);
  EXPECT_EQ(in.optional_integer("a", 0, 100), std::nullopt);
  EXPECT_EQ(in.optional_integer("b", LLONG_MIN, LLONG_MAX), std::nullopt);
  EXPECT_EQ(in.optional_integer("c", LLONG_MIN, -1), std::nullopt);
  EXPECT_EQ(in.optional_integer("d", -10, 10), std::nullopt);
  const Problem p = problem_of([&] { in.finish(); });
  EXPECT_EQ(field_codes(p), (std::vector<std::string>{"a:out_of_range", "b:out_of_range",
                                                      "c:out_of_range", "d:out_of_range"}));
  // Beyond even 64 bits, nlohmann reads a float: the wrong type.
  const json huge = json::parse(R"({"n":123456789012345678901234567890})");
  JsonInput in2(huge);
  in2.optional_integer("n", 0, 10);
  EXPECT_EQ(field_codes(problem_of([&] { in2.finish(); })),
            std::vector<std::string>{"n:wrong_type"});
}

TEST(JsonInput, TooLongStringsCountBytes) {
  const json body = json::parse(R"({"ascii":"abcd","accents":"\u00e9\u00e9"})");
  JsonInput in(body);
  EXPECT_EQ(in.required_string("ascii", 3), "");
  EXPECT_EQ(in.optional_string("accents", 3), std::nullopt) << "two characters, four bytes";
  EXPECT_EQ(in.optional_string("accents", 4), "\xc3\xa9\xc3\xa9");
  const Problem p = problem_of([&] { in.finish(); });
  EXPECT_EQ(field_codes(p), (std::vector<std::string>{"ascii:too_long", "accents:too_long"}));
  EXPECT_EQ(p.errors[0].message, "Ce champ ne peut dépasser 3 octets.");
}

TEST(JsonInput, AddedErrorsJoinTheList) {
  const json body = json::parse(R"({"email":"x"})");
  JsonInput in(body);
  in.required_string("email");
  EXPECT_FALSE(in.has_errors());
  in.add_error("email", "invalid_email", "L'adresse e-mail n'est pas valide.");
  in.required_bool("acceptsTerms");
  EXPECT_TRUE(in.has_errors());
  const Problem p = problem_of([&] { in.finish(); });
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].field, "email");
  EXPECT_EQ(p.errors[0].code, "invalid_email");
  EXPECT_EQ(p.errors[0].message, "L'adresse e-mail n'est pas valide.");
  EXPECT_EQ(p.errors[1].field, "acceptsTerms");
  EXPECT_EQ(p.errors[1].code, "required");
}

TEST(Problem, ShapeAndHelpers) {
  EXPECT_EQ(bad_request("x", "Titre").to_json(), (json{{"type", "https://alin.example/problems/x"},
                                                       {"title", "Titre"},
                                                       {"status", 400},
                                                       {"code", "x"}}));
  const Response too_large = payload_too_large(1024).to_response("r");
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(too_large.content_type, "application/problem+json");
  EXPECT_EQ(json::parse(too_large.body)["detail"], "Taille maximale : 1024 octets.");
  EXPECT_EQ(json::parse(too_large.body)["requestId"], "r");
  // Invalid UTF-8 echoed back from the input is replaced, never thrown.
  const Problem echo = bad_request("x", "bad \xff byte", {{"f\xc3", "c", "m"}});
  Response response;
  ASSERT_NO_THROW(response = echo.to_response(""));
  const json parsed = json::parse(response.body);
  EXPECT_EQ(parsed["title"], "bad \xef\xbf\xbd byte");
  EXPECT_FALSE(parsed.contains("requestId"));
}

TEST(JsonResponse, StatusBodyAndInvalidUtf8) {
  const Response ok = json_response(201, {{"id", "a"}});
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(ok.content_type, "application/json");
  EXPECT_EQ(ok.body, R"({"id":"a"})");
  EXPECT_EQ(json_response(204, {{"id", "a"}}).body, "");
  Response replaced;
  ASSERT_NO_THROW(replaced = json_response(200, {{"v", "\xff"}}));
  EXPECT_EQ(json::parse(replaced.body)["v"], "\xef\xbf\xbd");
}

// Values rendered once (an offers set's offers) spliced into a response as one array member: the
// body is the JSON the object with that member would dump, whatever its neighbours.
TEST(JsonResponse, SplicesAnArrayOfRenderedValues) {
  const std::string a = json{{"id", "o-1"}, {"rent", 600}}.dump(), b = "\"é\"", c = "[1,{}]";
  const Response many = json_response(200, {{"total", 3}, {"tab", "requested"}}, "items",
                                      std::vector<const std::string*>{&a, &b, &c});
  EXPECT_EQ(many.status, 200);
  EXPECT_EQ(
      json::parse(many.body),
      (json{{"total", 3},
            {"tab", "requested"},
            {"items", json::array({{{"id", "o-1"}, {"rent", 600}}, "é", {1, json::object()}})}}));
  const Response none = json_response(200, {{"total", 0}}, "items", {});
  EXPECT_EQ(json::parse(none.body), (json{{"total", 0}, {"items", json::array()}}));
  const Response alone = json_response(200, json::object(), "items", {&a});
  EXPECT_EQ(alone.body, "{\"items\":[" + a + "]}");
}

}  // namespace
