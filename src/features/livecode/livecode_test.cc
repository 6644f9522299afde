// Live-code config: pools need seats; capacity 0, unknown groups and stray links are errors.
#include "features/livecode/livecode.h"

#include <gtest/gtest.h>

#include "shoal/config.h"

namespace shoal {
namespace {

std::string Problems(const std::string& features) {
  std::string yaml =
      "tenant: t\ntimezone: Asia/Shanghai\ncommunities:\n  - id: c\n    groups:\n"
      "      - {id: \"qq:1\", name: G1, capacity: 200}\n      - {id: \"qq:2\", name: G2}\nfeatures:\n" + features;
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "c.yaml", &diag);
  return cfg ? "" : diag.ToString();
}

TEST(LiveCodeConfig, GroupCapacityIsTheDefault) {
  EXPECT_EQ(Problems("  livecode:\n    pools:\n      - {code: a, groups: [\"qq:1\"]}\n"), "");
  EXPECT_EQ(Problems("  livecode:\n    pools:\n      - {code: a, groups: [\"qq:1\", \"qq:2\"], capacity: 199}\n"), "");
}

TEST(LiveCodeConfig, MistakesAreReportedWithTheirLine) {
  std::string p = Problems(
      "  livecode:\n    pools:\n"
      "      - {code: a, groups: [\"qq:1\"], capacity: 0}\n"                // line 11
      "      - {code: b, groups: [\"qq:2\"]}\n"                             // line 12: no capacity anywhere
      "      - {code: c, groups: [\"qq:404\"], links: {\"qq:1\": x}}\n"     // line 13
      "      - {code: \"a b\", groups: []}\n");                             // line 14
  EXPECT_NE(p.find("c.yaml:11:"), std::string::npos) << p;
  EXPECT_NE(p.find("capacity 0 admits nobody"), std::string::npos) << p;
  EXPECT_NE(p.find("c.yaml:12:"), std::string::npos) << p;
  EXPECT_NE(p.find("group 'qq:2' has no capacity"), std::string::npos) << p;
  EXPECT_NE(p.find("unknown group 'qq:404'"), std::string::npos) << p;
  EXPECT_NE(p.find("not in this pool's groups"), std::string::npos) << p;
  EXPECT_NE(p.find("is not an invite code"), std::string::npos) << p;
  EXPECT_NE(p.find("needs at least one group"), std::string::npos) << p;
}

}  // namespace
}  // namespace shoal
