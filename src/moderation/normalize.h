// Text normalisation run before every moderation detector: it undoes the tricks
// advertisers use to slip past keyword filters, so detectors see one canonical
// spelling. The original text is never changed; callers keep it for display and audit.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace shoal {

// Inputs longer than this are normalised up to here only (detectors run in linear time, but
// a 1 MB message must not cost a millisecond of every shard's budget).
constexpr size_t kMaxNormalizedInput = 16 * 1024;

struct NormalizedText {
  // NFKC + case folded, traditional → simplified, invisible characters removed, homoglyphs in
  // mixed-script words mapped to ASCII, Chinese-numeral and circled digits mapped to digits,
  // separators inside spelled-out numbers and words ("1 2 3 4 5", "v.x", "加 微") removed.
  std::string text;
  // What was undone: evidence that the writer tried to hide something.
  uint32_t invisible = 0;           // zero-width / invisible code points removed
  uint32_t homoglyph_words = 0;     // words mixing Latin with Cyrillic/Greek look-alikes
  uint32_t joined_separators = 0;   // separators removed inside spelled-out numbers or words
  uint32_t chinese_numerals = 0;    // 一二三… / 壹贰叁… mapped to digits
  bool traditional = false;         // traditional characters converted
  bool invalid_utf8 = false;        // ill-formed bytes replaced by U+FFFD
  bool truncated = false;           // input longer than kMaxNormalizedInput

  // How many obfuscation tricks were undone (a weak spam signal on its own).
  uint32_t obfuscation() const { return invisible + homoglyph_words + joined_separators + chinese_numerals; }
};

NormalizedText Normalize(std::string_view text);

// The same result as Normalize, with every non-ASCII text folded by ICU as a whole instead of
// code point by code point; for tests that check the fast path against it.
NormalizedText NormalizeThroughIcu(std::string_view text);

}  // namespace shoal
