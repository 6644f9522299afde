#include "features/leaderboard/board.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(Board, DenseRanksShareTiesAndSkipNothing) {
  Board b;
  b.Add("a", 10);
  b.Add("b", 30);
  b.Add("c", 10);
  b.Add("d", 5);
  EXPECT_EQ(b.DenseRank("b"), 1);
  EXPECT_EQ(b.DenseRank("a"), 2);
  EXPECT_EQ(b.DenseRank("c"), 2);
  EXPECT_EQ(b.DenseRank("d"), 3);
  EXPECT_EQ(b.DenseRank("zz"), 0);
  auto top = b.Top(10, 2);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].member, "b");
  EXPECT_EQ(top[1].member, "a");
  EXPECT_EQ(top[2].member, "c");
  EXPECT_EQ(top[2].rank, 2);
  auto two = b.Top(2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].rank, 2);
}

TEST(Board, UpdatesMoveMembersAndNegativeDeltasWork) {
  Board b;
  b.Add("a", 10);
  b.Add("b", 10);
  b.Add("a", 5);
  EXPECT_EQ(b.DenseRank("a"), 1);
  EXPECT_EQ(b.DenseRank("b"), 2);
  b.Add("a", -15);
  EXPECT_EQ(b.Points("a"), 0);
  EXPECT_EQ(b.DenseRank("a"), 2);
  EXPECT_EQ(b.DenseRank("b"), 1);
}

TEST(Board, SaveLoadRoundTripsExactly) {
  Board b;
  for (int i = 0; i < 50; ++i) b.Add("m" + std::to_string(i % 17), i);
  SnapshotWriter w;
  b.Save(w);
  Board c;
  SnapshotReader r(w.data());
  ASSERT_TRUE(c.Load(r));
  SnapshotWriter w2;
  c.Save(w2);
  EXPECT_EQ(w.data(), w2.data());
  EXPECT_EQ(c.DenseRank("m3"), b.DenseRank("m3"));
}

TEST(Board, CorruptSnapshotFailsSoftly) {
  Board b;
  SnapshotReader r("\x05\x01");
  EXPECT_FALSE(b.Load(r));
}

}  // namespace
}  // namespace shoal
