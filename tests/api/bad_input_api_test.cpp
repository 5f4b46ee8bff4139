// Bad input over HTTP: every route that takes a body, fed malformed JSON, wrong types, hostile
// strings and oversize bodies, answers 4xx problem+json naming the field, never a 5xx.
// The routes come from the host's own OpenAPI document, so a new route is covered on arrival.
#include <gtest/gtest.h>

#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

class BadInputApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    HostOptions options;
    options.config["server.maxBodyBytes"] = "65536";
    host_ = new HostProcess(options);
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }

  // Every (method, path, schema) with a JSON body, path parameters filled with a plausible id.
  static std::vector<std::tuple<std::string, std::string, json>> body_routes() {
    std::vector<std::tuple<std::string, std::string, json>> routes;
    const json document = host_->get("/api/v1/openapi.json").json();
    for (const auto& [path, operations] : document["paths"].items()) {
      for (const auto& [method, operation] : operations.items()) {
        if (!operation.contains("requestBody")) continue;
        std::string concrete = path;
        for (auto open = concrete.find('{'); open != std::string::npos; open = concrete.find('{')) {
          concrete.replace(open, concrete.find('}', open) - open + 1,
                           "00000000-0000-4000-8000-000000000000");
        }
        std::string upper = method;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        routes.emplace_back(upper, concrete,
                            operation["requestBody"]["content"]["application/json"]["schema"]);
      }
    }
    return routes;
  }

  static void expect_problem(const Reply& reply, const std::string& what) {
    EXPECT_GE(reply.status, 400) << what << ": " << reply.body;
    EXPECT_LT(reply.status, 500) << what << ": " << reply.body;
    EXPECT_EQ(reply.header("content-type"), "application/problem+json") << what;
    const json body = reply.json();
    ASSERT_TRUE(body.is_object()) << what << ": " << reply.body;
    EXPECT_TRUE(body.contains("type") && body.contains("title") && body.contains("status")) << what;
    EXPECT_EQ(body.value("status", 0), reply.status) << what;
  }

  Reply send(const std::string& method, const std::string& path, const std::string& body) {
    return host_->request(method, path, body, {{"Authorization", "Bearer " + admin_token()}});
  }

  static std::string admin_token() {
    static std::string token = host_->admin_token();
    return token;
  }

  static HostProcess* host_;
};

HostProcess* BadInputApi::host_ = nullptr;

TEST_F(BadInputApi, EveryBodyRouteIsCovered) {
  // The account and admin routes at least; the list grows with the API.
  EXPECT_GE(body_routes().size(), 9u);
}

TEST_F(BadInputApi, MalformedJsonAndNonObjects) {
  for (const auto& [method, path, schema] : body_routes()) {
    for (const std::string body : {"{", "{\"a\":", "not json", "[1,2,3]", "\"text\"", "42", "null",
                                   "", "{\"a\":1}}", "\xff\xfe{}", "{\"email\":\"\\ud800\"}"}) {
      const Reply reply = send(method, path, body);
      expect_problem(reply, method + " " + path + " with body " + body);
    }
  }
}

TEST_F(BadInputApi, WrongTypesNameEachField) {
  for (const auto& [method, path, schema] : body_routes()) {
    json body = json::object();
    const json properties = schema.value("properties", json::object());
    for (const auto& [name, property] : properties.items()) {
      const std::string type = property.value("type", "string");
      body[name] = type == "string"    ? json(12345)
                   : type == "boolean" ? json("yes")
                                       : json({{"nested", true}});
    }
    if (body.empty()) continue;
    const Reply reply = send(method, path, body.dump());
    expect_problem(reply, method + " " + path);
    if (reply.status != 400) continue;  // e.g. 404 before the body is read: still no 5xx
    std::set<std::string> fields;
    for (const auto& e : reply.json().value("errors", json::array()))
      fields.insert(e.value("field", ""));
    EXPECT_FALSE(fields.empty()) << method << " " << path << " names no field: " << reply.body;
  }
}

TEST_F(BadInputApi, MissingFieldsAreListed) {
  const Reply reply = host_->post("/api/v1/accounts", json::object());
  expect_problem(reply, "empty account");
  std::set<std::string> fields;
  const json body = reply.json();
  for (const auto& e : body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"lastName", "firstName", "mobile", "email",
                                           "acceptsDataUse", "acceptsTerms"}));
}

TEST_F(BadInputApi, HostileStringsInEveryStringField) {
  std::string long_unicode;
  for (int i = 0; i < 3000; ++i) long_unicode += "é漢🏠";
  const std::vector<std::string> hostile = {"'; DROP TABLE accounts; --",
                                            "\" OR 1=1 --",
                                            "%00%27",
                                            "Robert'); DELETE FROM sessions;--",
                                            long_unicode,
                                            std::string(10, '\0') + "x",
                                            "\u202e\u0000evil"};
  for (const auto& [method, path, schema] : body_routes()) {
    const json properties = schema.value("properties", json::object());
    for (const auto& [name, property] : properties.items()) {
      if (property.value("type", "") != "string" && !property.contains("enum")) continue;
      for (const std::string& value : hostile) {
        json body = {{name, value}};
        const Reply reply = send(method, path, body.dump());
        EXPECT_LT(reply.status, 500)
            << method << " " << path << " ." << name << ": " << reply.body.substr(0, 300);
      }
    }
  }
  // The database survived: the admin still logs in and the account table still answers.
  EXPECT_EQ(host_->get("/api/v1/me", admin_token()).status, 200);
}

TEST_F(BadInputApi, SqlMetacharactersAreStoredAsTheyAre) {
  const std::string first_name = "Zoé'); DROP TABLE accounts;--";
  const Reply created = host_->post("/api/v1/accounts", {{"lastName", "O'Brien \"Bobby\""},
                                                         {"firstName", first_name},
                                                         {"mobile", "0712345678"},
                                                         {"email", "obrien@example.fr"},
                                                         {"acceptsDataUse", true},
                                                         {"acceptsTerms", true}});
  ASSERT_EQ(created.status, 201) << created.body;
  const json messages = host_->messages_to("obrien@example.fr");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0]["body"].get<std::string>().find("Bonjour " + first_name + ","),
            std::string::npos);
}

TEST_F(BadInputApi, NothingHalfStoredWhenOneFieldIsWrong) {
  const Reply refused = host_->post("/api/v1/accounts", {{"lastName", "Valide"},
                                                         {"firstName", "Valide"},
                                                         {"mobile", "0512345678"},
                                                         {"email", "half@example.fr"},
                                                         {"acceptsDataUse", true},
                                                         {"acceptsTerms", true}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json()["errors"][0]["field"], "mobile");
  EXPECT_TRUE(host_->messages_to("half@example.fr").empty());
  // The same address is still free: nothing of the refused request was kept.
  const Reply accepted = host_->post("/api/v1/accounts", {{"lastName", "Valide"},
                                                          {"firstName", "Valide"},
                                                          {"mobile", "0612345678"},
                                                          {"email", "half@example.fr"},
                                                          {"acceptsDataUse", true},
                                                          {"acceptsTerms", true}});
  EXPECT_EQ(accepted.status, 201) << accepted.body;
}

TEST_F(BadInputApi, BodyOverTheLimitIs413) {
  const std::string big = "{\"email\":\"" + std::string(70000, 'a') + "\"}";
  const Reply reply = host_->request("POST", "/api/v1/accounts", big);
  expect_problem(reply, "oversize body");
  EXPECT_EQ(reply.status, 413);
  // Chunked, with no announced length, is cut at the limit too.
  // (Poco's client sends chunked when asked through the header.)
  const Reply chunked =
      host_->request("POST", "/api/v1/accounts", big, {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(chunked.status, 413);
  EXPECT_EQ(host_->get("/api/v1/health").status, 200) << "the host still serves";
}

TEST_F(BadInputApi, UnknownRoutesAndMethods) {
  const Reply unknown = host_->get("/api/v1/nothing/here");
  expect_problem(unknown, "unknown route");
  EXPECT_EQ(unknown.status, 404);
  const Reply wrong_method = host_->request("PUT", "/api/v1/accounts", "{}");
  expect_problem(wrong_method, "wrong method");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.header("allow"), "POST");
  for (const std::string path :
       {"/api/v1/%zz", "/api/v1/%00", "/../../etc/passwd", "/api/v1/accounts?%%%=&&=="}) {
    const Reply reply = host_->request("GET", path);
    expect_problem(reply, "path " + path);
  }
  const Reply bad_type = host_->request("POST", "/api/v1/accounts", "lastName=x",
                                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(bad_type.status, 415);
}

TEST_F(BadInputApi, BadTokensAre401) {
  for (const std::string& header :
       std::vector<std::string>{"Bearer ", "Bearer x", "Basic abc",
                                "Bearer " + std::string(5000, 'z'), "bearer lower"}) {
    const Reply reply = host_->request("GET", "/api/v1/me", "", {{"Authorization", header}});
    expect_problem(reply, "authorization " + header.substr(0, 20));
    EXPECT_EQ(reply.status, 401);
  }
}

}  // namespace
