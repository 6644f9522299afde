#include "schedule/recurrence.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(Recurrence, MergesSlotsAndOneOffsAndCountsMissed) {
  auto zone = TimeZone::Find("Asia/Shanghai");
  Recurrence r;
  for (int m : {9 * 60, 14 * 60, 21 * 60}) r.crons.push_back(CronSpec::Daily(m));
  Micros start = ParseRfc3339("2026-01-05T08:00:00+08:00")->utc;
  r.once.push_back(ParseRfc3339("2026-01-05T10:30:00+08:00")->utc);
  EXPECT_EQ(r.Next(start, *zone), ParseRfc3339("2026-01-05T09:00:00+08:00")->utc);
  EXPECT_EQ(r.Next(r.Next(start, *zone), *zone), r.once[0]);
  Micros last = 0;
  // Three days of slots plus the one-off: ten occurrences, the last at 21:00 on the 7th.
  EXPECT_EQ(r.CountBetween(start, ParseRfc3339("2026-01-08T08:00:00+08:00")->utc, *zone, &last), 10);
  EXPECT_EQ(last, ParseRfc3339("2026-01-07T21:00:00+08:00")->utc);
  EXPECT_EQ(Recurrence{}.Next(start, *zone), kNever);
}

}  // namespace
}  // namespace shoal
