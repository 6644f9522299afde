#include "moderation/normalize.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <opencc/opencc.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include "moderation/utf8.h"

namespace shoal {
namespace {

using utf8::IsCjk;

// Code points that may be left over after NFKC_Casefold and still hide content.
bool IsInvisible(char32_t c) {
  if (c < 0x00AD || (c >= 0x3400 && c < 0xE000)) return false;  // ASCII, Latin-1 letters, CJK: the common case
  return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4 ||
         c == 0x17B5 || c == 0x180E || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || c == 0xFEFF || c == 0xFFA0 ||
         (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0000 && c <= 0xE0FFF);
}

// OpenCC t2s is comparatively slow, so it runs only when a message holds a character that
// t2s would change; that set is computed once by converting every CJK character.
class TraditionalToSimplified {
 public:
  static const TraditionalToSimplified& Get() {
    static const TraditionalToSimplified instance;
    return instance;
  }
  bool ok() const { return converter_ != nullptr; }
  bool Changes(char32_t c) const {
    if (c >= 0x3400 && c < 0x3400 + kSpan) return changes_[c - 0x3400];
    if (c >= 0xF900 && c <= 0xFAFF) return true;
    return false;
  }
  std::string Convert(const std::string& s) const {
    std::lock_guard<std::mutex> lock(mu_);  // OpenCC does not promise thread safety
    try {
      return converter_->Convert(s);
    } catch (...) {
      return s;
    }
  }

 private:
  static constexpr char32_t kSpan = 0xA000 - 0x3400;
  TraditionalToSimplified() {
    for (const char* path : {"/usr/share/opencc/t2s.json", "t2s.json"}) {
      try {
        converter_ = std::make_unique<opencc::SimpleConverter>(path);
        break;
      } catch (...) {
      }
    }
    if (!converter_) return;
    std::string all;
    for (char32_t c = 0x3400; c < 0x3400 + kSpan; ++c) {
      utf8::Append(c, &all);
      all.push_back('\n');
    }
    std::string out = converter_->Convert(all);
    size_t a = 0, b = 0;
    for (char32_t c = 0x3400; c < 0x3400 + kSpan && a < all.size() && b < out.size(); ++c) {
      size_t ea = all.find('\n', a), eb = out.find('\n', b);
      if (ea == std::string::npos || eb == std::string::npos) break;
      changes_[c - 0x3400] = all.compare(a, ea - a, out, b, eb - b) != 0;
      a = ea + 1;
      b = eb + 1;
    }
  }
  std::unique_ptr<opencc::SimpleConverter> converter_;
  std::bitset<kSpan> changes_;
  mutable std::mutex mu_;
};

// Cyrillic and Greek letters that look like Latin ones; applied only inside words that
// already mix scripts, so Russian or Greek text stays itself.
char32_t LatinLookalike(char32_t c) {
  switch (c) {
    case 0x0430: return 'a'; case 0x0432: return 'b'; case 0x0435: return 'e'; case 0x043A: return 'k';
    case 0x043C: return 'm'; case 0x043D: return 'h'; case 0x043E: return 'o'; case 0x0440: return 'p';
    case 0x0441: return 'c'; case 0x0442: return 't'; case 0x0443: return 'y'; case 0x0445: return 'x';
    case 0x0456: return 'i'; case 0x0458: return 'j'; case 0x0455: return 's'; case 0x0501: return 'd';
    case 0x051B: return 'q'; case 0x051D: return 'w'; case 0x0433: return 'r'; case 0x0438: return 'u';
    case 0x03B1: return 'a'; case 0x03B2: return 'b'; case 0x03B5: return 'e'; case 0x03B9: return 'i';
    case 0x03BA: return 'k'; case 0x03BD: return 'v'; case 0x03BF: return 'o'; case 0x03C1: return 'p';
    case 0x03C4: return 't'; case 0x03C5: return 'u'; case 0x03C7: return 'x'; case 0x03C9: return 'w';
    case 0x03C3: case 0x03C2: return 'o';
    default: return 0;
  }
}
bool IsLatin(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsCyrGreek(char32_t c) { return (c >= 0x0370 && c <= 0x03FF) || (c >= 0x0400 && c <= 0x052F); }
bool IsWordLetter(char32_t c) { return IsLatin(c) || IsCyrGreek(c) || (c >= '0' && c <= '9'); }

// Symbols advertisers use for letters or digits that NFKC leaves alone.
char32_t SymbolLookalike(char32_t c) {
  switch (c) {
    case 0x2795: case 0x271A: case 0x2719: case 0x271B: case 0x2722: return '+';  // ➕ ✚ …
    case 0x24FF: case 0x24EA: case 0x1F10B: case 0x1F10C: return '0';
    case 0x2776: case 0x2780: case 0x278A: return '1';
    case 0x2777: case 0x2781: case 0x278B: return '2';
    case 0x2778: case 0x2782: case 0x278C: return '3';
    case 0x2779: case 0x2783: case 0x278D: return '4';
    case 0x277A: case 0x2784: case 0x278E: return '5';
    case 0x277B: case 0x2785: case 0x278F: return '6';
    case 0x277C: case 0x2786: case 0x2790: return '7';
    case 0x277D: case 0x2787: case 0x2791: return '8';
    case 0x277E: case 0x2788: case 0x2792: return '9';
    case 0x3002: case 0xFF61: return 0x3002;  // keep the ideographic full stop itself
    default: return 0;
  }
}

int ChineseNumeral(char32_t c) {
  if (c < 0x3007) return -1;  // every numeral below is a CJK character (〇 is the lowest)
  switch (c) {
    case U'零': case U'〇': case U'洞': return 0;
    case U'一': case U'壹': case U'幺': case U'么': return 1;
    case U'二': case U'贰': case U'两': return 2;
    case U'三': case U'叁': return 3;
    case U'四': case U'肆': return 4;
    case U'五': case U'伍': return 5;
    case U'六': case U'陆': return 6;
    case U'七': case U'柒': case U'拐': return 7;
    case U'八': case U'捌': return 8;
    case U'九': case U'玖': case U'勾': return 9;
    default: return -1;
  }
}
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

// Separators advertisers put between the characters of a number or a word.
bool IsJoinSeparator(char32_t c, bool digits) {
  switch (c) {
    case ' ': case '\t': case '.': case '-': case '_': case '*': case '/': case '|': case '\\':
    case '~': case '`': case '\'': case '^': case 0x00B7: case 0x2022: case 0x30FB: case 0x2027:
      return true;
    case ',': case 0x3001: case 0xFF0C:
      return digits;
    default:
      return false;
  }
}

enum class Kind : uint8_t { kDigits, kLetters, kCjk, kSep, kOther };
struct Token {
  Kind kind;
  size_t begin, end;  // in code points
};

std::vector<Token> Tokenize(const std::u32string& s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = s[i];
    Kind k;
    size_t j = i + 1;
    if (IsDigit(c)) {
      k = Kind::kDigits;
      while (j < s.size() && IsDigit(s[j])) ++j;
    } else if (IsLatin(c) || IsCyrGreek(c)) {
      k = Kind::kLetters;
      while (j < s.size() && (IsLatin(s[j]) || IsCyrGreek(s[j]))) ++j;
    } else if (IsCjk(c)) {
      k = Kind::kCjk;
    } else if (IsJoinSeparator(c, true)) {
      k = Kind::kSep;
      while (j < s.size() && IsJoinSeparator(s[j], true)) ++j;
    } else {
      k = Kind::kOther;
    }
    out.push_back({k, i, j});
    i = j;
  }
  return out;
}

bool SepJoins(const std::u32string& s, const Token& t, bool digits) {
  if (t.end - t.begin > 3) return false;
  for (size_t i = t.begin; i < t.end; ++i)
    if (!IsJoinSeparator(s[i], digits)) return false;
  return true;
}

// Removes separators inside spelled-out numbers ("1 3 8-1234-5678") and spelled-out words
// ("v.x", "w e c h a t", "加 微"). Dates and decimals ("2026-01-05", "3.5") are left alone.
std::u32string JoinSeparated(const std::u32string& s, uint32_t* joined) {
  std::vector<Token> toks = Tokenize(s);
  std::vector<bool> drop(toks.size(), false);
  size_t i = 0;
  while (i < toks.size()) {
    const Token& t = toks[i];
    bool digit_chain = t.kind == Kind::kDigits;
    bool unit = digit_chain || t.kind == Kind::kCjk || (t.kind == Kind::kLetters && t.end - t.begin == 1);
    if (!unit) {
      ++i;
      continue;
    }
    auto is_unit = [&](const Token& u) {
      if (digit_chain) return u.kind == Kind::kDigits;
      return u.kind == Kind::kCjk || (u.kind == Kind::kLetters && u.end - u.begin == 1);
    };
    size_t j = i, units = 1, digits = t.end - t.begin, longest = digits;
    bool all_cjk = t.kind == Kind::kCjk;
    // A digit chain keeps one separator style: "138 1234 5678" is a phone, "2026-01-05 3.5" is not.
    auto same_sep = [&](const Token& sep) {
      if (!digit_chain || j == i) return true;
      const Token& first = toks[i + 1];
      return s.compare(first.begin, first.end - first.begin, s, sep.begin, sep.end - sep.begin) == 0;
    };
    while (j + 2 < toks.size() && toks[j + 1].kind == Kind::kSep && SepJoins(s, toks[j + 1], digit_chain) &&
           same_sep(toks[j + 1]) && is_unit(toks[j + 2])) {
      j += 2;
      ++units;
      size_t len = toks[j].end - toks[j].begin;
      digits += len;
      longest = std::max(longest, len);
      all_cjk = all_cjk && toks[j].kind == Kind::kCjk;
    }
    bool join;
    if (digit_chain) join = units >= 2 && ((longest == 1 && units >= 5) || digits >= 9);
    else join = units >= 2;
    if (join && all_cjk) {
      // Between Chinese characters only whitespace and dots are obfuscation; "/" and "-" are prose.
      for (size_t k = i + 1; k < j; k += 2)
        for (size_t p = toks[k].begin; p < toks[k].end; ++p)
          if (s[p] != ' ' && s[p] != '.' && s[p] != 0x00B7 && s[p] != '*' && s[p] != '_') join = false;
    }
    if (join) {
      for (size_t k = i + 1; k < j; k += 2) drop[k] = true;
      *joined += static_cast<uint32_t>(units - 1);
    }
    i = j + 1;
  }
  std::u32string out;
  out.reserve(s.size());
  for (size_t k = 0; k < toks.size(); ++k)
    if (!drop[k]) out.append(s, toks[k].begin, toks[k].end - toks[k].begin);
  return out;
}

// NFKC_Casefold one code point at a time, where that is exact: normalisation never reaches
// across a boundary, so when every code point has a boundary before it, folding the text is
// folding each code point. That holds for nearly all chat (ASCII, CJK, full-width
// punctuation) and skips ICU's per-call cost. The table is computed from ICU once, for the
// BMP; a text with any other code point goes through ICU whole.
class CodePointFold {
 public:
  static constexpr char32_t kNeedsIcu = 0;
  static constexpr char32_t kRemoved = 0xFFFF;  // folds to nothing (default ignorables)
  static const CodePointFold& Get() {
    static const CodePointFold instance;
    return instance;
  }
  const icu::Normalizer2* icu() const { return nfkc_cf_; }
  // What c (not ASCII) folds to: itself, another code point, kRemoved, or kNeedsIcu.
  char32_t Fold(char32_t c) const {
    if (c >= 0x10000) return kNeedsIcu;
    if (identity_[c]) return c;
    auto it = mapped_.find(static_cast<char16_t>(c));
    return it == mapped_.end() ? kNeedsIcu : it->second;
  }

 private:
  CodePointFold() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (!nfkc_cf_ || U_FAILURE(status)) {
      nfkc_cf_ = nullptr;
      return;  // no table either: every code point is left as it is, as ICU's absence always did
    }
    for (char32_t c = 0x80; c < 0x10000; ++c) {
      if ((c >= 0xD800 && c <= 0xDFFF) || c == kRemoved || !nfkc_cf_->hasBoundaryBefore(static_cast<UChar32>(c)))
        continue;
      status = U_ZERO_ERROR;
      icu::UnicodeString folded = nfkc_cf_->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
      if (U_FAILURE(status)) continue;
      if (folded.length() == 0) {
        mapped_.emplace(static_cast<char16_t>(c), kRemoved);
      } else if (folded.length() == 1 && !U16_IS_SURROGATE(folded.charAt(0))) {
        char16_t f = folded.charAt(0);
        if (f == c) identity_[c] = true;
        else mapped_.emplace(static_cast<char16_t>(c), f);
      }
    }
  }
  const icu::Normalizer2* nfkc_cf_ = nullptr;
  std::bitset<0x10000> identity_;
  std::unordered_map<char16_t, char32_t> mapped_;
};

// Steps 1 to 3 of Normalize share this: a folded code point is checked once more for
// invisibles (folding can produce one), symbol look-alikes and traditional characters.
struct FoldedText {
  std::u32string cps;
  bool ascii = true;  // nothing outside ASCII survived
  bool has_traditional = false;
  void Push(char32_t c, NormalizedText* r) {
    if (c >= 0x80) {
      if (IsInvisible(c)) {
        ++r->invisible;
        return;
      }
      if (char32_t m = SymbolLookalike(c)) c = m;
      const auto& t2s = TraditionalToSimplified::Get();
      if (!has_traditional && t2s.ok() && t2s.Changes(c)) has_traditional = true;
    }
    cps.push_back(c);
  }
};

// Decodes `in` (ill-formed bytes become U+FFFD), drops invisible code points and lower-cases
// ASCII. Calls each(c) per remaining code point; false as soon as each returns false.
template <typename Each>
bool DecodeClean(std::string_view in, NormalizedText* r, Each each) {
  for (size_t pos = 0; pos < in.size();) {
    unsigned char b = static_cast<unsigned char>(in[pos]);
    if (b < 0x80) {
      if (!each(static_cast<char32_t>(b >= 'A' && b <= 'Z' ? b + 32 : b))) return false;
      ++pos;
      continue;
    }
    size_t before = pos;
    char32_t c = utf8::Next(in, &pos);
    if (c == utf8::kReplacement && !(pos - before == 3 && in.substr(before, 3) == "\xEF\xBF\xBD"))
      r->invalid_utf8 = true;
    if (IsInvisible(c)) {
      ++r->invisible;
      continue;
    }
    if (!each(c)) return false;
  }
  return true;
}

// The fast path: false (and *out unusable) when some code point needs ICU.
bool FoldByCodePoint(std::string_view in, NormalizedText* r, FoldedText* out) {
  const CodePointFold& fold = CodePointFold::Get();
  if (!fold.icu()) return false;
  return DecodeClean(in, r, [&](char32_t c) {
    if (c < 0x80) {
      out->Push(c, r);
      return true;
    }
    out->ascii = false;
    char32_t f = fold.Fold(c);
    if (f == CodePointFold::kNeedsIcu) return false;
    if (f != CodePointFold::kRemoved) out->Push(f, r);
    return true;
  });
}

// The general path: the whole cleaned text through ICU's NFKC_Casefold.
void FoldThroughIcu(std::string_view in, NormalizedText* r, FoldedText* out) {
  std::string clean;
  clean.reserve(in.size());
  DecodeClean(in, r, [&](char32_t c) {
    if (c >= 0x80) out->ascii = false;
    utf8::Append(c, &clean);
    return true;
  });
  const icu::Normalizer2* nfkc_cf = CodePointFold::Get().icu();
  if (!out->ascii && nfkc_cf) {
    // NFKC + case folding (full-width, math letters, circled digits, ligatures).
    std::string folded;
    icu::StringByteSink<std::string> sink(&folded, static_cast<int32_t>(clean.size()));
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf->normalizeUTF8(0, icu::StringPiece(clean.data(), static_cast<int32_t>(clean.size())), sink, nullptr,
                           status);
    if (U_SUCCESS(status)) clean.swap(folded);
  }
  out->cps.reserve(clean.size());
  for (size_t pos = 0; pos < clean.size();) out->Push(utf8::Next(clean, &pos), r);
}

NormalizedText NormalizeImpl(std::string_view in, bool allow_fast_path) {
  NormalizedText r;
  if (in.size() > kMaxNormalizedInput) {
    r.truncated = true;
    in = in.substr(0, kMaxNormalizedInput);
  }
  // 1–3. Valid UTF-8, invisible characters out, NFKC_Casefold, symbol look-alikes mapped,
  // traditional characters noted.
  FoldedText folded;
  folded.cps.reserve(in.size());
  if (!allow_fast_path || !FoldByCodePoint(in, &r, &folded)) {
    NormalizedText fresh;
    fresh.truncated = r.truncated;
    r = fresh;
    folded = FoldedText();
    FoldThroughIcu(in, &r, &folded);
  }
  std::u32string& cps = folded.cps;
  const bool ascii = folded.ascii;
  const bool has_traditional = folded.has_traditional;
  const auto& t2s = TraditionalToSimplified::Get();
  if (has_traditional) {
    std::string u8;
    for (char32_t c : cps) utf8::Append(c, &u8);
    std::string simplified = t2s.Convert(u8);
    if (simplified != u8) {
      r.traditional = true;
      cps.clear();
      for (size_t pos = 0; pos < simplified.size();) cps.push_back(utf8::Next(simplified, &pos));
    }
  }
  if (!ascii) {
    // 4. Homoglyphs, only in words that mix Latin with Cyrillic or Greek.
    for (size_t i = 0; i < cps.size();) {
      if (!IsWordLetter(cps[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      bool latin = false, other = false;
      while (j < cps.size() && IsWordLetter(cps[j])) {
        latin |= IsLatin(cps[j]) || IsDigit(cps[j]);
        other |= IsCyrGreek(cps[j]);
        ++j;
      }
      if (latin && other) {
        bool mapped = false;
        for (size_t k = i; k < j; ++k)
          if (char32_t m = LatinLookalike(cps[k])) cps[k] = m, mapped = true;
        if (mapped) ++r.homoglyph_words;
      }
      i = j;
    }
    // 5. Chinese numerals in runs of five or more digit-like characters ("一三八…", "壹贰叁…").
    for (size_t i = 0; i < cps.size();) {
      if (ChineseNumeral(cps[i]) < 0 && !IsDigit(cps[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      int numerals = 0;
      while (j < cps.size() && (ChineseNumeral(cps[j]) >= 0 || IsDigit(cps[j]))) {
        numerals += ChineseNumeral(cps[j]) >= 0;
        ++j;
      }
      if (numerals > 0 && j - i >= 5) {
        for (size_t k = i; k < j; ++k)
          if (int d = ChineseNumeral(cps[k]); d >= 0) cps[k] = U'0' + d;
        r.chinese_numerals += numerals;
      }
      i = j;
    }
  }
  // 6. Separators inside spelled-out numbers and words (most Chinese chat has none at all).
  if (std::any_of(cps.begin(), cps.end(), [](char32_t c) { return IsJoinSeparator(c, true); }))
    cps = JoinSeparated(cps, &r.joined_separators);
  // Encode in place: growing the string byte by byte showed up in profiles.
  r.text.resize(cps.size() * 4);
  char* out = r.text.data();
  for (char32_t c : cps) {
    if (c < 0x80) {
      *out++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *out++ = static_cast<char>(0xC0 | (c >> 6));
      *out++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *out++ = static_cast<char>(0xE0 | (c >> 12));
      *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *out++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *out++ = static_cast<char>(0xF0 | (c >> 18));
      *out++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *out++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  r.text.resize(static_cast<size_t>(out - r.text.data()));
  return r;
}

}  // namespace

NormalizedText Normalize(std::string_view text) { return NormalizeImpl(text, true); }

NormalizedText NormalizeThroughIcu(std::string_view text) { return NormalizeImpl(text, false); }

}  // namespace shoal
