// The built-in lexicons for banned topics (gambling, porn, drugs, fraud, loans) and the
// weaker lead-out and selling cues, as (category, normalised term, weight) rows.
#pragma once
#include <vector>

namespace shoal {

struct LexiconTerm {
  const char* category;
  const char* term;
  double weight;
};

const std::vector<LexiconTerm>& BuiltinLexicon();

}  // namespace shoal
