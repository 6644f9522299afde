#include "features/common/group_scope.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

std::unique_ptr<Config> TwoCommunities() {
  Diagnostics diag;
  auto cfg = LoadConfigString(R"(
timezone: UTC
communities:
  - id: a
    groups: [{id: "qq:1", name: 一群}, {id: "qq:2"}]
  - id: b
    groups: [{id: "qq:3"}]
)", "t.yaml", &diag);
  EXPECT_TRUE(cfg) << diag.ToString();
  return cfg;
}

TEST(GroupScope, KeepsThisCommunitysGroupsAndRejectsUnknownOnes) {
  auto cfg = TwoCommunities();
  Diagnostics diag;
  ConfigSection s(YAML::Load("groups: [\"qq:2\", \"qq:3\", \"qq:9\"]"), "features.x", "t.yaml", &diag);
  FeatureEnv env{*cfg, &cfg->communities[0], TimeZone::Utc()};
  GroupScope scope = ReadGroupScope(s, "groups", env);
  EXPECT_EQ(diag.error_count(), 1u);
  EXPECT_NE(diag.ToString().find("unknown group 'qq:9'"), std::string::npos);
  EXPECT_FALSE(scope.all);
  EXPECT_TRUE(scope.Contains("qq:2"));
  EXPECT_FALSE(scope.Contains("qq:3"));  // community b's
  EXPECT_EQ(scope.Groups(&cfg->communities[0]), (std::vector<std::string>{"qq:2"}));
}

TEST(GroupScope, NoListMeansEveryGroup) {
  auto cfg = TwoCommunities();
  Diagnostics diag;
  ConfigSection s(YAML::Load("other: 1"), "features.x", "t.yaml", &diag);
  FeatureEnv env{*cfg, &cfg->communities[0], TimeZone::Utc()};
  GroupScope scope = ReadGroupScope(s, "groups", env);
  EXPECT_TRUE(scope.all);
  EXPECT_EQ(scope.Groups(&cfg->communities[0]), (std::vector<std::string>{"qq:1", "qq:2"}));
  EXPECT_EQ(GroupName(*cfg, "qq:1"), "一群");
  EXPECT_EQ(GroupName(*cfg, "qq:2"), "qq:2");
}

}  // namespace
}  // namespace shoal
