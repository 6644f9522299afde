#include "features/redpacket/split.h"

#include <gtest/gtest.h>

#include <numeric>

namespace shoal {
namespace {

TEST(SplitTwiceMean, SumsExactlyAndEveryPacketGetsOne) {
  for (uint64_t seed = 1; seed < 200; ++seed) {
    for (int64_t count : {int64_t{1}, int64_t{2}, int64_t{3}, int64_t{10}, int64_t{37}}) {
      for (int64_t total : {count, count + 1, int64_t{100}, int64_t{1000}, int64_t{99991}}) {
        if (total < count) continue;
        Rng rng(seed);
        auto a = SplitTwiceMean(total, count, rng);
        ASSERT_EQ(static_cast<int64_t>(a.size()), count);
        EXPECT_EQ(std::accumulate(a.begin(), a.end(), int64_t{0}), total);
        for (int64_t x : a) EXPECT_GE(x, 1);
      }
    }
  }
}

TEST(SplitTwiceMean, NoDrawExceedsTwiceTheRemainingMean) {
  Rng rng(42);
  auto a = SplitTwiceMean(1000, 10, rng);
  int64_t remaining = 1000;
  for (size_t i = 0; i + 1 < a.size(); ++i) {
    EXPECT_LT(a[i], 2 * remaining / static_cast<int64_t>(a.size() - i));
    remaining -= a[i];
  }
}

TEST(SplitTwiceMean, SameSeedSameSplit) {
  Rng a(7), b(7), c(8);
  auto x = SplitTwiceMean(500, 8, a);
  EXPECT_EQ(x, SplitTwiceMean(500, 8, b));
  EXPECT_NE(x, SplitTwiceMean(500, 8, c));
}

}  // namespace
}  // namespace shoal
