// Health, OpenAPI, metrics, request ids, the command line and a graceful stop, on the real host.
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

// The routes of API.md this build serves; the OpenAPI document must describe each.
const std::vector<std::pair<std::string, std::string>> kServedRoutes = {
    {"get", "/api/v1/health"},
    {"get", "/api/v1/openapi.json"},
    {"get", "/metrics"},
    {"post", "/api/v1/accounts"},
    {"post", "/api/v1/accounts/confirm"},
    {"post", "/api/v1/accounts/confirm/resend"},
    {"post", "/api/v1/sessions"},
    {"delete", "/api/v1/sessions/current"},
    {"post", "/api/v1/accounts/password-reset"},
    {"post", "/api/v1/accounts/password-reset/confirm"},
    {"post", "/api/v1/admin/organisations"},
    {"post", "/api/v1/admin/users"},
    {"get", "/api/v1/admin/messages"},
    {"post", "/api/v1/admin/clock"},
    {"get", "/api/v1/showcase/offers"},
    {"post", "/api/v1/landlord/offers"},
    {"get", "/api/v1/landlord/offers"},
    {"patch", "/api/v1/landlord/offers/{id}"},
    {"get", "/api/v1/admin/rules"},
    {"post", "/api/v1/admin/rules/reload"},
    {"post", "/api/v1/admin/rules/evaluate"},
    {"get", "/api/v1/workflows"},
    {"get", "/api/v1/workflows/{name}"},
    {"get", "/api/v1/workflows/{name}/graph"},
    {"get", "/api/v1/applications/{id}/history"},
    {"post", "/api/v1/admin/workflows/{name}/instances"},
    {"get", "/api/v1/admin/workflow-instances/{id}"},
    {"post", "/api/v1/admin/workflow-instances/{id}/events"},
    {"get", "/api/v1/admin/incidents"},
    {"post", "/api/v1/admin/incidents/{id}/retry"},
    {"post", "/api/v1/me/request/import"},
    {"post", "/api/v1/me/request/import/confirm"},
    {"post", "/api/v1/me/request/refresh"},
    {"get", "/api/v1/me/request"},
    {"delete", "/api/v1/me/request"},
    {"put", "/api/v1/me/request/employment"},
    {"get", "/api/v1/me/request/consent-options"},
    {"put", "/api/v1/me/request/consent"},
    {"get", "/api/v1/departments/{code}/registration-site"},
    {"get", "/api/v1/company/employees"},
    {"get", "/api/v1/admin/plugins"},
    {"post", "/api/v1/me/applications"},
    {"get", "/api/v1/me/applications"},
    {"delete", "/api/v1/me/applications/{id}"},
    {"post", "/api/v1/adviser/applications/{id}/validate"},
    {"post", "/api/v1/adviser/applications/{id}/invalidate"},
    {"post", "/api/v1/adviser/offers/{id}/close"},
    {"get", "/api/v1/landlord/offers/{id}/applications"},
    {"post", "/api/v1/landlord/applications/{id}/events"},
    {"get", "/api/v1/me/request/documents"},
    {"put", "/api/v1/me/request/documents/{kind}"},
    {"post", "/api/v1/me/request/submit"},
    {"post", "/api/v1/me/request/renew"},
    {"post", "/api/v1/company/requests/{id}/validate"},
    {"post", "/api/v1/company/requests/{id}/reject"},
    {"post", "/api/v1/adviser/requests/{id}/validate"},
    {"post", "/api/v1/adviser/requests/{id}/reject"},
    {"get", "/api/v1/adviser/requests"},
    {"get", "/api/v1/me/offers"},
    {"get", "/api/v1/me/offers/{id}"},
    {"get", "/api/v1/me/offers/{id}/eligibility"},
};

TEST(SystemApi, HealthAnswersOk) {
  HostProcess host;
  const Reply reply = host.get("/api/v1/health");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json(), json({{"status", "ok"}}));
  EXPECT_EQ(reply.header("content-type"), "application/json");
}

TEST(SystemApi, OpenApiDescribesEveryRouteAndEveryDescribedRouteExists) {
  HostProcess host;
  const json document = host.get("/api/v1/openapi.json").json();
  ASSERT_EQ(document.value("openapi", ""), "3.1.0");
  const json& paths = document["paths"];
  for (const auto& [method, path] : kServedRoutes) {
    ASSERT_TRUE(paths.contains(path) && paths[path].contains(method))
        << method << " " << path << " is not in openapi.json";
    const json& operation = paths[path][method];
    EXPECT_FALSE(operation.value("summary", "").empty()) << path;
    EXPECT_FALSE(operation["responses"].empty()) << path;
  }
  // The other way round: a described operation is routed (no 404 "not_found" for the path
  // itself, no 405), whatever its answer to an empty request.
  for (const auto& [path, operations] : paths.items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method, concrete = path;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (auto open = concrete.find('{'); open != std::string::npos; open = concrete.find('{')) {
        concrete.replace(open, concrete.find('}', open) - open + 1, "x");
      }
      const Reply reply =
          host.request(upper, concrete, upper == "GET" || upper == "DELETE" ? "" : "{}");
      EXPECT_NE(reply.status, 405) << upper << " " << concrete;
      EXPECT_LT(reply.status, 500) << upper << " " << concrete << ": " << reply.body;
      if (reply.status == 404) {
        EXPECT_NE(reply.json().value("code", ""), "not_found") << upper << " " << concrete;
      }
    }
  }
}

TEST(SystemApi, MetricsCountRequestsByRouteAndStatus) {
  HostProcess host;
  for (int i = 0; i < 3; ++i) host.get("/api/v1/health");
  host.get("/api/v1/no/such/route");
  const Reply metrics = host.get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.header("content-type").rfind("text/plain", 0), 0u);
  const std::string& text = metrics.body;
  EXPECT_NE(
      text.find(
          "alin_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"} 3"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("route=\"unmatched\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(text.find("alin_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/"
                      "health\",le=\"+Inf\"} 3"),
            std::string::npos);
  EXPECT_NE(text.find("alin_http_connections_queued "), std::string::npos);
  EXPECT_NE(text.find("alin_http_connections_refused_total "), std::string::npos);
}

TEST(SystemApi, RequestIdIsEchoedOrMade) {
  HostProcess host;
  const Reply given = host.request("GET", "/api/v1/health", "", {{"X-Request-Id", "trace-42"}});
  EXPECT_EQ(given.header("x-request-id"), "trace-42");
  const Reply made =
      host.request("GET", "/api/v1/health", "", {{"X-Request-Id", "bad id\twith spaces"}});
  EXPECT_NE(made.header("x-request-id"), "bad id\twith spaces");
  EXPECT_FALSE(made.header("x-request-id").empty());
  const Reply problem = host.get("/api/v1/nowhere");
  EXPECT_EQ(problem.json()["requestId"], problem.header("x-request-id"));
}

TEST(SystemApi, TestClockIsOffUnlessAsked) {
  HostOptions options;
  options.test_clock = false;
  HostProcess host(options);
  EXPECT_EQ(host.post("/api/v1/admin/clock", {{"days", 1}}, host.admin_token()).status, 404);
}

TEST(SystemApi, WithOneRunningRequestAtATimeConcurrentClientsAreAllServed) {
  HostOptions options;
  options.extra_args = {"--max-running", "1"};
  HostProcess host(options);
  std::atomic<int> served{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        if (host.get("/api/v1/health").status == 200) ++served;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(served.load(), 80);
}

TEST(SystemApi, StopsGracefullyOnSigterm) {
  HostProcess host;
  ASSERT_EQ(host.get("/api/v1/health").status, 200);
  EXPECT_EQ(host.stop(), 0);
  EXPECT_NE(host.output().find("stopped"), std::string::npos) << host.output();
}

TEST(SystemApi, DemoAccountsCanLogIn) {
  HostOptions options;
  options.demo = true;
  HostProcess host(options);
  const std::string adviser = host.login("conseiller@alin.demo", "Demo2026alin");
  EXPECT_FALSE(adviser.empty());
  EXPECT_EQ(host.post("/api/v1/sessions",
                      {{"email", "camille.martin@example.fr"}, {"password", "Demo2026alin"}})
                .json()["role"],
            "applicant");
}

TEST(SystemApi, HelpListsEveryOption) {
  Poco::Pipe out;
  Poco::ProcessHandle process =
      Poco::Process::launch(ALIN_HOST_BINARY, {"--help"}, nullptr, &out, nullptr);
  Poco::PipeInputStream stream(out);
  std::string text;
  Poco::StreamCopier::copyToString(stream, text);
  EXPECT_EQ(process.wait(), 0);
  for (const char* option : {"--config", "--port", "--database", "--demo", "--test-clock", "--data",
                             "--rules", "--plugins", "--mail", "--threads", "--max-running"}) {
    EXPECT_NE(text.find(option), std::string::npos) << option << " missing from --help";
  }
}

TEST(SystemApi, RefusesAnUnknownDatabaseBackendClearly) {
  Poco::Pipe err;
  Poco::ProcessHandle process = Poco::Process::launch(
      ALIN_HOST_BINARY,
      {"--port=0", "--database=mysql://db=x", "--data=" + source_dir() + "/rules/data"}, nullptr,
      nullptr, &err);
  Poco::PipeInputStream stream(err);
  std::string text;
  Poco::StreamCopier::copyToString(stream, text);
  EXPECT_NE(process.wait(), 0);
  EXPECT_NE(text.find("database backend 'mysql' is not supported"), std::string::npos) << text;
}

// A value the host cannot use stops it at once, naming the key and the value; so does a stray
// word on the command line.
TEST(SystemApi, RefusesAnUnusableSettingNamingItsKey) {
  const std::string config = ::testing::TempDir() + "alin-bad-setting.properties";
  std::ofstream(config) << "testClock = maybe\n";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--port=abc"}, "server.port = \"abc\": expected a whole number from 0 to 65535"},
      {{"--port=0", "--threads=-3"}, "server.threads = \"-3\": expected a whole number from 1"},
      {{"--port=0", "--max-running=2x"}, "server.maxRunning = \"2x\""},
      {{"--port=0", "--config=" + config}, "testClock = \"maybe\": expected true or false"},
      {{"--port=0", "--demo", "maybe"}, "unexpected argument \"maybe\""}};
  for (const auto& [arguments, expected] : cases) {
    Poco::Pipe err;
    Poco::ProcessHandle process =
        Poco::Process::launch(ALIN_HOST_BINARY, arguments, nullptr, nullptr, &err);
    Poco::PipeInputStream stream(err);
    std::string text;
    Poco::StreamCopier::copyToString(stream, text);
    EXPECT_EQ(process.wait(), expected.find("unexpected") == 0 ? 64 : 78)
        << arguments.back() << " (EX_USAGE for the command line, EX_CONFIG for a setting)";
    EXPECT_NE(text.find(expected), std::string::npos) << text;
  }
  std::remove(config.c_str());
}

}  // namespace
