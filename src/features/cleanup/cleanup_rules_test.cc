#include "features/cleanup/cleanup_rules.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

constexpr Micros kDay = kMicrosPerDay;

TEST(CleanupRules, SilenceCountsFromTheLaterOfJoinAndLastMessage) {
  CleanupRule r{CleanupRuleKind::kNoMessageFor, 30 * kDay, "x"};
  MemberActivity m{.joined_at = 100 * kDay, .last_message = 0};
  EXPECT_FALSE(RuleMatches(r, m, 129 * kDay, 0));  // a newcomer is not silent from day one
  EXPECT_TRUE(RuleMatches(r, m, 130 * kDay, 0));
  m.last_message = 120 * kDay;
  EXPECT_FALSE(RuleMatches(r, m, 149 * kDay, 0));
  EXPECT_TRUE(RuleMatches(r, m, 150 * kDay, 0));
}

TEST(CleanupRules, NeverSpokeLooksOnlyAtTheLatestJoin) {
  CleanupRule r{CleanupRuleKind::kNeverSpokeWithin, 7 * kDay, "x"};
  MemberActivity m{.joined_at = 10 * kDay, .last_message = 0};
  EXPECT_FALSE(RuleMatches(r, m, 16 * kDay, 0));
  EXPECT_TRUE(RuleMatches(r, m, 17 * kDay, 0));
  m.last_message = 11 * kDay;  // spoke once: never matches again
  EXPECT_FALSE(RuleMatches(r, m, 90 * kDay, 0));
  m.last_message = 5 * kDay;  // spoke before leaving and rejoining on day 10: counts as silent since
  EXPECT_TRUE(RuleMatches(r, m, 17 * kDay, 0));
}

TEST(CleanupRules, CheckinRuleCountsWholeMissedDays) {
  CleanupRule r{CleanupRuleKind::kNoCheckinFor, 3 * kDay, "x"};
  MemberActivity m{.joined_at = 0, .join_day = 100, .last_checkin_day = 200};
  EXPECT_FALSE(RuleMatches(r, m, 0, 203));  // missed 201, 202; today not over
  EXPECT_TRUE(RuleMatches(r, m, 0, 204));   // missed 201–203
  m.last_checkin_day.reset();
  EXPECT_TRUE(RuleMatches(r, m, 0, 104));  // never checked in: counted from the join day
  EXPECT_FALSE(RuleMatches(r, m, 0, 103));
}

TEST(CleanupRules, Labels) {
  EXPECT_EQ(DefaultRuleLabel(CleanupRuleKind::kNoMessageFor, 30 * kDay), "no_message_30d");
  EXPECT_EQ(DefaultRuleLabel(CleanupRuleKind::kNeverSpokeWithin, 36 * kMicrosPerHour), "never_spoke_36h");
  EXPECT_EQ(DefaultRuleLabel(CleanupRuleKind::kNoCheckinFor, 3 * kDay), "no_checkin_3d");
}

}  // namespace
}  // namespace shoal
