#include "features/membership/membership.h"

#include <gtest/gtest.h>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

using testing::Reasons;
using testing::TestEngine;

TEST(PaidMembership, PlansRemovalAndTheTermBoundary) {
  TestEngine t(R"(
timezone: Asia/Shanghai
store: {kind: memory}
communities:
  - id: c1
    groups: [{id: "qq:1", name: 一群}, {id: "qq:2", name: VIP}]
  - id: c2
    groups: [{id: "qq:3", name: 三群}]
features:
  membership:
    group: "qq:2"
    plan: vip
    term: 10d
    remind_before: [2d]
    at: "09:00"
)");
  ASSERT_TRUE(t.ok());
  // Another plan's payment buys nothing here.
  EXPECT_TRUE(t.Send(R"({"type":"conversion","ts":"2026-01-01T10:00:00+08:00","member":"qq:7","goal":"paid","value":9,"plan":"course"})").empty());
  EXPECT_EQ(Reasons(t.Send(R"({"type":"conversion","ts":"2026-01-01T10:00:00+08:00","member":"qq:7","goal":"paid","value":99,"plan":"vip"})")),
            (std::vector<std::string>{"membership:granted"}));
  t.Send(R"({"type":"join","ts":"2026-01-01T10:05:00+08:00","group":"qq:2","member":"qq:7","name":"小明"})");
  // Two days before 01-11 10:00 is 01-09 10:00: the 01-10 sweep sends the reminder.
  EXPECT_TRUE(t.AdvanceTo("2026-01-09T09:00:00+08:00").empty());
  EXPECT_EQ(Reasons(t.AdvanceTo("2026-01-10T09:00:00+08:00")), (std::vector<std::string>{"membership:remind"}));
  // Ends 01-11 10:00: still a member at the 09:00 sweep, removed at the next one.
  EXPECT_TRUE(t.AdvanceTo("2026-01-11T09:00:00+08:00").empty());
  auto a = t.AdvanceTo("2026-01-12T09:00:00+08:00");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"membership:expired", "membership:expired"}));
  EXPECT_EQ(a[0].type, ActionType::kKick);
  EXPECT_EQ(a[1].type, ActionType::kDm);
  auto m = t.Report()["communities"]["c1"]["features"]["membership"];
  EXPECT_EQ(m["lapsed"], 1);
  EXPECT_EQ(m["revenue"], 99.0);  // the other plan's payment is not this plan's revenue
  EXPECT_TRUE(t.Report()["communities"]["c2"]["features"]["membership"].empty());  // VIP group lives in c1
  testing::ExpectSnapshotsRobust(t, "membership", "2026-02-01T00:00:00+08:00");
}

}  // namespace
}  // namespace shoal
