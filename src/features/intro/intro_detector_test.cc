#include "features/intro/intro_detector.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(IntroDetector, NeedsLengthAndFields) {
  IntroRule rule{{"城市", "职业", "爱好"}, 2, 15};
  EXPECT_TRUE(LooksLikeIntro("大家好，城市：杭州，职业：产品经理，爱好：跑步", rule));
  EXPECT_FALSE(LooksLikeIntro("城市：杭州，职业：产品", rule));                       // too short
  EXPECT_FALSE(LooksLikeIntro("大家好大家好，我来自杭州，平时喜欢跑步和看书，请多关照", rule));  // no field words
  EXPECT_TRUE(LooksLikeIntro("大家好大家好，城市杭州，爱好跑步和看书，请多关照", rule));
  EXPECT_EQ(KeywordsFound("城市城市城市", rule.keywords), 1);
}

TEST(IntroDetector, LengthCountsCharactersNotBytes) {
  IntroRule rule{{}, 0, 5};
  EXPECT_TRUE(LooksLikeIntro("  我是小明啊  ", rule));
  EXPECT_FALSE(LooksLikeIntro("我是小明", rule));
}

}  // namespace
}  // namespace shoal
