#include "features/campaign/fraud.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

constexpr Micros kDay = kMicrosPerDay, kMin = kMicrosPerMinute;

TEST(Fraud, NoVerdictOnFewInvitees) {
  std::vector<InviteeRecord> two{{.joined = 0}, {.joined = 1}};
  EXPECT_TRUE(FraudSignals(two, 30 * kDay, {}).empty());
}

TEST(Fraud, SilentInviteesOnceOldEnough) {
  std::vector<InviteeRecord> v(4, InviteeRecord{.joined = 0});
  v[0].spoke = true;
  v[0].joined = v[1].joined = 0;
  v[2].joined = kDay;
  v[3].joined = 2 * kDay;
  FraudRules r{.burst = 0};
  EXPECT_TRUE(FraudSignals(v, 2 * kDay, r).empty());  // nobody is 3 days old yet
  // At day 5 all four are old enough and 3 of 4 (75%) are silent: under 80%.
  EXPECT_TRUE(FraudSignals(v, 5 * kDay, r).empty());
  v[0].spoke = false;
  EXPECT_EQ(FraudSignals(v, 5 * kDay, r), std::vector<std::string>{"silent"});
}

TEST(Fraud, BurstOfJoins) {
  FraudRules r{.burst = 3, .burst_within = 10 * kMin};
  std::vector<InviteeRecord> v{{.joined = 0, .spoke = true}, {.joined = 4 * kMin, .spoke = true},
                               {.joined = 30 * kMin, .spoke = true}};
  EXPECT_TRUE(FraudSignals(v, kDay * 10, r).empty());
  v.push_back({.joined = 9 * kMin, .spoke = true});
  EXPECT_EQ(FraudSignals(v, kDay * 10, r), std::vector<std::string>{"burst"});
  EXPECT_TRUE(IsBurst({0, 4 * kMin, 9 * kMin}, r));
  EXPECT_FALSE(IsBurst({0, 4 * kMin, 11 * kMin}, r));
}

TEST(Fraud, EarlyLeavers) {
  FraudRules r{.burst = 0};
  std::vector<InviteeRecord> v{{.joined = 0, .left = kDay / 2, .spoke = true},
                               {.joined = 0, .left = kDay / 3, .spoke = true},
                               {.joined = 0, .spoke = true}};
  EXPECT_TRUE(FraudSignals(v, kDay / 2, r).empty());  // the stayer is not decided yet: 2 decided < 3
  EXPECT_EQ(FraudSignals(v, 2 * kDay, r), std::vector<std::string>{"early_leave"});  // 2 of 3 left early
}

}  // namespace
}  // namespace shoal
