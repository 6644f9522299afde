#include "features/signup/signup.h"

#include <gtest/gtest.h>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

using testing::Reasons;
using testing::TestEngine;

TEST(Signup, ImmediateListsWithdrawalCutoffAndBadTimes) {
  TestEngine t(R"(
timezone: Asia/Shanghai
store: {kind: memory}
staff: ["qq:900"]
communities:
  - id: c1
    groups: [{id: "qq:1", name: 一群}]
features:
  signup: {list_every: 0s, remind_before: 0s}
)");
  ASSERT_TRUE(t.ok());
  auto staff = [&](const std::string& ts, const std::string& text, const std::string& id) {
    return t.Send(R"({"type":"message","ts":")" + ts + R"(","group":"qq:1","member":"qq:900","text":")" + text +
                  R"(","msg_id":")" + id + R"("})");
  };
  auto a = staff("2026-11-23T10:00:00+08:00", "/signup open 夜跑 deadline=2026-11-28T18:00 at=2026-11-27T19:00", "1");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"signup:refused"}));
  EXPECT_NE(a[0].text.find("after the activity starts"), std::string::npos);
  a = staff("2026-11-23T10:00:01+08:00", "/signup open 夜跑 at=2026-11-27T19:00 colour=red", "2");
  EXPECT_NE(a[0].text.find("unknown option colour"), std::string::npos);
  a = staff("2026-11-23T10:00:02+08:00", "/signup open 夜跑 at=2026-11-27T19:00", "3");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"signup:open"}));
  // list_every: 0 — every change reposts the list at once.
  a = t.Send(R"({"type":"message","ts":"2026-11-23T10:01:00+08:00","group":"qq:1","member":"qq:7","name":"小明","text":"+1","msg_id":"4"})");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"signup:joined", "signup:list"}));
  // Once the activity has begun, "取消报名" changes nothing.
  a = t.Send(R"({"type":"message","ts":"2026-11-27T19:30:00+08:00","group":"qq:1","member":"qq:7","text":"取消报名","msg_id":"5"})");
  EXPECT_TRUE(a.empty());
  auto s = t.Report()["communities"]["c1"]["features"]["signup"]["activities"]["1"];
  EXPECT_EQ(s["count"], 1);
  EXPECT_EQ(s["state"], "open");  // no deadline: open until staff close it
  testing::ExpectSnapshotsRobust(t, "signup", "2026-12-01T00:00:00+08:00");
}

}  // namespace
}  // namespace shoal
