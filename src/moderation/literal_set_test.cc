#include "moderation/literal_set.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(LiteralSet, FindsEveryLiteralOnceInIndexOrder) {
  LiteralSet set;
  ASSERT_TRUE(set.Build({"微信", "qq", "", "a.b", "qq群"}));
  EXPECT_EQ(set.size(), 5u);
  // Literals are bytes, never regexes: "a.b" does not match "axb".
  EXPECT_EQ(set.Find("加qq群 qq 微信 axb"), (std::vector<size_t>{0, 1, 4}));
  EXPECT_EQ(set.Find("see a.b"), (std::vector<size_t>{3}));
  EXPECT_TRUE(set.Find("").empty());
  std::vector<size_t> scanned;
  set.Scan("qq 微信", [&](size_t i) { scanned.push_back(i); });
  EXPECT_EQ(scanned, (std::vector<size_t>{0, 1}));
}

TEST(LiteralSet, EmptyListMatchesNothing) {
  LiteralSet set;
  ASSERT_TRUE(set.Build({}));
  EXPECT_TRUE(set.Find("anything").empty());
}

TEST(LiteralSet, SameListSharesOneCompiledDatabase) {
  LiteralSet a, b, c;
  ASSERT_TRUE(a.Build({"casino", "博彩"}));
  ASSERT_TRUE(b.Build({"casino", "博彩"}));
  ASSERT_TRUE(c.Build({"博彩", "casino"}));  // other order, other ids: its own database
  EXPECT_TRUE(a.SharesDatabaseWith(b));
  EXPECT_FALSE(a.SharesDatabaseWith(c));
  // Each set has its own scratch, and the shared database reports each set's own ids.
  EXPECT_EQ(b.Find("博彩"), (std::vector<size_t>{1}));
  EXPECT_EQ(c.Find("博彩"), (std::vector<size_t>{0}));
}

TEST(LiteralSet, ListBoundariesAreUnambiguous) {
  LiteralSet a, b;
  ASSERT_TRUE(a.Build({"ab", "c"}));
  ASSERT_TRUE(b.Build({"a", "bc"}));
  EXPECT_FALSE(a.SharesDatabaseWith(b));
  EXPECT_EQ(b.Find("a"), (std::vector<size_t>{0}));
}

TEST(LiteralSet, RebuiltAfterEveryHolderIsGone) {
  {
    LiteralSet a;
    ASSERT_TRUE(a.Build({"gone"}));
  }
  LiteralSet b;
  ASSERT_TRUE(b.Build({"gone"}));
  EXPECT_EQ(b.Find("all gone"), (std::vector<size_t>{0}));
  LiteralSet moved = std::move(b);
  EXPECT_EQ(moved.Find("gone"), (std::vector<size_t>{0}));
}

}  // namespace
}  // namespace shoal
