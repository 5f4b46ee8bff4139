// The authorization matrix: every route of the OpenAPI document × every role. A route's x-roles
// say who may call it; everyone else gets 403, and nobody without a token gets past 401.
#include <gtest/gtest.h>

#include "support/host_process.hpp"

using namespace alin::testing;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kDemoAccounts = {
    {"applicant", "camille.martin@example.fr"},
    {"adviser", "conseiller@alin.demo"},
    {"company", "rh@acme.demo"},
    {"landlord", "location@habitat-social.demo"},
    {"analyst", "analyste@alin.demo"},
    {"admin", "admin@alin.demo"}};

class AuthorizationMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    HostOptions options;
    options.demo = true;
    options.config["demo.offers"] = "0";
    options.admin_email = "admin@alin.demo";
    options.admin_password = "Demo2026alin";
    host_ = new HostProcess(options);
    for (const auto& [role, email] : kDemoAccounts)
      tokens_[role] = host_->login(email, "Demo2026alin");
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }

  static Reply call(const std::string& method, const std::string& path, const std::string& token) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return host_->request(method, path, method == "GET" || method == "DELETE" ? "" : "{}", headers);
  }

  static HostProcess* host_;
  static std::map<std::string, std::string> tokens_;
};

HostProcess* AuthorizationMatrix::host_ = nullptr;
std::map<std::string, std::string> AuthorizationMatrix::tokens_;

TEST_F(AuthorizationMatrix, EveryRouteTimesEveryRole) {
  const json document = host_->get("/api/v1/openapi.json").json();
  int checked = 0;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (!operation.contains("x-roles")) continue;  // public
      // Logging out would end the sessions the matrix runs on: ATokenIsNoLongerValidAfterLogout.
      if (path == "/api/v1/sessions/current") continue;
      std::string upper = method, concrete = path;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (auto open = concrete.find('{'); open != std::string::npos; open = concrete.find('{')) {
        concrete.replace(open, concrete.find('}', open) - open + 1,
                         "00000000-0000-4000-8000-000000000000");
      }
      // Nobody is let in without a token.
      const Reply anonymous = call(upper, concrete, "");
      EXPECT_EQ(anonymous.status, 401) << upper << " " << path;
      const std::set<std::string> allowed(operation["x-roles"].begin(), operation["x-roles"].end());
      for (const auto& [role, token] : tokens_) {
        const Reply reply = call(upper, concrete, token);
        const bool may = allowed.count("any") > 0 || allowed.count(role) > 0;
        if (may) {
          EXPECT_NE(reply.status, 401) << role << " " << upper << " " << path << ": " << reply.body;
          EXPECT_NE(reply.status, 403) << role << " " << upper << " " << path << ": " << reply.body;
        } else {
          EXPECT_EQ(reply.status, 403) << role << " " << upper << " " << path << ": " << reply.body;
        }
        EXPECT_LT(reply.status, 500) << role << " " << upper << " " << path << ": " << reply.body;
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 6 * 11)
      << "the matrix covers at least the account, admin, rules and landlord routes";
}

TEST_F(AuthorizationMatrix, ATokenIsNoLongerValidAfterLogout) {
  const std::string token = host_->login("analyste@alin.demo", "Demo2026alin");
  ASSERT_EQ(host_->get("/api/v1/admin/rules", token).status, 200);
  ASSERT_EQ(host_->del("/api/v1/sessions/current", token).status, 204);
  EXPECT_EQ(host_->get("/api/v1/admin/rules", token).status, 401);
}

}  // namespace
