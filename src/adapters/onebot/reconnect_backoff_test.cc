#include "adapters/onebot/reconnect_backoff.h"

#include <gtest/gtest.h>

#include <set>

namespace shoal::onebot {
namespace {

using std::chrono::milliseconds;

TEST(OneBotReconnectBackoffTest, DoublesWithinJitterUpToTheCapAndResets) {
  ReconnectBackoff b(milliseconds(1000), milliseconds(8000), 42);
  const int64_t ceilings[] = {1000, 2000, 4000, 8000, 8000, 8000};
  for (int64_t d : ceilings) {
    int64_t got = b.Next().count();
    EXPECT_GE(got, d / 2) << d;
    EXPECT_LE(got, d) << d;
  }
  EXPECT_EQ(b.failures(), 6);
  b.Reset();
  EXPECT_LE(b.Next().count(), 1000);
}

TEST(OneBotReconnectBackoffTest, SameSeedSameWaitsOtherSeedsSpreadOut) {
  ReconnectBackoff a(milliseconds(1000), milliseconds(60000), 7), b(milliseconds(1000), milliseconds(60000), 7);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.Next(), b.Next());
  // Ten connections dropped together do not all come back in the same millisecond.
  std::set<int64_t> firsts;
  for (uint64_t seed = 1; seed <= 10; ++seed) firsts.insert(ReconnectBackoff(milliseconds(1000), milliseconds(60000), seed).Next().count());
  EXPECT_GE(firsts.size(), 8u);
}

TEST(OneBotReconnectBackoffTest, ManyFailuresStayAtTheCap) {
  ReconnectBackoff b(milliseconds(500), milliseconds(30000), 1);
  for (int i = 0; i < 200; ++i) b.Next();
  int64_t got = b.Next().count();
  EXPECT_GE(got, 15000);
  EXPECT_LE(got, 30000);
}

}  // namespace
}  // namespace shoal::onebot
