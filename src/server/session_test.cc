#include "server/session.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

// Deterministic "randomness": each call fills the buffer with the next counter byte.
SessionTable::RandomBytes Counter() {
  auto n = std::make_shared<unsigned char>(0);
  return [n](unsigned char* buf, size_t len) {
    ++*n;
    for (size_t i = 0; i < len; ++i) buf[i] = *n;
  };
}

TEST(SessionTableTest, CreatedSessionFindsItsGrantUntilExpiry) {
  ManualClock clock(1'000'000);
  Grant grant{.name = "ops", .role = ApiRole::kOperator, .communities = {"c"}};
  SessionTable table(&clock, 60 * kMicrosPerSecond, Counter());
  auto s = table.Create(&grant);
  EXPECT_EQ(s.id.size(), 43u);  // 32 bytes, base64url without padding
  EXPECT_NE(s.id, s.csrf);
  std::string csrf;
  EXPECT_EQ(table.Find(s.id, &csrf), &grant);
  EXPECT_EQ(csrf, s.csrf);
  clock.Advance(59 * kMicrosPerSecond);
  EXPECT_EQ(table.Find(s.id), &grant);
  clock.Advance(1 * kMicrosPerSecond);
  EXPECT_EQ(table.Find(s.id), nullptr) << "expired at exactly ttl";
}

TEST(SessionTableTest, ForgedAndLoggedOutIdsAreUnknown) {
  ManualClock clock(0);
  Grant grant{.name = "owner", .role = ApiRole::kOwner};
  SessionTable table(&clock, kMicrosPerHour);
  auto s = table.Create(&grant);
  std::string forged = s.id;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(table.Find(forged), nullptr);
  EXPECT_EQ(table.Find(""), nullptr);
  EXPECT_TRUE(table.Remove(s.id));
  EXPECT_EQ(table.Find(s.id), nullptr) << "replaying a logged-out cookie";
  EXPECT_FALSE(table.Remove(s.id));
}

TEST(SessionTableTest, CsrfMustMatchExactly) {
  ManualClock clock(0);
  Grant grant{.name = "owner", .role = ApiRole::kOwner};
  SessionTable table(&clock, kMicrosPerHour);
  auto a = table.Create(&grant), b = table.Create(&grant);
  EXPECT_TRUE(table.CheckCsrf(a.id, a.csrf));
  EXPECT_FALSE(table.CheckCsrf(a.id, b.csrf)) << "another session's token";
  EXPECT_FALSE(table.CheckCsrf(a.id, a.csrf.substr(1)));
  EXPECT_FALSE(table.CheckCsrf(a.id, ""));
  EXPECT_FALSE(table.CheckCsrf("nope", a.csrf));
}

TEST(SessionTableTest, CapacityDropsTheOldestSession) {
  ManualClock clock(0);
  Grant grant{.name = "owner", .role = ApiRole::kOwner};
  SessionTable table(&clock, kMicrosPerHour, Counter(), 2);
  auto first = table.Create(&grant);
  clock.Advance(1);
  auto second = table.Create(&grant);
  clock.Advance(1);
  auto third = table.Create(&grant);
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.Find(first.id), nullptr);
  EXPECT_NE(table.Find(second.id), nullptr);
  EXPECT_NE(table.Find(third.id), nullptr);
}

TEST(CookieValueTest, FindsTheNamedCookieOnly) {
  EXPECT_EQ(CookieValue("a=1; shoal_session=xyz; b=2", "shoal_session"), "xyz");
  EXPECT_EQ(CookieValue("shoal_session=abc", "shoal_session"), "abc");
  EXPECT_EQ(CookieValue("xshoal_session=abc", "shoal_session"), "");
  EXPECT_EQ(CookieValue("", "shoal_session"), "");
}

}  // namespace
}  // namespace shoal
