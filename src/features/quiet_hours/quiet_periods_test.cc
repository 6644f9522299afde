#include "features/quiet_hours/quiet_periods.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

Micros At(const char* rfc3339) { return ParseRfc3339(rfc3339)->utc; }

TEST(QuietPeriods, WeekdaysOfLocalDays) {
  EXPECT_EQ(WeekdayOfLocalDay(0), 4);  // 1970-01-01, a Thursday
  EXPECT_EQ(WeekdayOfLocalDay(DaysFromCivil(2026, 1, 5)), 1);  // a Monday
  EXPECT_EQ(WeekdayOfLocalDay(-1), 3);
}

TEST(QuietPeriods, OvernightWindowEndsTheNextMorning) {
  auto zone = TimeZone::Find("Asia/Shanghai");
  QuietWindow w{.from = 23 * 60, .to = 7 * 60};
  auto next = NextWindow(w, At("2026-01-05T22:00:00+08:00"), *zone).value();
  EXPECT_EQ(next.start, At("2026-01-05T23:00:00+08:00"));
  EXPECT_EQ(next.end, At("2026-01-06T07:00:00+08:00"));
  // At 02:00 the window that began yesterday is in progress; the next one starts tonight.
  Micros night = At("2026-01-06T02:00:00+08:00");
  EXPECT_EQ(CurrentWindow(w, night, *zone)->start, At("2026-01-05T23:00:00+08:00"));
  EXPECT_EQ(NextWindow(w, night, *zone)->start, At("2026-01-06T23:00:00+08:00"));
  EXPECT_FALSE(CurrentWindow(w, At("2026-01-06T07:00:00+08:00"), *zone));
}

TEST(QuietPeriods, WeekdaysAndOneDate) {
  auto zone = TimeZone::Find("Asia/Shanghai");
  QuietWindow weekdays{.from = 9 * 60, .to = 12 * 60, .weekdays = 0x1f};  // Monday–Friday
  // Friday 2026-01-09 after the window: the next is Monday 01-12.
  EXPECT_EQ(NextWindow(weekdays, At("2026-01-09T13:00:00+08:00"), *zone)->start, At("2026-01-12T09:00:00+08:00"));
  QuietWindow lecture{.from = 20 * 60, .to = 21 * 60, .date = DaysFromCivil(2026, 1, 10)};
  EXPECT_EQ(NextWindow(lecture, At("2026-01-01T00:00:00+08:00"), *zone)->end, At("2026-01-10T21:00:00+08:00"));
  EXPECT_FALSE(NextWindow(lecture, At("2026-01-10T20:30:00+08:00"), *zone));  // already begun: none after
  EXPECT_TRUE(CurrentWindow(lecture, At("2026-01-10T20:30:00+08:00"), *zone));
}

TEST(QuietPeriods, DstNightIsAnHourShorter) {
  auto zone = TimeZone::Find("Europe/Berlin");
  QuietWindow w{.from = 23 * 60, .to = 7 * 60};
  auto s = NextWindow(w, At("2026-03-28T12:00:00+01:00"), *zone).value();  // clocks go forward on 03-29
  EXPECT_EQ(s.end - s.start, 7 * kMicrosPerHour);
}

}  // namespace
}  // namespace shoal
