#include "features/quiet_hours/quiet_hours.h"

#include <gtest/gtest.h>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

using testing::Reasons;
using testing::TestEngine;

TEST(QuietHours, OverlappingPeriodsExtendRatherThanRestart) {
  TestEngine t(R"(
timezone: Asia/Shanghai
store: {kind: memory}
staff: ["qq:900"]
communities:
  - id: c1
    groups: [{id: "qq:1", name: 一群}]
features:
  quiet_hours:
    periods:
      - {name: lecture, from: "22:00", to: "23:30"}
      - {name: night, from: "23:00", to: "07:00"}
)");
  ASSERT_TRUE(t.ok());
  t.Send(R"({"type":"join","ts":"2026-01-05T21:00:00+08:00","group":"qq:1","member":"qq:7","name":"小明"})");
  auto a = t.AdvanceTo("2026-01-05T22:00:00+08:00");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"quiet:start", "quiet:start_notice"}));
  a = t.AdvanceTo("2026-01-05T23:00:00+08:00");
  ASSERT_EQ(Reasons(a), (std::vector<std::string>{"quiet:extend"}));
  EXPECT_EQ(a[0].seconds, 8 * 3600);
  EXPECT_TRUE(t.AdvanceTo("2026-01-05T23:30:00+08:00").empty());  // the lecture's end is stale now
  auto m = t.Send(R"({"type":"message","ts":"2026-01-06T01:00:00+08:00","group":"qq:1","member":"qq:7","text":"hi","msg_id":"1"})");
  EXPECT_EQ(Reasons(m), (std::vector<std::string>{"quiet:delete"}));
  a = t.AdvanceTo("2026-01-06T07:00:00+08:00");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"quiet:end", "quiet:end_notice"}));
  auto report = t.Report()["communities"]["c1"]["features"]["quiet_hours"];
  EXPECT_EQ(report["groups"]["qq:1"]["periods"], 1);  // one quiet stretch, extended
  EXPECT_EQ(report["deleted"], 1);
  t.AdvanceTo("2026-01-06T22:30:00+08:00");
  testing::ExpectSnapshotsRobust(t, "quiet_hours", "2026-01-08T00:00:00+08:00");
}

}  // namespace
}  // namespace shoal
