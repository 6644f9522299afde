#include "features/points/points_ledger.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

PointsLedger MakeLedger(int64_t max_balance = 1000) {
  PointsRules rules;
  rules.max_balance = max_balance;
  return PointsLedger(rules, TimeZone::Utc());
}

TEST(PointsLedger, EveryCreditIsOneEntryAndMovesTheBalance) {
  auto ledger = MakeLedger();
  EXPECT_EQ(ledger.Credit(1, "qq:1", "qq:7", 5, "checkin", "d1"), CreditStatus::kOk);
  EXPECT_EQ(ledger.Credit(2, "", "qq:7", 10, "prize", "week"), CreditStatus::kOk);
  EXPECT_EQ(ledger.Balance("qq:7"), 15);
  ASSERT_EQ(ledger.entries().size(), 2u);
  EXPECT_EQ(ledger.entries()[1].reason, "prize");
  ASSERT_NE(ledger.History("qq:7"), nullptr);
  EXPECT_EQ(ledger.History("qq:7")->size(), 2u);
  EXPECT_EQ(ledger.History("qq:8"), nullptr);
}

TEST(PointsLedger, RefusesZeroOverflowAndOverdraftWithoutAnEntry) {
  auto ledger = MakeLedger(100);
  EXPECT_EQ(ledger.Credit(1, "", "m", 0, "x", ""), CreditStatus::kZero);
  EXPECT_EQ(ledger.Credit(1, "", "m", 101, "x", ""), CreditStatus::kOverflow);
  EXPECT_EQ(ledger.Credit(1, "", "m", INT64_MAX, "x", ""), CreditStatus::kOverflow);
  EXPECT_EQ(ledger.Credit(1, "", "m", 60, "x", ""), CreditStatus::kOk);
  EXPECT_EQ(ledger.Credit(1, "", "m", INT64_MIN, "x", "", true), CreditStatus::kOverflow);
  EXPECT_EQ(ledger.Credit(1, "", "m", -61, "x", ""), CreditStatus::kInsufficient);
  EXPECT_EQ(ledger.Credit(1, "", "m", -61, "x", "", true), CreditStatus::kOk);
  EXPECT_EQ(ledger.Balance("m"), -1);
  EXPECT_EQ(ledger.entries().size(), 2u);
  EXPECT_EQ(ledger.refused(), 4);
}

TEST(PointsLedger, SnapshotRebuildsBalancesAndIsByteStable) {
  auto ledger = MakeLedger();
  for (int i = 0; i < 20; ++i) ledger.Credit(i, "qq:1", "m" + std::to_string(i % 3), i + 1, "message", "");
  SnapshotWriter w;
  ledger.Save(w);
  auto copy = MakeLedger();
  SnapshotReader r(w.data());
  ASSERT_TRUE(copy.Load(r));
  for (const char* m : {"m0", "m1", "m2"}) EXPECT_EQ(copy.Balance(m), ledger.Balance(m));
  SnapshotWriter w2;
  copy.Save(w2);
  EXPECT_EQ(w.data(), w2.data());
  auto broken = MakeLedger();
  SnapshotReader cut(std::string_view(w.data()).substr(0, w.data().size() / 2));
  EXPECT_FALSE(broken.Load(cut));
}

TEST(PointsLedger, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints("好"), 1);
  EXPECT_EQ(CountCodePoints("大家好"), 3);
  EXPECT_EQ(CountCodePoints("hi"), 2);
  EXPECT_EQ(CountCodePoints(""), 0);
}

}  // namespace
}  // namespace shoal
