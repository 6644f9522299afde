#include "analytics/levels.h"

#include <gtest/gtest.h>

namespace shoal::analytics {
namespace {

TEST(Levels, DefaultsAndReasons) {
  LevelLadder ladder;
  Behaviour b;
  std::string why;
  EXPECT_EQ(ladder.Reached(b, 1.0, &why), 0);
  b.v[kMessages] = 12;
  EXPECT_EQ(ladder.Name(ladder.Reached(b, 1.0, &why)), "active");
  EXPECT_EQ(why, "active: messages 12.0 >= 10.0");
  b.v[kActiveDays] = 6;
  b.v[kInvites] = 3;
  EXPECT_EQ(ladder.Name(ladder.Reached(b, 1.0, &why)), "contributing");
  b.v[kAnswers] = 30;
  b.v[kActiveDays] = 15;
  EXPECT_EQ(ladder.Name(ladder.Reached(b, 1.0, &why)), "expert");
  b.v[kAnswers] = 25;  // below 30, but above 30 less 20%: hysteresis keeps expert at the cadence
  EXPECT_EQ(ladder.Name(ladder.Reached(b, 1.0, &why)), "contributing");
  EXPECT_EQ(ladder.Name(ladder.Reached(b, 0.8, &why)), "expert");
}

TEST(Levels, DecayHalvesPerHalfLife) {
  Behaviour b;
  b.Add(kMessages, 100, 30, 8);
  b.DecayTo(130, 30);
  EXPECT_NEAR(b.v[kMessages], 4, 1e-9);
  b.Add(kMessages, 160, 30);
  EXPECT_NEAR(b.v[kMessages], 3, 1e-9);
}

}  // namespace
}  // namespace shoal::analytics
