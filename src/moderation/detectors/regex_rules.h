// Operator regexes, RE2 only: matching time is linear in the text, so a rule can never
// hang a shard on crafted input. A pattern RE2 refuses (backreferences, look-around, too
// large) is a config error that `shoal check` reports with RE2's reason.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/detection.h"

namespace re2 {
class RE2;
}

namespace shoal {

struct RegexRule {
  std::string name;     // reason suffix: "regex:<name>"
  std::string pattern;  // matched against normalised text
  double score = 1;
};

class RegexRules {
 public:
  RegexRules();
  ~RegexRules();
  RegexRules(RegexRules&&) noexcept;
  RegexRules& operator=(RegexRules&&) noexcept;
  // Compiles one rule; false with *why (RE2's error) when it does not compile.
  bool Add(const RegexRule& rule, std::string* why);
  void Detect(std::string_view normalized, std::vector<Detection>* out) const;
  size_t size() const { return rules_.size(); }

 private:
  std::vector<RegexRule> rules_;
  std::vector<std::unique_ptr<re2::RE2>> compiled_;
};

}  // namespace shoal
