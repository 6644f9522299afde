#include "shoal/flat_map.h"

#include <gtest/gtest.h>

#include <map>

#include "shoal/rng.h"

namespace shoal {
namespace {

TEST(FlatMap, BehavesLikeAMapUnderRandomInserts) {
  FlatMap<int> flat;
  std::map<uint64_t, int> ref;
  Rng rng(3);
  for (int i = 0; i < 50000; ++i) {
    uint64_t k = rng.Below(20000) * 0x100000001ULL;  // clustered keys like (group << 32 | member)
    flat[k] += i;
    ref[k] += i;
  }
  EXPECT_EQ(flat.size(), ref.size());
  for (const auto& [k, v] : ref) {
    ASSERT_NE(flat.Find(k), nullptr);
    EXPECT_EQ(*flat.Find(k), v);
  }
  EXPECT_EQ(flat.Find(12345), nullptr);
  size_t seen = 0;
  flat.ForEach([&](uint64_t k, int v) {
    ++seen;
    EXPECT_EQ(ref.at(k), v);
  });
  EXPECT_EQ(seen, ref.size());
  bool inserted = true;
  flat.Upsert(ref.begin()->first, &inserted);
  EXPECT_FALSE(inserted);
  flat.Clear();
  EXPECT_EQ(flat.size(), 0u);
  EXPECT_EQ(flat.Find(ref.begin()->first), nullptr);
}

}  // namespace
}  // namespace shoal
