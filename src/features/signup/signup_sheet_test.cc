#include "features/signup/signup_sheet.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

SignupEntry E(const char* m) { return SignupEntry{.member = m, .name = m}; }

TEST(SignupSheet, CapacityThenWaitingListThenFull) {
  SignupSheet s;
  s.cap = 2;
  s.waitlist_cap = 1;
  int64_t pos = 0;
  EXPECT_EQ(s.Join(E("a"), &pos), JoinResult::kJoined);
  EXPECT_EQ(pos, 1);
  EXPECT_EQ(s.Join(E("b"), &pos), JoinResult::kJoined);
  EXPECT_EQ(s.Join(E("a"), &pos), JoinResult::kAlreadyIn);
  EXPECT_EQ(pos, 1);
  EXPECT_EQ(s.Join(E("c"), &pos), JoinResult::kWaitlisted);
  EXPECT_EQ(pos, 1);
  EXPECT_EQ(s.Join(E("c"), &pos), JoinResult::kAlreadyWaiting);
  EXPECT_EQ(s.Join(E("d"), &pos), JoinResult::kFull);
  EXPECT_EQ(s.entries.size(), 2u);
  EXPECT_EQ(s.waitlist.size(), 1u);
}

TEST(SignupSheet, WithdrawalPromotesTheFirstWaiting) {
  SignupSheet s;
  s.cap = 2;
  s.waitlist_cap = 5;
  int64_t pos;
  for (const char* m : {"a", "b", "c", "d"}) s.Join(E(m), &pos);
  std::optional<SignupEntry> promoted;
  EXPECT_EQ(s.Withdraw("a", &promoted), WithdrawResult::kWithdrawn);
  ASSERT_TRUE(promoted);
  EXPECT_EQ(promoted->member, "c");
  EXPECT_EQ(s.entries[0].member, "b");
  EXPECT_EQ(s.entries[1].member, "c");
  EXPECT_EQ(s.Withdraw("d", &promoted), WithdrawResult::kLeftWaitlist);
  EXPECT_FALSE(promoted);
  EXPECT_EQ(s.Withdraw("zz", &promoted), WithdrawResult::kNotFound);
  EXPECT_TRUE(s.Find("c"));
  EXPECT_FALSE(s.Find("a"));
}

TEST(SignupSheet, NoCapacityMeansNoWaiting) {
  SignupSheet s;
  int64_t pos;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(s.Join(E(std::to_string(i).c_str()), &pos), JoinResult::kJoined);
  EXPECT_FALSE(s.Full());
}

}  // namespace
}  // namespace shoal
