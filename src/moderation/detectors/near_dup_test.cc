#include "moderation/detectors/near_dup.h"

#include <bit>

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(NearDup, SimHashIgnoresPunctuationAndSmallEdits) {
  uint64_t a = SimHash("全新手游今日上线,注册就送豪华大礼包,快来一起玩吧朋友们", 12);
  uint64_t b = SimHash("全新手游今日上线!注册就送豪华大礼包!快来一起玩吧朋友们!", 12);
  uint64_t c = SimHash("今天晚上有人一起打游戏吗,我八点上线", 12);
  EXPECT_EQ(a, b);
  EXPECT_GT(std::popcount(a ^ c), 3);
  EXPECT_EQ(SimHash("短", 12), 0u);
}

TEST(NearDup, CountsGroupsAndMembersInWindowAndSurvivesSnapshot) {
  DupConfig cfg;
  NearDupIndex idx;
  uint64_t h = SimHash("全新手游今日上线,注册就送豪华大礼包", 12);
  idx.Record(h, "qq:1", "qq:7", "m1", 0, cfg);
  DupMatch m = idx.Record(h, "qq:2", "qq:8", "m2", kMicrosPerMinute, cfg);
  EXPECT_EQ(m.groups, 2);
  EXPECT_EQ(m.members, 2);
  SnapshotWriter w;
  idx.Save(w);
  NearDupIndex copy;
  SnapshotReader r(w.data());
  ASSERT_TRUE(copy.Load(r));
  m = copy.Record(h, "qq:3", "qq:7", "m3", 2 * kMicrosPerMinute, cfg);
  EXPECT_EQ(m.groups, 3);
  EXPECT_EQ(m.earlier.size(), 2u);
  // Outside the window nothing matches.
  m = copy.Record(h, "qq:4", "qq:9", "m4", 2 * kMicrosPerHour, cfg);
  EXPECT_EQ(m.groups, 1);
}

}  // namespace
}  // namespace shoal
