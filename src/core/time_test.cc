#include "shoal/time.h"

#include <gtest/gtest.h>

namespace shoal {

TEST(Rfc3339, ParsesOffsetAndPrintsItBack) {
  auto ts = ParseRfc3339("2026-01-05T09:00:00+08:00");
  ASSERT_TRUE(ts);
  EXPECT_EQ(ts->offset_minutes, 480);
  EXPECT_EQ(ts->utc, (DaysFromCivil(2026, 1, 5) * 86400 + 3600) * kMicrosPerSecond);
  EXPECT_EQ(FormatRfc3339(*ts), "2026-01-05T09:00:00+08:00");
}

TEST(Rfc3339, ZuluAndFractions) {
  auto ts = ParseRfc3339("2026-01-05T01:00:00.250Z");
  ASSERT_TRUE(ts);
  EXPECT_TRUE(ts->zulu);
  EXPECT_EQ(FormatRfc3339(*ts), "2026-01-05T01:00:00.250Z");
  auto us = ParseRfc3339("2026-01-05T01:00:00.000001-05:30");
  ASSERT_TRUE(us);
  EXPECT_EQ(FormatRfc3339(*us), "2026-01-05T01:00:00.000001-05:30");
}

TEST(Rfc3339, RejectsWithReasons) {
  std::string why;
  EXPECT_FALSE(ParseRfc3339("2026-01-05T09:00:00", &why));
  EXPECT_NE(why.find("offset"), std::string::npos);
  EXPECT_FALSE(ParseRfc3339("2026-02-30T09:00:00Z", &why));
  EXPECT_NE(why.find("range"), std::string::npos);
  EXPECT_FALSE(ParseRfc3339("yesterday", &why));
  EXPECT_FALSE(ParseRfc3339("2026-01-05T09:00:00+08:00 extra", &why));
  EXPECT_FALSE(ParseRfc3339("", &why));
}

TEST(Civil, RoundTripsAcrossCenturies) {
  for (int64_t d = -800000; d < 800000; d += 997) {
    int y;
    unsigned m, day;
    CivilFromDays(d, &y, &m, &day);
    EXPECT_EQ(DaysFromCivil(y, m, day), d);
  }
}

TEST(Rfc3339, FormattingIsTotalOutsideTheWritableYears) {
  Timestamp far{INT64_MAX, 480, false};
  EXPECT_EQ(FormatRfc3339(far), "9999-12-31T23:59:59.999999+08:00");
  Timestamp before{INT64_MIN, -300, false};
  EXPECT_EQ(FormatRfc3339(before), "0000-01-01T00:00:00-05:00");
  auto last = ParseRfc3339("9999-12-31T23:59:59Z");
  ASSERT_TRUE(last);
  EXPECT_EQ(FormatRfc3339(*last), "9999-12-31T23:59:59Z");
}

}  // namespace shoal
