#include "features/delivery/delivery_ledger.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "features/common/feature_test_support.h"

namespace shoal {
namespace {

constexpr const char* kConfig = R"(
tenant: t
timezone: Asia/Shanghai
communities:
  - id: c1
    name: One
    groups: [{id: "qq:1", name: g1}, {id: "qq:2", name: g2}]
)";

std::string Delivered(const std::string& group, const std::string& msg_id, const std::string& key,
                      const std::string& ts = "2026-01-05T09:00:00+08:00") {
  return R"({"type":"delivery","ts":")" + ts + R"(","group":")" + group + R"(","msg_id":")" + msg_id +
         R"(","key":")" + key + R"(","action":"send","outcome":"delivered","reason":"welcome","slot":"welcome"})";
}

TEST(DeliveryLedger, ANewerMessageInASlotDeletesTheOneStandingThere) {
  testing::TestEngine t(kConfig);
  EXPECT_TRUE(t.Send(Delivered("qq:1", "m1", "3.0")).empty());
  auto out = t.Send(Delivered("qq:1", "m2", "9.0"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, ActionType::kDelete);
  EXPECT_EQ(out[0].group, "qq:1");
  EXPECT_EQ(out[0].msg_id, "m1");
  EXPECT_EQ(out[0].reason, "replace:welcome");
  EXPECT_FALSE(out[0].key.empty()) << "an ordinary engine action, keyed by the engine";
  nlohmann::json slot;
  ASSERT_TRUE(t.engine().Lookup("delivery", "slot:qq:1/welcome", slot));
  EXPECT_EQ(slot["msg_id"], "m2");
  EXPECT_FALSE(t.engine().Lookup("delivery", "slot:qq:2/welcome", slot));
}

TEST(DeliveryLedger, TheReportTouchesNoMemberNorAnyCommunityFeature) {
  testing::TestEngine t(kConfig);
  auto before = t.Report();
  EXPECT_EQ(before["tenant_features"]["delivery"], nlohmann::json::object()) << "no section before any report";
  t.Send(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","key":"1.0","action":"dm","outcome":"delivered","reason":"signup"})");
  auto after = t.Report();
  EXPECT_EQ(after["memberships"], before["memberships"]);
  EXPECT_EQ(after["communities"], before["communities"]) << "community features (analytics, stats) never see it";
  EXPECT_EQ(after["tenant_features"]["delivery"]["outcomes"]["delivered"], 1);
  nlohmann::json counts;
  ASSERT_TRUE(t.engine().Lookup("delivery", "outcomes", counts));
  EXPECT_EQ(counts["by_reason"]["delivered"]["signup"], 1);
}

TEST(DeliveryLedger, ADeliveryForAGroupNoLongerConfiguredStillCounts) {
  testing::TestEngine t(kConfig);
  t.Send(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","group":"qq:99","key":"1.0","action":"send","outcome":"dead","error":"gone"})");
  EXPECT_EQ(t.Report()["tenant_features"]["delivery"]["outcomes"]["dead"], 1);
  EXPECT_EQ(t.Report()["tenant_features"]["delivery"]["by_reason"]["dead"]["(none)"], 1);
}

TEST(DeliveryLedger, ReasonsAreBounded) {
  testing::TestEngine t(kConfig);
  for (size_t i = 0; i < DeliveryLedger::kMaxReasons + 3; ++i)
    t.Send(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","key":"1.)" + std::to_string(i) +
           R"(","outcome":"dead","reason":"r)" + std::to_string(i) + R"("})");
  auto dead = t.Report()["tenant_features"]["delivery"]["by_reason"]["dead"];
  EXPECT_EQ(dead.size(), DeliveryLedger::kMaxReasons + 1);
  EXPECT_EQ(dead["(other)"], 3);
}

TEST(DeliveryLedger, SnapshotsAreRobust) {
  testing::TestEngine t(kConfig);
  t.Send(Delivered("qq:1", "m1", "3.0"));
  t.Send(Delivered("qq:2", "m5", "4.0"));
  t.Send(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","key":"5.0","action":"kick","outcome":"rejected","reason":"ad:contact","error":"no"})");
  testing::ExpectSnapshotsRobust(t, "delivery", "2026-01-06T09:00:00+08:00");
}

}  // namespace
}  // namespace shoal
