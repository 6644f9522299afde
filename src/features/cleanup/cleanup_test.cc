#include "features/cleanup/cleanup.h"

#include <gtest/gtest.h>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

using testing::Reasons;
using testing::TestEngine;

const char* kConfig = R"(
timezone: Asia/Shanghai
store: {kind: memory}
staff: ["qq:900"]
communities:
  - id: c1
    groups: [{id: "qq:1", name: 一群, capacity: 200}, {id: "qq:2", name: 二群}]
features:
  membership: {group: "qq:2", term: 30d}
  cleanup:
    groups: ["qq:1"]
    rules: [{no_message_for: 20d}]
    grace: 1d
    max_share: 0.9
)";

TEST(Cleanup, ActivePaidMembersAreExemptUntilTheirTermEnds) {
  TestEngine t(kConfig);
  ASSERT_TRUE(t.ok());
  t.Send(R"({"type":"join","ts":"2026-01-01T10:00:00+08:00","group":"qq:1","member":"qq:7","name":"付费"})");
  t.Send(R"({"type":"join","ts":"2026-01-01T10:00:00+08:00","group":"qq:1","member":"qq:8","name":"普通"})");
  t.Send(R"({"type":"join","ts":"2026-01-01T10:00:00+08:00","group":"qq:1","member":"qq:9","name":"活跃"})");
  t.Send(R"({"type":"conversion","ts":"2026-01-01T10:00:00+08:00","member":"qq:7","goal":"paid","value":99})");
  t.Send(R"({"type":"message","ts":"2026-01-15T10:00:00+08:00","group":"qq:1","member":"qq:9","text":"在","msg_id":"1"})");
  auto later = t.Send(R"({"type":"message","ts":"2026-01-30T10:00:00+08:00","group":"qq:1","member":"qq:9","text":"在","msg_id":"2"})");
  // By 01-22 both were silent for 20 days: only the unpaid one was warned, then listed for removal once.
  std::vector<std::string> warned;
  int ready = 0;
  for (const auto& a : later) {
    if (a.reason == "cleanup:warn:no_message_20d") warned.push_back(a.member);
    ready += a.reason == "cleanup:ready";
  }
  EXPECT_EQ(warned, (std::vector<std::string>{"qq:8"}));
  EXPECT_EQ(ready, 1);
  std::vector<Action> actions;
  // The paid term ends on 01-31; the sweep at 10:00 lapses it, the next scan warns.
  actions = t.AdvanceTo("2026-02-01T04:00:00+08:00");
  bool warned_vip = false;
  for (const auto& a : actions) warned_vip |= a.member == "qq:7" && a.reason == "cleanup:warn:no_message_20d";
  EXPECT_TRUE(warned_vip) << ::testing::PrintToString(Reasons(actions));
  testing::ExpectSnapshotsRobust(t, "cleanup", "2026-03-01T00:00:00+08:00");
}

TEST(Cleanup, PreviewWarnsNobodyAndConfirmNeedsADueList) {
  TestEngine t(kConfig);
  ASSERT_TRUE(t.ok());
  t.Send(R"({"type":"join","ts":"2026-01-01T10:00:00+08:00","group":"qq:1","member":"qq:8","name":"普通"})");
  t.Send(R"({"type":"join","ts":"2026-01-01T10:00:00+08:00","group":"qq:1","member":"qq:9","name":"也沉默"})");
  t.Send(R"({"type":"join","ts":"2026-01-01T10:00:00+08:00","group":"qq:1","member":"qq:10","name":"活跃"})");
  t.Send(R"({"type":"message","ts":"2026-01-10T10:00:00+08:00","group":"qq:1","member":"qq:10","text":"在","msg_id":"0"})");
  t.Send(R"({"type":"message","ts":"2026-01-25T10:00:00+08:00","group":"qq:1","member":"qq:10","text":"在","msg_id":"00"})");
  auto a = t.Send(R"({"type":"message","ts":"2026-02-05T10:00:00+08:00","group":"qq:1","member":"qq:900","text":"/cleanup preview","msg_id":"1"})");
  // The daily scans before this event warned both; the preview itself only lists.
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a.back().reason, "cleanup:preview");
  EXPECT_NE(a.back().text.find("2 due"), std::string::npos) << a.back().text;
  a = t.Send(R"({"type":"message","ts":"2026-02-05T10:01:00+08:00","group":"qq:1","member":"qq:900","text":"/cleanup confirm","msg_id":"2"})");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"cleanup:no_message_20d", "cleanup:no_message_20d", "cleanup:confirmed"}));
  a = t.Send(R"({"type":"message","ts":"2026-02-05T10:02:00+08:00","group":"qq:1","member":"qq:900","text":"/cleanup sweep","msg_id":"3"})");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"cleanup:usage"}));
  testing::ExpectSnapshotsRobust(t, "cleanup", "2026-03-01T00:00:00+08:00");
}

}  // namespace
}  // namespace shoal
