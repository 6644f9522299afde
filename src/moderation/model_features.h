// The classifier's input for one message: the normalised text as tokens (CJK characters
// one by one, numbers of four or more digits and links reduced to their shape), then one
// tag per content-rule hit ("#r_contact_qq", "#r_lexicon_selling", "#r_obfuscation"), the
// rules' combined score and the message length as buckets. Training writes it as a line
// (ModelInput); prediction streams the same tokens (EmitModelTokens) without building the
// line, so the model learns how much each rule hit is worth in the groups it was trained on.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "moderation/detection.h"
#include "moderation/normalize.h"

namespace shoal {

// Receives model-input tokens in order. A token is never empty and holds no whitespace.
class ModelTokenSink {
 public:
  virtual void Token(std::string_view token) = 0;

 protected:
  ~ModelTokenSink() = default;
};

// True for the detectors whose hits are model features (contact, lexicon, obfuscation).
// With a calibrated model their weight is in the classifier's score (Detection::folded).
bool IsModelFeatureDetector(std::string_view detector);

// The tokens of the normalised text alone (no rule tags).
void EmitTextTokens(std::string_view normalized, ModelTokenSink* sink);
// Every token of the model input: the text's, then the rule tags, score and length buckets.
void EmitModelTokens(const NormalizedText& norm, const std::vector<Detection>& detections, ModelTokenSink* sink);
// The same tokens joined by single spaces: one fastText training line without its label.
std::string ModelInput(const NormalizedText& norm, const std::vector<Detection>& detections);

}  // namespace shoal
