#include "moderation/detectors/regex_rules.h"

#include <re2/re2.h>

namespace shoal {

RegexRules::RegexRules() = default;
RegexRules::~RegexRules() = default;
RegexRules::RegexRules(RegexRules&&) noexcept = default;
RegexRules& RegexRules::operator=(RegexRules&&) noexcept = default;

bool RegexRules::Add(const RegexRule& rule, std::string* why) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(2 << 20);  // a rule that needs more than 2 MB of automaton is refused
  auto re = std::make_unique<RE2>(rule.pattern, options);
  if (!re->ok()) {
    if (why) *why = re->error();
    return false;
  }
  rules_.push_back(rule);
  compiled_.push_back(std::move(re));
  return true;
}

void RegexRules::Detect(std::string_view normalized, std::vector<Detection>* out) const {
  for (size_t i = 0; i < compiled_.size(); ++i) {
    re2::StringPiece text(normalized.data(), normalized.size()), match;
    if (!compiled_[i]->Match(text, 0, text.size(), RE2::UNANCHORED, &match, 1)) continue;
    std::string ev(match.data(), std::min<size_t>(match.size(), 60));
    out->push_back({"regex", VerdictFor(rules_[i].score), rules_[i].score, rules_[i].name + ":" + ev,
                    "regex:" + rules_[i].name});
  }
}

}  // namespace shoal
