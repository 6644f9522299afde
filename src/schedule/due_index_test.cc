#include "schedule/due_index.h"

#include <algorithm>
#include <gtest/gtest.h>

#include "shoal/rng.h"

namespace shoal {
namespace {

TEST(DueIndex, TopIsTheEarliestAndTiesGoByIdAfterUpdates) {
  DueIndex idx;
  idx.Assign({50, INT64_MAX, 10, 10, 30});
  EXPECT_EQ(idx.size(), 4u);
  EXPECT_EQ(idx.Top(), 2u);
  idx.Set(2, 60);
  EXPECT_EQ(idx.Top(), 3u);
  idx.Set(3, INT64_MAX);
  EXPECT_EQ(idx.Top(), 4u);
  EXPECT_EQ(idx.Due(3), INT64_MAX);
  idx.Set(7, 5);  // grows
  EXPECT_EQ(idx.Top(), 7u);
  EXPECT_EQ(idx.TopDue(), 5);
}

// Against a plain scan: random sets and removals, the top always agrees.
TEST(DueIndex, AgreesWithAScan) {
  Rng rng(3);
  std::vector<Micros> due(500, INT64_MAX);
  DueIndex idx;
  idx.Assign(due);
  for (int step = 0; step < 20000; ++step) {
    uint32_t id = static_cast<uint32_t>(rng.Below(due.size()));
    Micros v = rng.Below(5) == 0 ? INT64_MAX : static_cast<Micros>(rng.Below(1000));
    due[id] = v;
    idx.Set(id, v);
    auto best = std::min_element(due.begin(), due.end());  // first of equal = lowest id
    if (*best == INT64_MAX) {
      ASSERT_TRUE(idx.empty());
    } else {
      ASSERT_EQ(idx.TopDue(), *best);
      ASSERT_EQ(idx.Top(), static_cast<uint32_t>(best - due.begin()));
    }
  }
}

}  // namespace
}  // namespace shoal
