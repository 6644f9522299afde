#include "outbox/token_bucket.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(TokenBucketTest, BurstThenSteadyRate) {
  TokenBucket b(2.0, 3, 0);  // 2 a second, bursts of 3
  EXPECT_TRUE(b.TryTake(0));
  EXPECT_TRUE(b.TryTake(0));
  EXPECT_TRUE(b.TryTake(0));
  EXPECT_FALSE(b.TryTake(0));
  EXPECT_EQ(b.WaitFor(0), 500'000);  // one token every half second
  EXPECT_FALSE(b.TryTake(499'999));
  EXPECT_TRUE(b.TryTake(500'000));
  EXPECT_FALSE(b.Ready(500'000));
  // A long quiet spell refills only up to the burst.
  int taken = 0;
  while (b.TryTake(100 * kMicrosPerSecond)) ++taken;
  EXPECT_EQ(taken, 3);
}

TEST(TokenBucketTest, SlowRatesAndClockSteppingBack) {
  TokenBucket per_minute(20.0 / 60.0, 20, 0);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(per_minute.TryTake(0)) << i;
  EXPECT_FALSE(per_minute.TryTake(0));
  EXPECT_EQ(per_minute.WaitFor(0), 3 * kMicrosPerSecond);
  EXPECT_FALSE(per_minute.TryTake(-kMicrosPerHour));  // time going backwards mints nothing
  EXPECT_TRUE(per_minute.TryTake(3 * kMicrosPerSecond));
}

TEST(TokenBucketTest, HoldDefersEvenAFullBucket) {
  TokenBucket b(1.0, 5, 0);
  b.HoldUntil(10 * kMicrosPerSecond);
  b.HoldUntil(2 * kMicrosPerSecond);  // a shorter hold never shortens the first
  EXPECT_FALSE(b.Ready(9 * kMicrosPerSecond));
  EXPECT_EQ(b.WaitFor(9 * kMicrosPerSecond), kMicrosPerSecond);
  EXPECT_TRUE(b.TryTake(10 * kMicrosPerSecond));
}

TEST(TokenBucketTest, ZeroRateIsUnlimited) {
  TokenBucket b(0, 1, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(b.TryTake(0));
  EXPECT_EQ(b.WaitFor(0), 0);
}

}  // namespace
}  // namespace shoal
