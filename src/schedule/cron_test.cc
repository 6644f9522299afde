#include "schedule/cron.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

Micros At(const char* rfc3339) { return ParseRfc3339(rfc3339)->utc; }

TEST(Cron, RejectsBadExpressionsWithTheField) {
  std::string why;
  EXPECT_FALSE(CronSpec::Parse("0 25 * * *", &why));
  EXPECT_NE(why.find("hour: 25 is outside 0-23"), std::string::npos) << why;
  EXPECT_FALSE(CronSpec::Parse("0 9 * *", &why));
  EXPECT_NE(why.find("needs 5 fields"), std::string::npos) << why;
  EXPECT_FALSE(CronSpec::Parse("*/0 * * * *", &why));
  EXPECT_FALSE(CronSpec::Parse("0 9 * foo *", &why));
  EXPECT_FALSE(CronSpec::Parse("0 9 5-1 * *", &why));
  EXPECT_FALSE(CronSpec::Parse("0 9 31 feb *", &why));
  EXPECT_NE(why.find("never runs"), std::string::npos) << why;
  EXPECT_FALSE(CronSpec::Parse("@sometimes", &why));
}

TEST(Cron, ListsRangesStepsAndNames) {
  auto utc = TimeZone::Utc();
  auto spec = CronSpec::Parse("0,30 9-17/4 * * mon-fri");
  ASSERT_TRUE(spec);
  // 2026-01-02 is a Friday: 09:00, 09:30, 13:00, 13:30, 17:00, 17:30, then Monday 09:00.
  Micros t = At("2026-01-02T08:00:00Z");
  std::vector<std::string> got;
  for (int i = 0; i < 7; ++i) {
    t = spec->Next(t, *utc);
    got.push_back(FormatRfc3339(utc->Stamp(t)));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"2026-01-02T09:00:00Z", "2026-01-02T09:30:00Z", "2026-01-02T13:00:00Z",
                                           "2026-01-02T13:30:00Z", "2026-01-02T17:00:00Z", "2026-01-02T17:30:00Z",
                                           "2026-01-05T09:00:00Z"}));
  // Strictly after: an instant exactly on a match gives the next one.
  EXPECT_EQ(spec->Next(At("2026-01-02T09:00:00Z"), *utc), At("2026-01-02T09:30:00Z"));
}

TEST(Cron, DayOfMonthOrWeekdayAndSundaySeven) {
  auto utc = TimeZone::Utc();
  // Both restricted: either matches (the 1st, or any Sunday).
  auto spec = CronSpec::Parse("0 8 1 * 7");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->Next(At("2026-01-01T09:00:00Z"), *utc), At("2026-01-04T08:00:00Z"));  // Sunday
  EXPECT_EQ(spec->Next(At("2026-01-25T09:00:00Z"), *utc), At("2026-02-01T08:00:00Z"));  // the 1st (also a Sunday)
  auto leap = CronSpec::Parse("0 0 29 2 *");
  ASSERT_TRUE(leap);
  EXPECT_EQ(leap->Next(At("2026-01-01T00:00:00Z"), *utc), At("2028-02-29T00:00:00Z"));
  EXPECT_EQ(CronSpec::Parse("@daily")->Next(At("2026-01-01T00:00:00Z"), *utc), At("2026-01-02T00:00:00Z"));
}

TEST(Cron, LocalTimeAcrossDaylightSaving) {
  auto berlin = TimeZone::Find("Europe/Berlin");
  ASSERT_TRUE(berlin);
  auto nine = CronSpec::Daily(9 * 60);
  // 09:00 local stays 09:00 local: 08:00Z before the spring change, 07:00Z after.
  EXPECT_EQ(nine.Next(At("2026-03-28T12:00:00Z"), *berlin), At("2026-03-29T07:00:00Z"));
  EXPECT_EQ(nine.Next(At("2026-03-27T12:00:00Z"), *berlin), At("2026-03-28T08:00:00Z"));
  // 02:30 does not exist on 2026-03-29: it runs once, at the instant the clocks jumped to.
  auto half_two = CronSpec::Parse("30 2 * * *");
  Micros t = half_two->Next(At("2026-03-28T12:00:00Z"), *berlin);
  EXPECT_EQ(t, At("2026-03-29T01:30:00Z"));
  EXPECT_EQ(half_two->Next(t, *berlin), At("2026-03-30T00:30:00Z"));
  // 02:30 happens twice on 2026-10-25: it runs once, the first time.
  t = half_two->Next(At("2026-10-24T12:00:00Z"), *berlin);
  EXPECT_EQ(t, At("2026-10-25T00:30:00Z"));
  EXPECT_EQ(half_two->Next(t, *berlin), At("2026-10-26T01:30:00Z"));
}

}  // namespace
}  // namespace shoal
