#include "features/qa/qa.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(Qa, DetectsMarksWordsAndMentions) {
  QaConfig cfg;
  cfg.words = {"请问", "how"};
  cfg.mentions = {"@客服"};
  EXPECT_TRUE(IsQuestion(cfg, "几点开始？"));
  EXPECT_TRUE(IsQuestion(cfg, "is it free?"));
  EXPECT_TRUE(IsQuestion(cfg, "请问作业在哪"));
  EXPECT_TRUE(IsQuestion(cfg, "@客服 退款"));
  EXPECT_FALSE(IsQuestion(cfg, "大家早上好"));
}

TEST(Qa, Median) {
  EXPECT_EQ(Median({}), 0);
  EXPECT_EQ(Median({5}), 5);
  EXPECT_EQ(Median({9, 1, 5}), 5);
  EXPECT_EQ(Median({40, 10, 20, 30}), 25);
}

}  // namespace
}  // namespace shoal
