// Word-list detector: the built-in topic lexicons plus the operator's keyword lists,
// all matched in one vectorscan pass over the normalised text. One Detection per
// category that matched, its score the noisy-or of the matched terms' weights.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "moderation/detection.h"
#include "moderation/literal_set.h"

namespace shoal {

struct WeightedTerm {
  std::string category;  // "gambling", …; operator keywords use their list's name
  std::string term;      // as written; normalised when the detector is built
  double weight = 1;
  bool operator_list = false;  // detector "keyword" (reason "keyword:<category>") instead of "lexicon"
};

class LexiconDetector {
 public:
  // builtin: include the built-in lexicons. Returns false with *why if the set cannot be compiled.
  bool Build(bool builtin, const std::vector<WeightedTerm>& operator_terms, std::string* why = nullptr);
  void Detect(std::string_view normalized, std::vector<Detection>* out) const;
  size_t size() const { return terms_.size(); }

 private:
  std::vector<WeightedTerm> terms_;  // normalised
  LiteralSet set_;
};

}  // namespace shoal
