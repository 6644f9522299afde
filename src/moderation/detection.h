// What every moderation detector returns: which detector, how sure, and the evidence
// an operator reads in the audit log ("qq:812294909", "lexicon gambling: 百家乐").
#pragma once
#include <string>
#include <vector>

namespace shoal {

enum class Verdict : uint8_t { kHam = 0, kSuspect = 1, kSpam = 2 };

struct Detection {
  std::string detector;  // "contact", "lexicon", "keyword", "regex", "flood", "dup", "probation", "classifier"
  Verdict verdict = Verdict::kSuspect;
  double score = 0;       // 0..1: this detector's confidence that the message breaks a rule
  std::string evidence;   // short, human-readable: what matched
  std::string reason;     // machine-readable action reason: "ad:contact", "ad:lexicon:gambling", "flood"
  // Shown as evidence, but its weight is already inside another detection's score (a
  // calibrated classifier reads the rule hits as features), so CombineScores skips it.
  bool folded = false;
};

inline Verdict VerdictFor(double score) {
  return score >= 0.9 ? Verdict::kSpam : score >= 0.5 ? Verdict::kSuspect : Verdict::kHam;
}

// Independent signals combine as a noisy-or: two weak hints make a stronger one, never certainty.
inline double CombineScores(const std::vector<Detection>& ds) {
  double keep = 1;
  for (const auto& d : ds)
    if (!d.folded) keep *= 1 - std::min(1.0, std::max(0.0, d.score));
  return 1 - keep;
}

}  // namespace shoal
