#include "features/nickname/nickname.h"

#include <gtest/gtest.h>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

using testing::Reasons;
using testing::TestEngine;

TEST(Nickname, CheckExistingRemindsMembersWhoWereAlreadyThere) {
  TestEngine t(R"(
timezone: Asia/Shanghai
store: {kind: memory}
communities:
  - id: c1
    groups: [{id: "qq:1", name: 一群}]
features:
  nickname:
    pattern: "[A-Z]{2}-\\p{Han}+"
    check_existing: true
    auto_fix: false
    grace: 5m
    mute_after: 10m
    mute_for: 1h
)");
  ASSERT_TRUE(t.ok());
  // Never seen joining: with check_existing the first message starts the grace period.
  auto a = t.Send(R"({"type":"message","ts":"2026-01-05T10:00:00+08:00","group":"qq:1","member":"qq:7","name":"bj 小明","text":"早","msg_id":"1"})");
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(Reasons(t.AdvanceTo("2026-01-05T10:05:00+08:00")), (std::vector<std::string>{"nickname:remind"}));
  EXPECT_EQ(Reasons(t.AdvanceTo("2026-01-05T10:15:00+08:00")), (std::vector<std::string>{"nickname:mute", "nickname:mute_notice"}));
  // A platform mute that ran out is renewed while the card is still wrong.
  EXPECT_TRUE(t.AdvanceTo("2026-01-05T10:45:00+08:00").empty());
  EXPECT_EQ(Reasons(t.AdvanceTo("2026-01-05T11:15:00+08:00")), (std::vector<std::string>{"nickname:mute"}));
  auto report = t.Report()["communities"]["c1"]["features"]["nickname"]["groups"]["qq:1"];
  EXPECT_EQ(report["muted_now"], 1);
  EXPECT_EQ(report["members"][0]["card"], "bj 小明");
  testing::ExpectSnapshotsRobust(t, "nickname", "2026-01-06T00:00:00+08:00");
  a = t.Send(R"({"type":"reaction","ts":"2026-01-05T11:20:00+08:00","group":"qq:1","member":"qq:7","name":"BJ-小明","msg_id":"1","emoji":"👍"})");
  EXPECT_EQ(Reasons(a), (std::vector<std::string>{"nickname:fixed", "nickname:fixed"}));
}

}  // namespace
}  // namespace shoal
