#include "moderation/normalize.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

std::string N(std::string_view s) { return Normalize(s).text; }

TEST(Normalize, AsciiIsCaseFolded) { EXPECT_EQ(N("Hello WORLD"), "hello world"); }

TEST(Normalize, FullWidthAndMathLettersBecomeAscii) {
  EXPECT_EQ(N("ＶＸ：ａｂｃ１２３"), "vx:abc123");
  EXPECT_EQ(N("𝐰𝐞𝐜𝐡𝐚𝐭"), "wechat");
}

TEST(Normalize, CircledAndChineseDigits) {
  EXPECT_EQ(N("①②③④⑤⑥"), "123456");
  NormalizedText t = Normalize("加我一三八一二三四五六七八");
  EXPECT_EQ(t.text, "加我13812345678");
  EXPECT_GT(t.chinese_numerals, 0u);
  // Short numeral words stay words.
  EXPECT_EQ(N("一起三个人"), "一起三个人");
}

TEST(Normalize, SeparatorsInsideNumbersAndWords) {
  NormalizedText t = Normalize("q 1 2 3 4 5 6 7");
  EXPECT_EQ(t.text, "q 1234567");
  EXPECT_GT(t.joined_separators, 0u);
  EXPECT_EQ(N("138-1234-5678"), "13812345678");
  EXPECT_EQ(N("加 v.x"), "加vx");
  EXPECT_EQ(N("加 微"), "加微");
  // Dates, decimals and prose keep their separators.
  EXPECT_EQ(N("2026-01-05 3.5 i am ok"), "2026-01-05 3.5 i am ok");
}

TEST(Normalize, InvisibleCharactersRemoved) {
  NormalizedText t = Normalize("微\u200b信\u200d号");
  EXPECT_EQ(t.text, "微信号");
  EXPECT_EQ(t.invisible, 2u);
}

TEST(Normalize, TraditionalToSimplified) {
  NormalizedText t = Normalize("加我的微信，免費領取");
  EXPECT_EQ(t.text, "加我的微信,免费领取");
  EXPECT_TRUE(t.traditional);
}

TEST(Normalize, HomoglyphsOnlyInMixedWords) {
  NormalizedText t = Normalize("саsino привет");  // Cyrillic с, а in a Latin word
  EXPECT_EQ(t.text, "casino привет");
  EXPECT_EQ(t.homoglyph_words, 1u);
}

TEST(Normalize, SymbolPlus) { EXPECT_EQ(N("➕V"), "+v"); }

TEST(Normalize, BadInputIsSafe) {
  EXPECT_EQ(N(""), "");
  NormalizedText bad = Normalize(std::string("ab\xff\xfe" "cd", 6));
  EXPECT_TRUE(bad.invalid_utf8);
  EXPECT_EQ(bad.text, "ab\uFFFD\uFFFDcd");
  std::string big(1 << 20, 'a');
  NormalizedText t = Normalize(big);
  EXPECT_TRUE(t.truncated);
  EXPECT_EQ(t.text.size(), kMaxNormalizedInput);
}

}  // namespace
}  // namespace shoal
