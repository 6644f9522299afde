#include "features/poll/poll.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(PollCommand, ParsesFlagsDurationAndOptions) {
  auto spec = ParsePollCommand("多选 30m 周末 | 爬山 | 电影", "多选");
  ASSERT_TRUE(spec);
  EXPECT_TRUE(spec->multi);
  EXPECT_EQ(spec->duration, 30 * kMicrosPerMinute);
  EXPECT_EQ(spec->question, "周末");
  EXPECT_EQ(spec->options, (std::vector<std::string>{"爬山", "电影"}));
  auto plain = ParsePollCommand("30 minutes? | yes | no", "多选");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->question, "30 minutes?");
  EXPECT_FALSE(ParsePollCommand("only a question", "多选"));
  EXPECT_FALSE(ParsePollCommand("q | a", "多选"));
  EXPECT_FALSE(ParsePollCommand("q | a | ", "多选"));
}

TEST(PollCommand, ParsesChoices) {
  EXPECT_EQ(*ParseChoices("2", 3, false), std::vector<int>{1});
  EXPECT_EQ(*ParseChoices("3,1 3", 3, true), (std::vector<int>{0, 2}));
  EXPECT_FALSE(ParseChoices("1 2", 3, false));
  EXPECT_FALSE(ParseChoices("4", 3, true));
  EXPECT_FALSE(ParseChoices("0", 3, true));
  EXPECT_FALSE(ParseChoices("", 3, true));
  EXPECT_FALSE(ParseChoices("x", 3, true));
}

}  // namespace
}  // namespace shoal
