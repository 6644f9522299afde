#include <gtest/gtest.h>

#include "shoal/action.h"

namespace shoal {
namespace {

TEST(ActionCodec, FixedFieldOrderAndRoundTrip) {
  Action a;
  a.type = ActionType::kKick;
  a.ts = *ParseRfc3339("2026-01-05T09:00:00+08:00");
  a.group = "qq:1";
  a.member = "qq:7";
  a.ban = true;
  a.reason = "ad:contact";
  a.key = "12.0";
  EXPECT_EQ(ActionToJson(a),
            R"({"action":"kick","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","ban":true,"reason":"ad:contact","key":"12.0"})");
  auto back = ActionFromJson(ActionToJson(a));
  ASSERT_TRUE(back);
  EXPECT_EQ(ActionToJson(*back), ActionToJson(a));
  Action m;
  m.type = ActionType::kMute;
  m.ts = a.ts;
  m.group = "qq:1";
  m.member = "qq:7";
  m.seconds = 600;
  m.reason = "flood";
  m.key = "1.0";
  EXPECT_EQ(ActionToJson(m),
            R"({"action":"mute","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","seconds":600,"reason":"flood","key":"1.0"})");
}

TEST(ActionCodec, ExtraFieldsRoundTripInTheirOwnOrder) {
  // The outbox parses what the engine wrote and hands it on: the line must not change.
  const std::string line =
      R"({"action":"send","ts":"2026-01-05T08:30:00+08:00","group":"qq:1","text":"早安",)"
      R"("plan":"morning","occurrence":"2026-01-05T08:30:00+08:00","zeta":{"b":1,"a":[2,1]},"alpha":-0.25,)"
      R"("reason":"plan","key":"135.0"})";
  auto a = ActionFromJson(line);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->extra, R"("plan":"morning","occurrence":"2026-01-05T08:30:00+08:00","zeta":{"b":1,"a":[2,1]},"alpha":-0.25)");
  EXPECT_EQ(ActionToJson(*a), line);
}

}  // namespace
}  // namespace shoal
