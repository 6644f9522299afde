// The stateless part of moderation: normalise one message, run the content detectors
// (contact, lexicons, operator keywords and regexes, classifier) cheapest first, and
// combine their scores. The moderation feature adds the stateful signals (flood,
// cross-group duplicates, newcomer probation); `shoal classify` uses this alone.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/classifier.h"
#include "moderation/detection.h"
#include "moderation/detectors/lexicon.h"
#include "moderation/detectors/regex_rules.h"
#include "moderation/normalize.h"

namespace shoal {

struct ContentRules {
  bool builtin_lexicons = true;
  std::vector<WeightedTerm> keywords;
  std::vector<RegexRule> regexes;
  // For a model without `<model>.calib` only (a calibrated model's score replaces the content
  // rules' noisy-or): its spam probability p counts as a signal of p * weight …
  double classifier_weight = 0.95;
  double classifier_min = 0.5;  // … and below this probability it says nothing
};

struct ContentResult {
  NormalizedText norm;
  std::vector<Detection> detections;
  double score = 0;  // noisy-or of the detections
  // The strongest detection, or null when nothing fired.
  const Detection* top() const;
};

class ContentChecker {
 public:
  // False with *why when a keyword list or regex cannot be compiled.
  bool Build(const ContentRules& rules, std::string* why);
  void SetClassifier(std::shared_ptr<const Classifier> model) { model_ = std::move(model); }
  bool has_classifier() const { return model_ != nullptr; }
  ContentResult Check(std::string_view text) const;

 private:
  ContentRules rules_;
  LexiconDetector lexicon_;
  RegexRules regexes_;
  std::shared_ptr<const Classifier> model_;
};

// "detector:evidence,detector:evidence" (commas and tabs in evidence replaced), for the CLI and audit.
std::string EvidenceList(const std::vector<Detection>& ds);

}  // namespace shoal
