#include "features/survey/survey.h"

#include <gtest/gtest.h>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

using testing::Reasons;
using testing::TestEngine;

TEST(Survey, EachCommunityKeepsItsOwnResponses) {
  TestEngine t(R"(
timezone: Asia/Shanghai
store: {kind: memory}
communities:
  - id: c1
    groups: [{id: "qq:1", name: 一群}]
  - id: c2
    groups: [{id: "qq:3", name: 三群}]
features:
  survey:
    link: "https://f.example/{survey}/{group}"
    thanks: "thanks"
    surveys:
      - id: nps
        questions: [{text: 推荐度, type: scale, min: 0, max: 10}]
)");
  ASSERT_TRUE(t.ok());
  // The same survey runs in both communities; a response lands only where its group is.
  auto a = t.Send(R"({"type":"conversion","ts":"2026-01-05T10:00:00+08:00","member":"qq:7","goal":"survey","group":"qq:3","survey":"nps","answers":[9]})");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"survey:thanks"}));
  // No group and no invitation: nobody can place it.
  EXPECT_TRUE(t.Send(R"({"type":"conversion","ts":"2026-01-05T10:01:00+08:00","member":"qq:8","goal":"survey","survey":"nps","answers":[3]})").empty());
  // An unknown survey id is someone else's.
  EXPECT_TRUE(t.Send(R"({"type":"conversion","ts":"2026-01-05T10:02:00+08:00","member":"qq:8","goal":"survey","group":"qq:1","survey":"other","answers":[3]})").empty());
  auto r = t.Report()["communities"];
  EXPECT_EQ(r["c1"]["features"]["survey"]["surveys"]["nps"]["responses"], 0);
  EXPECT_EQ(r["c2"]["features"]["survey"]["surveys"]["nps"]["responses"], 1);
  EXPECT_EQ(r["c2"]["features"]["survey"]["surveys"]["nps"]["questions"][0]["mean"], 9.0);
  testing::ExpectSnapshotsRobust(t, "survey", "2026-02-01T00:00:00+08:00");
}

}  // namespace
}  // namespace shoal
