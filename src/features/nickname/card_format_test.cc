#include "features/nickname/card_format.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(CardFormat, FieldsJoinedBySeparator) {
  std::string why;
  auto f = CardFormat::FromFields({{"城市", ""}, {"职位", ""}, {"姓名", "\\p{Han}{2,4}"}}, "-", &why);
  ASSERT_TRUE(f) << why;
  EXPECT_EQ(f->description(), "城市-职位-姓名");
  EXPECT_TRUE(f->Matches("北京-产品经理-张三"));
  EXPECT_FALSE(f->Matches("北京-产品经理-Tom"));   // 姓名 must be 2–4 Han characters
  EXPECT_FALSE(f->Matches("北京-张三"));            // a field missing
  EXPECT_FALSE(f->Matches("北京-产品-经理-张三"));  // one too many
  EXPECT_FALSE(f->Matches("北京 -产品经理-张三"));  // spaces are not part of a field
  EXPECT_FALSE(f->Matches("小明"));
}

TEST(CardFormat, NormalizesStraySeparators) {
  std::string why;
  auto f = CardFormat::FromFields({{"城市", ""}, {"职位", ""}, {"姓名", ""}}, "-", &why);
  ASSERT_TRUE(f) << why;
  EXPECT_EQ(f->Normalize("北京 产品经理 张三"), "北京-产品经理-张三");
  EXPECT_EQ(f->Normalize("北京｜产品经理——张三"), "北京-产品经理-张三");
  EXPECT_EQ(f->Normalize("北京-产品经理-张三"), "");  // already fine
  EXPECT_EQ(f->Normalize("小明"), "");                // nothing to rescue
}

TEST(CardFormat, MultiCharacterSeparatorAndRawPattern) {
  std::string why;
  auto f = CardFormat::FromFields({{"a", ""}, {"b", ""}}, " | ", &why);
  ASSERT_TRUE(f) << why;
  EXPECT_TRUE(f->Matches("上海 | 设计"));
  EXPECT_FALSE(f->Matches("上海|设计"));
  auto p = CardFormat::FromPattern("[A-Z]{2}\\d{3}", &why);
  ASSERT_TRUE(p) << why;
  EXPECT_TRUE(p->Matches("AB123"));
  EXPECT_FALSE(p->Matches("xAB123"));  // anchored
}

TEST(CardFormat, BadPatternsNameTheField) {
  std::string why;
  EXPECT_FALSE(CardFormat::FromFields({{"城市", "[a-"}}, "-", &why));
  EXPECT_NE(why.find("field '城市' does not compile"), std::string::npos) << why;
  EXPECT_FALSE(CardFormat::FromPattern("(unclosed", &why));
  EXPECT_NE(why.find("does not compile"), std::string::npos);
  EXPECT_FALSE(CardFormat::FromFields({}, "-", &why));
}

}  // namespace
}  // namespace shoal
