#include "server/rate_limit.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(RateLimiter, AllowsTheBurstThenRefillsAtTheRate) {
  RateLimiter limiter(/*rate_per_second=*/2, /*burst=*/3);
  int64_t retry = 0;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("ops", 0, &retry)) << i;
  EXPECT_FALSE(limiter.Allow("ops", 0, &retry));
  EXPECT_EQ(retry, 1);
  EXPECT_FALSE(limiter.Allow("ops", 400'000, &retry));  // 0.8 of a token
  EXPECT_TRUE(limiter.Allow("ops", 500'000, &retry));   // one token after 0.5 s
  EXPECT_FALSE(limiter.Allow("ops", 500'000, &retry));
  EXPECT_TRUE(limiter.Allow("ops", 10'000'000, &retry));  // refilled, capped at the burst
  EXPECT_TRUE(limiter.Allow("ops", 10'000'000, &retry));
  EXPECT_TRUE(limiter.Allow("ops", 10'000'000, &retry));
  EXPECT_FALSE(limiter.Allow("ops", 10'000'000, &retry));
}

TEST(RateLimiter, KeysHaveSeparateBudgets) {
  RateLimiter limiter(1, 1);
  int64_t retry = 0;
  EXPECT_TRUE(limiter.Allow("a", 0, &retry));
  EXPECT_FALSE(limiter.Allow("a", 0, &retry));
  EXPECT_TRUE(limiter.Allow("b", 0, &retry));
}

TEST(RateLimiter, SlowRatesGiveLongerRetryAfter) {
  RateLimiter limiter(0.1, 1);
  int64_t retry = 0;
  EXPECT_TRUE(limiter.Allow("a", 0, &retry));
  EXPECT_FALSE(limiter.Allow("a", 0, &retry));
  EXPECT_EQ(retry, 10);
}

TEST(RateLimiter, ForgetsRefilledBucketsPastTheKeyLimit) {
  RateLimiter limiter(/*rate_per_second=*/1, /*burst=*/2, /*max_keys=*/3);
  int64_t retry = 0;
  for (std::string k : {"a", "b", "c"}) EXPECT_TRUE(limiter.Allow(k, 0, &retry));
  EXPECT_TRUE(limiter.Allow("c", 0, &retry));
  EXPECT_FALSE(limiter.Allow("c", 0, &retry)) << "c spent its burst";
  // At one second a and b have refilled (forgetting them is harmless); c has not.
  EXPECT_TRUE(limiter.Allow("d", 1'000'000, &retry));
  EXPECT_EQ(limiter.keys(), 2u);
  EXPECT_TRUE(limiter.Allow("c", 1'000'000, &retry));
  EXPECT_FALSE(limiter.Allow("c", 1'000'000, &retry)) << "c kept its (nearly) empty bucket";
}

}  // namespace
}  // namespace shoal
