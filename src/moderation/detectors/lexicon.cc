#include "moderation/detectors/lexicon.h"

#include <map>

#include "moderation/lexicons/builtin_lexicon.h"
#include "moderation/normalize.h"

namespace shoal {

bool LexiconDetector::Build(bool builtin, const std::vector<WeightedTerm>& operator_terms, std::string* why) {
  terms_.clear();
  if (builtin)
    for (const auto& t : BuiltinLexicon()) terms_.push_back({t.category, t.term, t.weight, false});
  for (const auto& t : operator_terms) terms_.push_back(t);
  std::vector<std::string> literals;
  literals.reserve(terms_.size());
  for (auto& t : terms_) {
    t.term = Normalize(t.term).text;
    literals.push_back(t.term);
  }
  return set_.Build(literals, why);
}

void LexiconDetector::Detect(std::string_view normalized, std::vector<Detection>* out) const {
  std::vector<size_t> hits = set_.Find(normalized);
  if (hits.empty()) return;
  struct Acc {
    double keep = 1;
    std::string evidence;
    bool op = false;
  };
  std::map<std::string, Acc> by_category;  // ordered: output is deterministic
  for (size_t i : hits) {
    const WeightedTerm& t = terms_[i];
    Acc& a = by_category[(t.operator_list ? "k:" : "l:") + t.category];
    a.keep *= 1 - t.weight;
    if (a.evidence.size() < 60) a.evidence += (a.evidence.empty() ? "" : "|") + t.term;
    a.op = t.operator_list;
  }
  for (auto& [key, a] : by_category) {
    std::string category = key.substr(2);
    double score = 1 - a.keep;
    if (a.op)
      out->push_back({"keyword", VerdictFor(score), score, category + ":" + a.evidence, "keyword:" + category});
    else
      out->push_back({"lexicon", VerdictFor(score), score, category + ":" + a.evidence, "ad:lexicon:" + category});
  }
}

}  // namespace shoal
