#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "features/common/feature_test_support.h"
#include "features/moderation/moderation.h"

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
  moderation:
    probation: {enabled: false}
    rule_ladder: [{action: warn}, {action: mute, duration: 10m}]
)";

constexpr const char* kTs = R"("ts":"2026-01-05T09:00:00+08:00",)";

std::string Line(const std::string& body) { return "{" + std::string(kTs) + body + "}"; }

nlohmann::json Decisions(testing::TestEngine& t) {
  nlohmann::json out;
  EXPECT_TRUE(t.engine().Lookup("moderation", "decisions", out));
  return out["decisions"];  // newest first
}

TEST(StaffAudit, StaffMutesRecallsAndRemovalsBecomeStaffDecisions) {
  testing::TestEngine t(kConfig);
  EXPECT_TRUE(t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2")")).empty());
  t.Send(Line(R"("type":"recall","group":"qq:1","member":"qq:8","msg_id":"44","by":"qq:2")"));
  t.Send(Line(R"("type":"restrict","group":"qq:1","seconds":-1,"by":"qq:3","whole":true)"));
  t.Send(Line(R"("type":"leave","group":"qq:2","member":"qq:9","by":"qq:3","ban":true)"));
  auto d = Decisions(t);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[3]["kind"], "staff");
  EXPECT_EQ(d[3]["reason"], "staff:mute");
  EXPECT_EQ(d[3]["actions"], "mute 600s");
  EXPECT_EQ(d[3]["member"], "qq:7");
  EXPECT_EQ(d[3]["by"], "qq:2");
  EXPECT_EQ(d[2]["reason"], "staff:recall");
  EXPECT_EQ(d[2]["msg_id"], "44");
  EXPECT_EQ(d[2]["removed"], true);
  EXPECT_EQ(d[1]["reason"], "staff:whole_mute");
  EXPECT_EQ(d[1]["member"], "");
  EXPECT_EQ(d[0]["reason"], "staff:ban");
  auto r = t.Report()["tenant_features"]["moderation"];
  EXPECT_EQ(r["staff_decisions"], 4);
  EXPECT_EQ(r["removed"], 0) << "removed counts Shoal's own removals";
  EXPECT_FALSE(r["by_reason"].contains("staff:mute")) << "by_reason is the detectors' reasons";
}

TEST(StaffAudit, ShoalsOwnCallsAndAuthorsRecallsAddNoDecision) {
  testing::TestEngine t(kConfig);
  t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:7","seconds":60,"by":"qq:10001","by_self":true)"));
  t.Send(Line(R"("type":"recall","group":"qq:1","member":"qq:7","msg_id":"5","by":"qq:7")"));
  t.Send(Line(R"("type":"leave","group":"qq:1","member":"qq:7")"));
  t.Send(Line(R"("type":"leave","group":"qq:1","member":"qq:8","by":"qq:10001","by_self":true)"));
  EXPECT_TRUE(Decisions(t).empty());
  EXPECT_EQ(t.Report()["tenant_features"]["moderation"]["author_recalls"], 1);
}

TEST(StaffAudit, ARecallConfirmsTheRemovalOfAFlaggedMessage) {
  testing::TestEngine t(kConfig);
  auto out = t.Send(Line(R"("type":"message","group":"qq:1","member":"qq:7","text":"加我QQ 812294909 低价出号","msg_id":"31")"));
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].type, ActionType::kDelete);
  EXPECT_EQ(Decisions(t)[0]["removed"], false);
  // Shoal's delete_msg coming back as a recall by the bot's account.
  t.Send(Line(R"("type":"recall","group":"qq:1","member":"qq:7","msg_id":"31","by":"qq:10001","by_self":true)"));
  auto d = Decisions(t);
  ASSERT_EQ(d.size(), 1u) << "confirmed, not a second decision";
  EXPECT_EQ(d[0]["removed"], true);
  EXPECT_EQ(d[0]["kind"], "auto");
  EXPECT_EQ(t.Report()["tenant_features"]["moderation"]["confirmed_removed"], 1);
  // The same id in another group is another message.
  t.Send(Line(R"("type":"recall","group":"qq:2","msg_id":"31","by":"qq:10001","by_self":true)"));
  EXPECT_EQ(t.Report()["tenant_features"]["moderation"]["confirmed_removed"], 1);
}

TEST(StaffAudit, StaffDecisionsCannotBeUndoneOrLabelled) {
  testing::TestEngine t(kConfig);
  t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2")"));
  EXPECT_TRUE(t.Send(Line(R"("type":"message","group":"qq:1","member":"qq:900","text":"/ham 1","msg_id":"2")")).empty());
  auto d = Decisions(t);
  EXPECT_EQ(d[0]["label"], "");
  EXPECT_EQ(d[0]["undone"], false);
  EXPECT_TRUE(t.Report()["tenant_features"]["moderation"]["feedback"].empty());
}

TEST(StaffAudit, StaffMutesCountAsStrikesOnlyWhenConfigured) {
  for (bool count : {false, true}) {
    std::string cfg = std::string(kConfig) + "    keywords: [\"外挂\"]\n    staff_mutes_count: " + (count ? "true" : "false") + "\n";
    testing::TestEngine t(cfg);
    t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2")"));
    auto out = t.Send(Line(R"("type":"message","group":"qq:1","member":"qq:7","text":"有人要外挂吗","msg_id":"1")"));
    // Strike 1 warns; with the staff mute as strike 1, the keyword is strike 2: a mute.
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].type, ActionType::kDelete);
    EXPECT_EQ(out[1].type, count ? ActionType::kMute : ActionType::kSend) << "staff_mutes_count: " << count;
  }
}

TEST(StaffAudit, SnapshotsKeepStaffDecisions) {
  testing::TestEngine t(kConfig);
  t.Send(Line(R"("type":"restrict","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2")"));
  std::string snap = t.engine().SaveSnapshot();
  testing::TestEngine back(kConfig);
  std::string why;
  ASSERT_TRUE(back.engine().LoadSnapshot(snap, &why)) << why;
  EXPECT_EQ(back.engine().SaveSnapshot(), snap);
  auto d = Decisions(back);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]["kind"], "staff");
  EXPECT_EQ(d[0]["by"], "qq:2");
}

}  // namespace
}  // namespace shoal
