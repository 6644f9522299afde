#include "schedule/pacing.h"

#include <map>
#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(Pacing, SpreadsOverTheWindowAndSeparatesOneAccountsSends) {
  std::vector<PaceItem> items;
  for (uint32_t g = 0; g < 1000; ++g) items.push_back({g, g % 2, 0});  // two accounts, one platform
  PacingConfig cfg{.spread = 10 * kMicrosPerMinute, .jitter = 5 * kMicrosPerSecond, .account_gap = kMicrosPerSecond};
  PaceLanes lanes;
  Rng rng(42);
  auto sends = Pace(0, items, cfg, rng, &lanes);
  ASSERT_EQ(sends.size(), items.size());
  std::map<uint32_t, std::vector<Micros>> by_account;
  std::map<Micros, int> per_second;
  for (const auto& s : sends) {
    by_account[items[s.target].account].push_back(s.at);
    ++per_second[s.at / kMicrosPerSecond];
  }
  for (const auto& [account, times] : by_account) {
    for (size_t i = 1; i < times.size(); ++i) ASSERT_GE(times[i] - times[i - 1], kMicrosPerSecond);
  }
  // Never everything at once: at most one send per account per second.
  for (const auto& [sec, n] : per_second) EXPECT_LE(n, 2);
  // Spread over the window, pushed later only where an account's sends bunch up.
  EXPECT_GT(sends.back().at, 9 * kMicrosPerMinute);
  EXPECT_LT(sends.back().at, 12 * kMicrosPerMinute);
  // The lanes carry over: the next post on the same accounts starts after this one.
  auto more = Pace(0, {{7, 0, 0}}, cfg, rng, &lanes);
  EXPECT_GE(more[0].at, by_account[0].back() + kMicrosPerSecond);
}

TEST(Pacing, SameSeedSameTimesAndPlatformGap) {
  std::vector<PaceItem> items{{0, 0, 0}, {1, 1, 0}, {2, 2, 0}};
  PacingConfig cfg{.spread = 0, .jitter = 0, .account_gap = 0};
  PaceLanes a, b;
  a.platform_gap = b.platform_gap = {kMicrosPerSecond / 2};
  Rng r1(9), r2(9);
  auto x = Pace(100, items, cfg, r1, &a);
  auto y = Pace(100, items, cfg, r2, &b);
  ASSERT_EQ(x.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(x[i].at, y[i].at);
    EXPECT_EQ(x[i].target, y[i].target);
    EXPECT_EQ(x[i].at, 100 + static_cast<Micros>(i) * kMicrosPerSecond / 2);
  }
}

}  // namespace
}  // namespace shoal
