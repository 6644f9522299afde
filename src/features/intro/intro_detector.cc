#include "features/intro/intro_detector.h"

#include "features/common/text_template.h"
#include "features/points/points_ledger.h"

namespace shoal {

int64_t KeywordsFound(std::string_view text, const std::vector<std::string>& keywords) {
  int64_t n = 0;
  for (const auto& k : keywords) n += !k.empty() && text.find(k) != std::string_view::npos;
  return n;
}

bool LooksLikeIntro(std::string_view text, const IntroRule& rule) {
  text = TrimText(text);
  return CountCodePoints(text) >= rule.min_length && KeywordsFound(text, rule.keywords) >= rule.min_fields;
}

}  // namespace shoal
