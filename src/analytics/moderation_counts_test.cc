#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

constexpr const char* kConfig = R"(
tenant: t
timezone: Asia/Shanghai
staff: ["qq:900"]
communities:
  - id: c1
    name: One
    groups: [{id: "qq:1", name: g1}, {id: "qq:2", name: g2}]
features:
  moderation: {enabled: false}
)";

std::string Line(const std::string& body, const std::string& ts = "2026-01-05T09:00:00+08:00") {
  return R"({"ts":")" + ts + R"(",)" + body + "}";
}

nlohmann::json Analytics(testing::TestEngine& t) { return t.Report()["communities"]["c1"]["features"]["analytics"]; }

TEST(ModerationCounts, StaffActionsPerGroupAndPerStaffAccount) {
  testing::TestEngine t(kConfig);
  t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2")"));
  t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:7","seconds":0,"by":"qq:2")"));
  t.Send(Line(R"("type":"restrict","group":"qq:2","seconds":-1,"by":"qq:3","whole":true)"));
  t.Send(Line(R"("type":"recall","group":"qq:2","member":"qq:8","msg_id":"5","by":"qq:2")"));
  t.Send(Line(R"("type":"join","group":"qq:2","member":"qq:9")"));
  t.Send(Line(R"("type":"leave","group":"qq:2","member":"qq:9","by":"qq:3","ban":true)"));
  // Not staff moderation: the author's own recall, Shoal's own mute, an ordinary leave.
  t.Send(Line(R"("type":"recall","group":"qq:1","member":"qq:8","msg_id":"6","by":"qq:8")"));
  t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:8","seconds":60,"by":"qq:10001","by_self":true)"));
  t.Send(Line(R"("type":"leave","group":"qq:1","member":"qq:8")"));
  auto s = Analytics(t)["staff_moderation"];
  EXPECT_EQ(s["by_group"]["qq:1"]["mutes"], 1);
  EXPECT_EQ(s["by_group"]["qq:1"]["unmutes"], 1);
  EXPECT_EQ(s["by_group"]["qq:1"]["recalls"], 0);
  EXPECT_EQ(s["by_group"]["qq:2"]["whole_mutes"], 1);
  EXPECT_EQ(s["by_group"]["qq:2"]["recalls"], 1);
  EXPECT_EQ(s["by_group"]["qq:2"]["bans"], 1);
  EXPECT_EQ(s["by_staff"]["qq:2"]["mutes"], 1);
  EXPECT_EQ(s["by_staff"]["qq:2"]["recalls"], 1);
  EXPECT_EQ(s["by_staff"]["qq:3"]["bans"], 1);
  EXPECT_FALSE(s["by_staff"].contains("qq:10001"));
  EXPECT_FALSE(s["by_staff"].contains("qq:8"));
  // The banned member's leave still counts as a leave.
  EXPECT_EQ(Analytics(t)["groups"]["qq:2"]["members"], 0);
}

TEST(ModerationCounts, ARecalledMessageLeavesTheMessageCounts) {
  testing::TestEngine t(kConfig);
  t.Send(Line(R"("type":"message","group":"qq:1","member":"qq:7","text":"hello","msg_id":"1")"));
  t.Send(Line(R"("type":"message","group":"qq:1","member":"qq:7","text":"buy now","msg_id":"2")"));
  t.Send(Line(R"("type":"message","group":"qq:2","member":"qq:8","text":"hi","msg_id":"2")"));
  t.Send(Line(R"("type":"recall","group":"qq:1","member":"qq:7","msg_id":"2","by":"qq:2")", "2026-01-05T10:00:00+08:00"));
  // The same message again, and one never seen: the message counts do not move.
  t.Send(Line(R"("type":"recall","group":"qq:1","member":"qq:7","msg_id":"2","by":"qq:2")", "2026-01-05T10:00:01+08:00"));
  t.Send(Line(R"("type":"recall","group":"qq:1","msg_id":"404","by":"qq:2")", "2026-01-05T10:00:02+08:00"));
  auto a = Analytics(t);
  EXPECT_EQ(a["groups"]["qq:1"]["messages"], 1);
  EXPECT_EQ(a["groups"]["qq:1"]["recalled"], 1);
  EXPECT_EQ(a["groups"]["qq:2"]["messages"], 1);
  EXPECT_EQ(a["community"]["messages"], 2);
  EXPECT_EQ(a["community"]["days"]["2026-01-05"]["messages"], 2);
  EXPECT_EQ(a["community"]["days"]["2026-01-05"]["speakers"], 2) << "the author still spoke that day";
  EXPECT_EQ(a["staff_moderation"]["recalled_messages"], 1);
  EXPECT_EQ(a["staff_moderation"]["by_staff"]["qq:2"]["recalls"], 3) << "each recall staff made is counted";
}

TEST(ModerationCounts, SnapshotRoundTripKeepsTheCounts) {
  testing::TestEngine t(kConfig);
  t.Send(Line(R"("type":"message","group":"qq:1","member":"qq:7","text":"hello","msg_id":"1")"));
  t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2")"));
  std::string snap = t.engine().SaveSnapshot();
  testing::TestEngine back(kConfig);
  std::string why;
  ASSERT_TRUE(back.engine().LoadSnapshot(snap, &why)) << why;
  EXPECT_EQ(back.engine().SaveSnapshot(), snap);
  // The message's day survived: a recall after the restore still takes it out of that day.
  back.Send(Line(R"("type":"recall","group":"qq:1","member":"qq:7","msg_id":"1","by":"qq:2")"));
  auto a = Analytics(back);
  EXPECT_EQ(a["staff_moderation"]["by_staff"]["qq:2"]["mutes"], 1);
  EXPECT_EQ(a["community"]["days"]["2026-01-05"]["messages"], 0);
  EXPECT_EQ(a["groups"]["qq:1"]["messages"], 0);
}

}  // namespace
}  // namespace shoal
