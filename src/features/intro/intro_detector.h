// Does a message look like a self-introduction? Long enough (code points after
// trimming) and mentioning enough of the template's field words ("城市", "职业",
// "爱好"). Pure and tested alone.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

struct IntroRule {
  std::vector<std::string> keywords;
  int64_t min_fields = 0;
  int64_t min_length = 20;
};

// How many distinct keywords occur in the text.
int64_t KeywordsFound(std::string_view text, const std::vector<std::string>& keywords);
bool LooksLikeIntro(std::string_view text, const IntroRule& rule);

}  // namespace shoal
