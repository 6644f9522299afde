#include "features/checkin/checkin.h"

#include <gtest/gtest.h>

#include <map>

#include "shoal/rng.h"

namespace shoal {
namespace {

TEST(PickReward, CumulativeBands) {
  std::vector<RewardBand> bands{{5, 0.7}, {10, 0.25}, {50, 0.05}};
  EXPECT_EQ(PickReward(bands, 0.0), 5);
  EXPECT_EQ(PickReward(bands, 0.69), 5);
  EXPECT_EQ(PickReward(bands, 0.7), 10);
  EXPECT_EQ(PickReward(bands, 0.96), 50);
  EXPECT_EQ(PickReward(bands, 0.9999999), 50);
}

TEST(PickReward, FrequenciesFollowTheChances) {
  std::vector<RewardBand> bands{{5, 0.7}, {10, 0.25}, {50, 0.05}};
  Rng rng(3);
  std::map<int64_t, int> seen;
  for (int i = 0; i < 100000; ++i) ++seen[PickReward(bands, rng.Unit())];
  EXPECT_NEAR(seen[5] / 100000.0, 0.7, 0.01);
  EXPECT_NEAR(seen[10] / 100000.0, 0.25, 0.01);
  EXPECT_NEAR(seen[50] / 100000.0, 0.05, 0.005);
}

}  // namespace
}  // namespace shoal
