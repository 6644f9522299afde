// The OpenAPI document is valid JSON, served without a token, and every operation it lists
// is one the server routes (a request to it never meets "no such endpoint").
#include "server/openapi_spec.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/dashboard_testing.h"

namespace shoal {
namespace {

namespace http = boost::beast::http;

TEST(OpenApiSpec, IsAnOpenApi3DocumentWithSecuritySchemes) {
  auto doc = nlohmann::json::parse(OpenApiJson(), nullptr, false);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("bearer"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("session"));
  EXPECT_GE(doc["paths"].size(), 25u);
  for (const auto& [path, ops] : doc["paths"].items())
    for (const auto& [method, op] : ops.items()) {
      EXPECT_TRUE(op.contains("summary")) << method << " " << path;
      EXPECT_TRUE(op["responses"].contains("200")) << method << " " << path;
    }
}

TEST(OpenApiSpec, ServedWithoutATokenAndEveryOperationIsRouted) {
  testing::DashboardServer s;
  auto served = s.Send(http::verb::get, "/v1/openapi.json");
  ASSERT_EQ(served.status, 200u);
  EXPECT_EQ(served.json(), nlohmann::json::parse(OpenApiJson()));
  auto doc = served.json();
  int checked = 0;
  for (const auto& [path, ops] : doc["paths"].items()) {
    if (path.starts_with("/v1/adapters/")) continue;  // routed only when that adapter is configured
    std::string target = path;
    for (auto [param, value] : {std::pair{"{id}", "qq:1"}, {"{code}", "nosuch"}, {"{decision}", "1"}}) {
      size_t at = target.find(param);
      if (at != std::string::npos) target.replace(at, std::string(param).size(), value);
    }
    for (const auto& [method, op] : ops.items()) {
      auto verb = method == "post" ? http::verb::post : http::verb::get;
      auto r = s.Send(verb, target, verb == http::verb::post ? "{}" : "", testing::Bearer(testing::kOwnerToken));
      EXPECT_EQ(r.body.find("no such endpoint"), std::string::npos) << method << " " << target << ": " << r.body;
      EXPECT_NE(r.status, 405u) << method << " " << target;
      ++checked;
    }
  }
  EXPECT_GE(checked, 25);
}

}  // namespace
}  // namespace shoal
