#include "analytics/concentration.h"

#include <gtest/gtest.h>

namespace shoal::analytics {
namespace {

TEST(Concentration, EqualSpeakersHaveZeroGini) {
  std::vector<int64_t> v(10, 5);
  Concentration c = MeasureConcentration(v);
  EXPECT_EQ(c.speakers, 10);
  EXPECT_NEAR(c.gini, 0.0, 1e-12);
  EXPECT_NEAR(c.top_share, 0.2, 1e-12);
}

TEST(Concentration, OneLoudSpeaker) {
  std::vector<int64_t> v = {0, 0, 80, 5, 5, 5, 5};  // zeros are not speakers
  Concentration c = MeasureConcentration(v);
  EXPECT_EQ(c.speakers, 5);
  EXPECT_EQ(c.messages, 100);
  EXPECT_NEAR(c.top_share, 0.8, 1e-12);  // the top 20% of 5 speakers is one
  // Gini for {5,5,5,5,80}: sum((2i-n-1)x)/(n*sum) = (-4*5-2*5+0+2*5+4*80)/(5*100) = 0.6
  EXPECT_NEAR(c.gini, 0.6, 1e-12);
}

TEST(Concentration, EmptyIsZero) {
  std::vector<int64_t> v;
  Concentration c = MeasureConcentration(v);
  EXPECT_EQ(c.speakers, 0);
  EXPECT_EQ(c.top_share, 0);
}

}  // namespace
}  // namespace shoal::analytics
