#include "features/intro/intro.h"

#include <gtest/gtest.h>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

using testing::Reasons;
using testing::TestEngine;

TEST(Intro, OnlyWithinTheWindowAndNeverTwice) {
  TestEngine t(R"(
timezone: Asia/Shanghai
store: {kind: memory}
communities:
  - id: c1
    groups: [{id: "qq:1", name: 一群}]
features:
  intro:
    min_length: 6
    window: 1d
    remind_after: 0s
)");
  ASSERT_TRUE(t.ok());
  const std::string intro = R"(","group":"qq:1","text":"大家好，我是做设计的","msg_id":")";
  t.Send(R"({"type":"join","ts":"2026-01-05T10:00:00+08:00","group":"qq:1","member":"qq:7","name":"小明"})");
  t.Send(R"({"type":"join","ts":"2026-01-05T10:00:00+08:00","group":"qq:1","member":"qq:8","name":"小红"})");
  // Too late for 小明 (more than a day after joining); in time for 小红.
  EXPECT_EQ(Reasons(t.Send(R"({"type":"message","member":"qq:8","ts":"2026-01-06T09:00:00+08:00)" + intro + R"(2"})")),
            (std::vector<std::string>{"intro"}));
  EXPECT_TRUE(t.Send(R"({"type":"message","member":"qq:7","ts":"2026-01-06T10:00:01+08:00)" + intro + R"(1"})").empty());
  // Leaving and coming back: introduced once is enough, and not counted as a second newcomer.
  t.Send(R"({"type":"leave","ts":"2026-01-06T11:00:00+08:00","group":"qq:1","member":"qq:8"})");
  t.Send(R"({"type":"join","ts":"2026-01-06T12:00:00+08:00","group":"qq:1","member":"qq:8","name":"小红"})");
  EXPECT_TRUE(t.Send(R"({"type":"message","member":"qq:8","ts":"2026-01-06T12:01:00+08:00)" + intro + R"(3"})").empty());
  auto g = t.Report()["communities"]["c1"]["features"]["intro"]["groups"]["qq:1"];
  EXPECT_EQ(g["joined"], 2);
  EXPECT_EQ(g["introduced"], 1);
  EXPECT_EQ(g["template_posts"], 0);  // no template configured: nothing posted
  testing::ExpectSnapshotsRobust(t, "intro", "2026-01-09T00:00:00+08:00");
}

}  // namespace
}  // namespace shoal
