// The OpenAPI document is valid JSON, served without a token, every operation it lists is one
// the server routes (a request to it never meets "no such endpoint"), and the answers the server
// really gives match the response schemas the document states.
#include "server/openapi_spec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/dashboard_testing.h"

namespace shoal {
namespace {

namespace http = boost::beast::http;

// The subset of JSON Schema the document uses: $ref, type (with nullable), properties,
// required, items, enum. Appends "path: problem" for every mismatch.
void CheckSchema(const nlohmann::json& doc, const nlohmann::json& schema, const nlohmann::json& value,
                 const std::string& at, std::vector<std::string>* problems) {
  if (schema.contains("$ref")) {
    std::string ref = schema["$ref"];  // "#/components/schemas/Name"
    const auto& target = doc["components"]["schemas"][ref.substr(ref.rfind('/') + 1)];
    if (target.is_null()) return problems->push_back(at + ": dangling " + ref);
    return CheckSchema(doc, target, value, at, problems);
  }
  if (value.is_null() && schema.value("nullable", false)) return;
  if (schema.contains("type")) {
    std::string type = schema["type"];
    bool ok = (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
              (type == "string" && value.is_string()) || (type == "boolean" && value.is_boolean()) ||
              (type == "integer" && value.is_number_integer()) || (type == "number" && value.is_number());
    if (!ok) return problems->push_back(at + ": expected " + type + ", got " + value.dump().substr(0, 80));
  }
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end())
    problems->push_back(at + ": " + value.dump() + " is not one of " + schema["enum"].dump());
  if (value.is_object()) {
    for (const auto& name : schema.value("required", nlohmann::json::array()))
      if (!value.contains(name.get<std::string>())) problems->push_back(at + ": missing " + name.get<std::string>());
    if (schema.contains("properties"))
      for (const auto& [name, sub] : schema["properties"].items())
        if (value.contains(name)) CheckSchema(doc, sub, value[name], at + "." + name, problems);
  }
  if (value.is_array() && schema.contains("items"))
    for (size_t i = 0; i < value.size(); ++i)
      CheckSchema(doc, schema["items"], value[i], at + "[" + std::to_string(i) + "]", problems);
}

TEST(OpenApiSpec, TheSchemaCheckerFindsMismatches) {
  auto doc = nlohmann::json::parse(R"({"components":{"schemas":{"P":{"type":"object","required":["id"],
    "properties":{"id":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}},
    "next":{"type":"integer","nullable":true},"mode":{"type":"string","enum":["a","b"]}}}}}})");
  nlohmann::json ref = {{"$ref", "#/components/schemas/P"}};
  std::vector<std::string> problems;
  CheckSchema(doc, ref, {{"id", 1}, {"tags", {"x"}}, {"next", nullptr}, {"mode", "a"}}, "$", &problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  CheckSchema(doc, ref, {{"tags", {"x", 2}}, {"next", "soon"}, {"mode", "c"}}, "$", &problems);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0], "$: missing id");  // then mode's enum, next's type and tags[1]'s type
  EXPECT_EQ(problems[3], "$.tags[1]: expected string, got 2");
}

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

TEST(OpenApiSpec, RealAnswersMatchTheDocumentedSchemas) {
  testing::DashboardServer s;
  auto doc = nlohmann::json::parse(OpenApiJson());
  std::string chat = testing::ChatJson(1, "qq:1", "qq:7", "hello", "m1") + "\n" +
                     testing::ChatJson(2, "qq:2", "qq:8", "卖外挂", "m2") + "\n";
  auto posted = s.Send(http::verb::post, "/v1/events", chat, testing::Bearer(testing::kOwnerToken));
  ASSERT_EQ(posted.status, 200u);
  s.WaitApplied(2);
  auto queue = s.Send(http::verb::get, "/v1/moderation/queue", "", testing::Bearer(testing::kOwnerToken)).json();
  ASSERT_FALSE(queue["decisions"].empty());
  std::string decision = std::to_string(queue["decisions"][0]["id"].get<uint64_t>());
  struct Call {
    const char* method;
    std::string path;    // as documented
    std::string target;  // what is sent
    std::string body;
  };
  std::vector<Call> calls = {
      {"get", "/healthz", "/healthz", ""},
      {"get", "/v1/session", "/v1/session", ""},
      {"get", "/v1/audit", "/v1/audit", ""},
      {"get", "/v1/overview", "/v1/overview", ""},
      {"get", "/v1/groups", "/v1/groups?limit=5", ""},
      {"get", "/v1/groups/{id}", "/v1/groups/qq%3A1", ""},
      {"get", "/v1/groups/{id}/stats", "/v1/groups/qq%3A1/stats", ""},
      {"get", "/v1/leaderboards", "/v1/leaderboards", ""},
      {"get", "/v1/growth", "/v1/growth", ""},
      {"get", "/v1/members/{id}", "/v1/members/qq%3A7", ""},
      {"get", "/v1/plans/calendar", "/v1/plans/calendar?from=2026-01-19&to=2026-01-20", ""},
      {"get", "/v1/moderation/queue", "/v1/moderation/queue?limit=1", ""},
      {"get", "/v1/outbox/recent", "/v1/outbox/recent", ""},
      {"get", "/v1/outbox/outcomes", "/v1/outbox/outcomes", ""},
      {"post", "/v1/events", "/v1/events", testing::ChatJson(3, "qq:1", "qq:7", "again", "m3")},
      {"post", "/v1/moderation/{decision}/label", "/v1/moderation/" + decision + "/label", R"({"label":"spam"})"},
      {"post", "/v1/invites", "/v1/invites", R"({"code":"spring","group":"qq:1","channel":"poster"})"},
      {"post", "/v1/login", "/v1/login", nlohmann::json{{"token", testing::kOwnerToken}}.dump()},
  };
  for (const auto& c : calls) {
    auto verb = std::string(c.method) == "post" ? http::verb::post : http::verb::get;
    auto r = s.Send(verb, c.target, c.body, testing::Bearer(testing::kOwnerToken));
    ASSERT_EQ(r.status, 200u) << c.target << ": " << r.body;
    const auto& schema = doc["paths"][c.path][c.method]["responses"]["200"]["content"]["application/json"]["schema"];
    ASSERT_TRUE(schema.contains("$ref")) << c.method << " " << c.path << " documents no schema";
    std::vector<std::string> problems;
    CheckSchema(doc, schema, r.json(), "$", &problems);
    EXPECT_TRUE(problems.empty()) << c.method << " " << c.target << ": " << problems.front() << "\n" << r.body.substr(0, 400);
  }
}

}  // namespace
}  // namespace shoal
