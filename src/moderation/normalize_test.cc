#include "moderation/normalize.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

void ExpectSameAsIcu(std::string_view text) {
  NormalizedText fast = Normalize(text), icu = NormalizeThroughIcu(text);
  EXPECT_EQ(fast.text, icu.text) << text;
  EXPECT_EQ(fast.invisible, icu.invisible) << text;
  EXPECT_EQ(fast.homoglyph_words, icu.homoglyph_words) << text;
  EXPECT_EQ(fast.joined_separators, icu.joined_separators) << text;
  EXPECT_EQ(fast.chinese_numerals, icu.chinese_numerals) << text;
  EXPECT_EQ(fast.traditional, icu.traditional) << text;
  EXPECT_EQ(fast.invalid_utf8, icu.invalid_utf8) << text;
  EXPECT_EQ(fast.truncated, icu.truncated) << text;
}

// The code-point fast path must agree with ICU folding the whole text, above all where
// folding is not per code point: combining marks, Hangul jamo, expansions, ignorables.
TEST(Normalize, FastPathMatchesIcu) {
  for (std::string_view t : {
           "", "plain ascii", "加我的微信，免費領取！", "ＶＸ：ａｂｃ１２３", "Ａ\u030A", "e\u0301", "é",
           "\u1100\u1161\u11A8", "각", "가\u11A8", "ß Straße", "ﬁ ﬂ", "Ⅻ ㍿ ㈱", "\u00AD soft\u00ADhyphen",
           "\uFFA0x", "\u3164", "ＡＢＣ①②", "Ω ω K Å", "ǅ", "\u0345", "İstanbul", "ΣΑΣ", "саsino",
           "\u2795V", "一三八一二三四五六七八", "漢字 汉字", "\uFFFD", "x\u200by", "\uFE0F😀", "𝐰𝐞𝐜𝐡𝐚𝐭",
           "ｶﾞ ｶ\uFF9E", "か\u3099", "\u0F73", "\u2126", "\uF900\uFA10", "\uFF0E com",
       })
    ExpectSameAsIcu(t);
  ExpectSameAsIcu(std::string("ab\xff\xfe" "cd\xe4\xb8", 8));
}

// Every message of the shared corpus (when present) normalises the same both ways.
TEST(Normalize, FastPathMatchesIcuOnCorpus) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(SHOAL_SHARED_DIR) / "corpus";
  if (!fs::exists(dir)) GTEST_SKIP() << "no corpus at " << dir;
  size_t checked = 0;
  for (const auto& d : fs::directory_iterator(dir)) {
    std::ifstream in(d.path() / (d.path().filename().string() + ".tsv"));
    std::string line;
    // Every 7th row keeps this quick under the sanitizers; all rows were checked once by hand.
    for (size_t n = 0; std::getline(in, line); ++n)
      if (n % 7 == 0) ExpectSameAsIcu(line), ++checked;
  }
  EXPECT_GT(checked, 1000u);
}

}  // namespace
}  // namespace shoal
