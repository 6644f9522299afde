#include "features/leaderboard/periods.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

Micros At(const char* rfc3339) { return ParseRfc3339(rfc3339)->utc; }

TEST(Periods, LocalCalendarDecides) {
  auto sh = TimeZone::Find("Asia/Shanghai");
  // 2026-01-04 23:30 local is a Sunday: still last week; 00:30 Monday starts a new one.
  Micros sun = At("2026-01-04T23:30:00+08:00"), mon = At("2026-01-05T00:30:00+08:00");
  EXPECT_EQ(PeriodLabel(Period::kWeek, PeriodId(Period::kWeek, *sh, sun)), "2025-12-29~");
  EXPECT_EQ(PeriodLabel(Period::kWeek, PeriodId(Period::kWeek, *sh, mon)), "2026-01-05~");
  EXPECT_EQ(PeriodLabel(Period::kDay, PeriodId(Period::kDay, *sh, mon)), "2026-01-05");
  EXPECT_EQ(PeriodLabel(Period::kMonth, PeriodId(Period::kMonth, *sh, mon)), "2026-01");
  EXPECT_EQ(PeriodLabel(Period::kSeason, PeriodId(Period::kSeason, *sh, At("2026-05-01T00:00:00+08:00"))), "2026-Q2");
}

TEST(Periods, EndsAtTheNextLocalBoundary) {
  auto sh = TimeZone::Find("Asia/Shanghai");
  Micros t = At("2026-01-31T15:00:00+08:00");
  EXPECT_EQ(PeriodEnd(Period::kDay, *sh, t), At("2026-02-01T00:00:00+08:00"));
  EXPECT_EQ(PeriodEnd(Period::kWeek, *sh, t), At("2026-02-02T00:00:00+08:00"));
  EXPECT_EQ(PeriodEnd(Period::kMonth, *sh, t), At("2026-02-01T00:00:00+08:00"));
  EXPECT_EQ(PeriodEnd(Period::kSeason, *sh, t), At("2026-04-01T00:00:00+08:00"));
  EXPECT_EQ(PeriodEnd(Period::kMonth, *sh, At("2026-12-15T00:00:00+08:00")), At("2027-01-01T00:00:00+08:00"));
}

TEST(Periods, NamesRoundTrip) {
  for (int i = 0; i < kPeriodCount; ++i) EXPECT_EQ(PeriodFromName(PeriodName(static_cast<Period>(i))), static_cast<Period>(i));
  EXPECT_FALSE(PeriodFromName("fortnight"));
}

}  // namespace
}  // namespace shoal
