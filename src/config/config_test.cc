#include "shoal/config.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

std::unique_ptr<Config> Load(const std::string& yaml, Diagnostics* diag) {
  return LoadConfigString(yaml, "t.yaml", diag);
}

TEST(Config, LoadsCommunitiesGroupsAndMergesFeatureDefaults) {
  Diagnostics diag;
  auto cfg = Load(R"(
tenant: Acme
timezone: Asia/Shanghai
staff: ["qq:1"]
features:
  stats: {enabled: true}
communities:
  - id: a
    name: A
    groups:
      - {id: "qq:10", name: ten, capacity: 200, tags: [x, y]}
  - id: b
    timezone: Europe/Berlin
    groups: [{id: "tg:-1"}]
    features:
      stats: {enabled: false}
)",
                  &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  ASSERT_EQ(cfg->communities.size(), 2u);
  EXPECT_EQ(cfg->communities[0].groups[0].capacity, 200);
  EXPECT_EQ(cfg->communities[0].groups[0].tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(cfg->communities[1].timezone, "Europe/Berlin");
  EXPECT_EQ(cfg->communities[0].features["stats"]["enabled"].as<std::string>(), "true");
  EXPECT_EQ(cfg->communities[1].features["stats"]["enabled"].as<std::string>(), "false");
  const CommunityConfig* c = nullptr;
  ASSERT_TRUE(cfg->FindGroup("tg:-1", &c));
  EXPECT_EQ(c->id, "b");
  EXPECT_FALSE(cfg->FindGroup("qq:404"));
}

TEST(Config, ReportsEveryProblemWithLineAndColumn) {
  Diagnostics diag;
  auto cfg = Load("tenant: x\ntimezone: Nowhere/City\ncommunities:\n  - id: a\n    groups:\n      - {id: nope, capacity: -1}\n    colour: red\n",
                  &diag);
  EXPECT_FALSE(cfg);
  std::string all = diag.ToString();
  EXPECT_NE(all.find("t.yaml:2:11: error: timezone: unknown time zone 'Nowhere/City'"), std::string::npos) << all;
  EXPECT_NE(all.find("'nope' is not a group id"), std::string::npos) << all;
  EXPECT_NE(all.find("capacity: -1 is out of range"), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:7:5: error: communities[0].colour: unknown setting"), std::string::npos) << all;
  EXPECT_GE(diag.error_count(), 4u);
}

TEST(Config, SyntaxErrorsPointAtTheLine) {
  Diagnostics diag;
  EXPECT_FALSE(Load("communities:\n  - id: a\n   groups: [\n", &diag));
  EXPECT_NE(diag.ToString().find("t.yaml:"), std::string::npos);
  EXPECT_NE(diag.ToString().find("YAML syntax error"), std::string::npos);
  Diagnostics empty;
  EXPECT_FALSE(Load("", &empty));
  EXPECT_NE(empty.ToString().find("empty"), std::string::npos);
}

TEST(Config, UnknownFeatureGetsASuggestion) {
  Diagnostics diag;
  EXPECT_FALSE(Load("features:\n  statz: {}\ncommunities: [{id: a, groups: [{id: 'qq:1'}]}]\n", &diag));
  EXPECT_NE(diag.ToString().find("features.statz: unknown feature (hint: did you mean 'stats'?)"), std::string::npos)
      << diag.ToString();
}

TEST(ConfigSection, TypedReadersValidate) {
  Diagnostics diag;
  YAML::Node n = YAML::Load("a: 10m\nb: '25:00'\nc: maybe\nd: [1, 2]\ne: 3.5\nf: 20:30\n");
  ConfigSection s(n, "x", "f.yaml", &diag);
  EXPECT_EQ(s.Duration("a", 0), 10 * kMicrosPerMinute);
  EXPECT_EQ(s.ClockTime("b"), -1);
  EXPECT_TRUE(s.Bool("c", true));
  EXPECT_EQ(s.Strings("d"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(s.Number("e", 0), 3.5);
  EXPECT_EQ(s.ClockTime("f"), 20 * 60 + 30);
  EXPECT_EQ(s.Int("missing", 7), 7);
  s.Finish();
  EXPECT_EQ(diag.error_count(), 2u) << diag.ToString();
}

TEST(DeepMerge, OverridesRecursively) {
  YAML::Node a = YAML::Load("x: {p: 1, q: 2}\ny: [1]\n");
  YAML::Node b = YAML::Load("x: {q: 3}\ny: [2]\nz: 4\n");
  YAML::Node m = DeepMerge(a, b);
  EXPECT_EQ(m["x"]["p"].as<int>(), 1);
  EXPECT_EQ(m["x"]["q"].as<int>(), 3);
  EXPECT_EQ(m["y"][0].as<int>(), 2);
  EXPECT_EQ(m["z"].as<int>(), 4);
}

}  // namespace
}  // namespace shoal
