#include "moderation/content_checker.h"

#include <algorithm>

#include "moderation/detectors/contact.h"
#include "moderation/model_features.h"

namespace shoal {

const Detection* ContentResult::top() const {
  const Detection* best = nullptr;
  for (const auto& d : detections)
    if (!best || d.score > best->score) best = &d;
  return best;
}

bool ContentChecker::Build(const ContentRules& rules, std::string* why) {
  rules_ = rules;
  if (!lexicon_.Build(rules.builtin_lexicons, rules.keywords, why)) return false;
  regexes_ = RegexRules();
  for (const auto& r : rules.regexes) {
    std::string e;
    if (!regexes_.Add(r, &e)) {
      if (why) *why = "regex '" + r.pattern + "': " + e;
      return false;
    }
  }
  return true;
}

ContentResult ContentChecker::Check(std::string_view text) const {
  ContentResult r;
  r.norm = Normalize(text);
  const std::string& t = r.norm.text;
  if (t.empty()) return r;
  DetectContacts(t, &r.detections);
  lexicon_.Detect(t, &r.detections);
  regexes_.Detect(t, &r.detections);
  uint32_t tricks = r.norm.obfuscation();
  if (tricks >= 2) {
    double s = std::min(0.6, 0.2 + 0.1 * tricks);
    r.detections.push_back({"obfuscation", VerdictFor(s), s,
                            "invisible=" + std::to_string(r.norm.invisible) +
                                " homoglyph=" + std::to_string(r.norm.homoglyph_words) +
                                " joined=" + std::to_string(r.norm.joined_separators) +
                                " numerals=" + std::to_string(r.norm.chinese_numerals),
                            "ad:obfuscated"});
  }
  if (model_ && model_->calibration().present) {
    // A calibrated model has learned what the content rules' hits are worth here: its score
    // replaces theirs (they stay as evidence). Operator keywords and regexes still add up.
    double p = model_->Probability(r.norm, r.detections);
    double s = model_->calibration().Score(p);
    for (auto& d : r.detections) d.folded = IsModelFeatureDetector(d.detector);
    char buf[48];
    std::snprintf(buf, sizeof buf, "p=%.3f at=%.3f", p, model_->calibration().threshold);
    r.detections.push_back({"classifier", VerdictFor(s), s, buf, "ad:classifier"});
  } else if (model_) {
    double p = model_->Probability(r.norm, r.detections);
    if (p >= rules_.classifier_min) {
      double s = p * rules_.classifier_weight;
      char buf[32];
      std::snprintf(buf, sizeof buf, "p=%.3f", p);
      r.detections.push_back({"classifier", VerdictFor(s), s, buf, "ad:classifier"});
    }
  }
  r.score = CombineScores(r.detections);
  return r;
}

std::string EvidenceList(const std::vector<Detection>& ds) {
  std::string out;
  for (const auto& d : ds) {
    if (!out.empty()) out.push_back(',');
    out += d.detector;
    out.push_back(':');
    for (char c : d.evidence) out.push_back(c == ',' || c == '\t' || c == '\n' ? ' ' : c);
  }
  return out;
}

}  // namespace shoal
