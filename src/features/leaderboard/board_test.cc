#include "features/leaderboard/board.h"

#include <gtest/gtest.h>

#include <set>

namespace shoal {
namespace {

TEST(Board, DenseRanksShareTiesAndSkipNothing) {
  Board b;
  b.Add(1, 10);
  b.Add(2, 30);
  b.Add(3, 10);
  b.Add(4, 5);
  EXPECT_EQ(b.DenseRank(2), 1);
  EXPECT_EQ(b.DenseRank(1), 2);
  EXPECT_EQ(b.DenseRank(3), 2);
  EXPECT_EQ(b.DenseRank(4), 3);
  EXPECT_EQ(b.DenseRank(99), 0);
  auto top = b.Top(10, 2);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].member, 2u);
  EXPECT_EQ(top[1].member, 1u);
  EXPECT_EQ(top[2].member, 3u);
  EXPECT_EQ(top[2].rank, 2);
  auto two = b.Top(2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].rank, 2);
}

TEST(Board, UpdatesMoveMembersAndNegativeDeltasWork) {
  Board b;
  b.Add(1, 10);
  b.Add(2, 10);
  b.Add(1, 5);
  EXPECT_EQ(b.DenseRank(1), 1);
  EXPECT_EQ(b.DenseRank(2), 2);
  b.Add(1, -15);
  EXPECT_EQ(b.Points(1), 0);
  EXPECT_EQ(b.DenseRank(1), 2);
  EXPECT_EQ(b.DenseRank(2), 1);
  EXPECT_EQ(b.size(), 2u);
}

TEST(Board, EqualScoresListInTheOrderTheyWereReached) {
  Board b;
  b.Add(5, 1);
  b.Add(6, 2);
  b.Add(5, 1);  // 5 reaches 2 after 6 did
  auto rows = b.Top(10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].member, 6u);
  EXPECT_EQ(rows[1].member, 5u);
  EXPECT_EQ(rows[1].rank, 1);
}

TEST(Board, MatchesABruteForceRanking) {
  Board b;
  std::vector<int64_t> score(50, 0);
  uint64_t x = 12345;
  for (int i = 0; i < 2000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    uint32_t m = static_cast<uint32_t>((x >> 33) % 50);
    int64_t d = static_cast<int64_t>((x >> 20) % 7) - 2;
    b.Add(m, d);
    score[m] += d;
  }
  for (uint32_t m = 0; m < 50; ++m) {
    if (b.Points(m) != score[m]) ADD_FAILURE() << m;
    std::set<int64_t> higher;
    for (uint32_t o = 0; o < 50; ++o)
      if (score[o] > score[m]) higher.insert(score[o]);
    EXPECT_EQ(b.DenseRank(m), static_cast<int64_t>(higher.size()) + 1);
  }
}

TEST(Board, SaveLoadRoundTripsExactly) {
  Board b;
  for (int i = 0; i < 50; ++i) b.Add(static_cast<uint32_t>(i % 17), i);
  SnapshotWriter w;
  b.Save(w);
  Board c;
  SnapshotReader r(w.data());
  ASSERT_TRUE(c.Load(r));
  SnapshotWriter w2;
  c.Save(w2);
  EXPECT_EQ(w.data(), w2.data());
  EXPECT_EQ(c.DenseRank(3), b.DenseRank(3));
}

TEST(Board, CorruptSnapshotFailsSoftly) {
  Board b;
  SnapshotReader r("\x05\x01");
  EXPECT_FALSE(b.Load(r));
}

}  // namespace
}  // namespace shoal

namespace shoal {
namespace {

TEST(Board, MutatedSnapshotsNeverCrash) {
  Board b;
  for (uint32_t i = 0; i < 40; ++i) b.Add(i, static_cast<int64_t>(i % 7) - 2);
  SnapshotWriter w;
  b.Save(w);
  const std::string good = w.data();
  uint64_t x = 99;
  for (int round = 0; round < 2000; ++round) {
    std::string bad = good;
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    bad[(x >> 33) % bad.size()] = static_cast<char>(x >> 13);
    if (round % 3 == 0) bad.resize((x >> 7) % bad.size());
    Board c;
    SnapshotReader r(bad);
    if (c.Load(r, 64)) {
      for (const auto& row : c.Top(5)) EXPECT_LT(row.member, 64u);  // whatever loaded is usable
      c.Add(3, 1);
    }
  }
}

}  // namespace
}  // namespace shoal
