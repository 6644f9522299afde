#include "analytics/lifecycle.h"

#include <gtest/gtest.h>

namespace shoal::analytics {
namespace {

DailySeries Steady(int64_t from, int64_t to, int64_t messages, int64_t speakers) {
  DailySeries s;
  for (int64_t d = from; d <= to; ++d) s[d] = {messages, speakers, 0, 0};
  return s;
}

TEST(Lifecycle, Stages) {
  LifecycleRules r;
  DailySeries s = Steady(0, 30, 20, 5);
  EXPECT_EQ(AssessGroup(s, 0, 3, 10, r).stage, "cold_start");
  EXPECT_EQ(AssessGroup(s, 0, 30, 10, r).stage, "active");
  EXPECT_EQ(AssessGroup(s, 0, 30 + 14, 10, r).stage, "dead");
  for (int64_t d = 24; d <= 30; ++d) s[d].messages = 5;  // a quarter of the week before
  GroupHealth h = AssessGroup(s, 0, 30, 10, r);
  EXPECT_EQ(h.stage, "declining");
  EXPECT_EQ(h.messages_7d, 35);
  EXPECT_EQ(h.messages_prev_7d, 140);
  s[30].joins = 3;  // growth is judged after decline: still declining
  EXPECT_EQ(AssessGroup(s, 0, 30, 10, r).stage, "declining");
  DailySeries g = Steady(0, 30, 20, 5);
  g[29].joins = 2;
  h = AssessGroup(g, 0, 30, 12, r);
  EXPECT_EQ(h.stage, "growing");
  EXPECT_EQ(h.member_change_7d, 2);
}

TEST(Lifecycle, WarnsOnTwoSignals) {
  LifecycleRules r;
  DailySeries s = Steady(0, 20, 20, 5);
  // Silent from day 21: on day 23 quiet 3 days and the week's messages halve.
  GroupHealth h = AssessGroup(s, 0, 23, 10, r);
  EXPECT_EQ(h.quiet_days, 3);
  EXPECT_TRUE(h.warning);
  EXPECT_GE(h.signals.size(), 2u);
  EXPECT_FALSE(AssessGroup(s, 0, 20, 10, r).warning);
}

TEST(Lifecycle, ScoresWarningsAgainstSilences) {
  LifecycleRules r;
  // Decline over days 14..20 (fewer speakers, fewer messages), silence from day 21.
  DailySeries s = Steady(0, 13, 30, 8);
  for (int64_t d = 14; d <= 20; ++d) s[d] = {6, 2, 0, 0};
  s[40] = {10, 3, 0, 0};  // comes back later: the range extends
  s[60] = {10, 3, 0, 0};
  WarningScore w = ScoreWarnings(s, 0, 60, r);
  EXPECT_EQ(w.silences, 2);  // from day 21 and from day 41
  EXPECT_EQ(w.warned_ahead, 1);
  ASSERT_FALSE(w.lead_days.empty());
  EXPECT_GT(w.lead_days[0], 0);  // warned before the first silent day
  EXPECT_EQ(w.missed + w.warned_late + w.warned_ahead, w.silences);
}

}  // namespace
}  // namespace shoal::analytics
