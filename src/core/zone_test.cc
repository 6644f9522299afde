#include "shoal/zone.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(TimeZone, LocalDaysAndMinutesInShanghai) {
  auto z = TimeZone::Find("Asia/Shanghai");
  ASSERT_TRUE(z);
  Micros t = ParseRfc3339("2026-01-05T23:30:00+08:00")->utc;
  EXPECT_EQ(TimeZone::DayString(z->LocalDay(t)), "2026-01-05");
  EXPECT_EQ(z->LocalMinuteOfDay(t), 23 * 60 + 30);
  EXPECT_EQ(z->LocalWeekday(t), 1);  // a Monday
  EXPECT_EQ(z->ToUtc(z->LocalDay(t), 20 * 60), ParseRfc3339("2026-01-05T20:00:00+08:00")->utc);
  EXPECT_EQ(FormatRfc3339(z->Stamp(t)), "2026-01-05T23:30:00+08:00");
}

TEST(TimeZone, DaylightSavingTransitionsInBerlin) {
  auto z = TimeZone::Find("Europe/Berlin");
  ASSERT_TRUE(z);
  // 2026-03-29: clocks jump 02:00 -> 03:00. 02:30 does not exist; the later instant is used.
  int64_t day = DaysFromCivil(2026, 3, 29);
  EXPECT_EQ(z->ToUtc(day, 20 * 60), ParseRfc3339("2026-03-29T20:00:00+02:00")->utc);
  EXPECT_EQ(z->ToUtc(day, 1 * 60), ParseRfc3339("2026-03-29T01:00:00+01:00")->utc);
  Micros gap = z->ToUtc(day, 2 * 60 + 30);
  EXPECT_EQ(FormatRfc3339(z->Stamp(gap)), "2026-03-29T03:30:00+02:00");
  // 2026-10-25: 02:30 happens twice; the earlier is used.
  EXPECT_EQ(z->ToUtc(DaysFromCivil(2026, 10, 25), 2 * 60 + 30), ParseRfc3339("2026-10-25T02:30:00+02:00")->utc);
}

TEST(TimeZone, UnknownNameIsAClearError) {
  std::string why;
  EXPECT_FALSE(TimeZone::Find("Asia/Atlantis", &why));
  EXPECT_NE(why.find("unknown time zone 'Asia/Atlantis'"), std::string::npos);
  EXPECT_EQ(TimeZone::Find("UTC")->OffsetMinutes(0), 0);
}

}  // namespace
}  // namespace shoal
