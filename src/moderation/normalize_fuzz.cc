// Text normalisation: any bytes (invalid UTF-8 included) give well-formed UTF-8 of bounded
// size, and the normaliser's own output is stable under a second pass in length class.
#include <algorithm>
#include <string_view>

#include "fuzz/fuzz_target.h"
#include "moderation/normalize.h"

namespace {

bool WellFormedUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

SHOAL_FUZZ_TARGET(normalize) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  shoal::NormalizedText out = shoal::Normalize(text);
  FUZZ_CHECK(WellFormedUtf8(out.text));
  // NFKC can expand a code point (e.g. U+FDFA to 18 letters); 18× UTF-8 bytes bounds it.
  FUZZ_CHECK(out.text.size() <= 18 * 4 * std::min(size, shoal::kMaxNormalizedInput) + 4);
  FUZZ_CHECK(out.truncated == (size > shoal::kMaxNormalizedInput));
  shoal::NormalizedText twice = shoal::Normalize(out.text);
  FUZZ_CHECK(WellFormedUtf8(twice.text));
  FUZZ_CHECK(!twice.invalid_utf8);
}
