#include "server/auth.h"

#include <set>

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(Auth, TokensAreRandomAndOnlyTheirHashIsKept) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = NewApiToken();
    ASSERT_EQ(t.rfind("shoal_", 0), 0u);
    EXPECT_EQ(t.size(), 6u + 43u);
    EXPECT_TRUE(seen.insert(t).second);
  }
  std::string t = *seen.begin();
  std::string h = HashApiToken(t);
  EXPECT_EQ(h.rfind("blake2b-256:", 0), 0u);
  EXPECT_EQ(h.size(), 12u + 64u);
  EXPECT_EQ(h, HashApiToken(t));
  EXPECT_EQ(h.find(t.substr(6)), std::string::npos);
}

TEST(Auth, AuthenticatesBearerTokensAndSaysWhyNot) {
  std::string token = NewApiToken();
  ServerConfig server;
  server.tokens.push_back({"ops-c1", HashApiToken(token), "operator", {"c1"}});
  TokenTable table(server);
  std::string why;
  const Grant* g = table.Authenticate("Bearer " + token, &why);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->name, "ops-c1");
  EXPECT_EQ(g->role, ApiRole::kOperator);
  EXPECT_TRUE(g->Covers("c1"));
  EXPECT_FALSE(g->Covers("c2"));
  EXPECT_FALSE(g->tenant_wide());

  EXPECT_EQ(table.Authenticate("", &why), nullptr);
  EXPECT_NE(why.find("missing API token"), std::string::npos);
  EXPECT_EQ(table.Authenticate("Token " + token, &why), nullptr);
  EXPECT_NE(why.find("malformed"), std::string::npos);
  EXPECT_EQ(table.Authenticate("Bearer " + token + "x", &why), nullptr);
  EXPECT_EQ(why, "invalid API token");
  // The stored hash itself is not a credential.
  EXPECT_EQ(table.Authenticate("Bearer " + HashApiToken(token), &why), nullptr);
}

TEST(Auth, AuthOffMakesEveryCallerTheOwner) {
  ServerConfig server;
  server.auth = false;
  TokenTable table(server);
  std::string why;
  const Grant* g = table.Authenticate("", &why);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->role, ApiRole::kOwner);
  EXPECT_TRUE(g->tenant_wide());
}

TEST(Auth, RolesAreOrderedAndNamed) {
  EXPECT_LT(ApiRole::kViewer, ApiRole::kOperator);
  EXPECT_LT(ApiRole::kOperator, ApiRole::kAdmin);
  EXPECT_LT(ApiRole::kAdmin, ApiRole::kOwner);
  for (auto r : {ApiRole::kViewer, ApiRole::kOperator, ApiRole::kAdmin, ApiRole::kOwner}) EXPECT_EQ(ApiRoleFromName(ApiRoleName(r)), r);
  EXPECT_FALSE(ApiRoleFromName("root"));
}

}  // namespace
}  // namespace shoal
