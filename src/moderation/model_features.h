// The classifier's input line for one message: the normalised text as tokens
// (ClassifierTokens), then one tag per content-rule hit ("#r_contact_qq",
// "#r_lexicon_selling", "#r_obfuscation"), the rules' combined score and the message
// length as buckets. Training and prediction build it the same way, so the model learns
// how much each rule hit is worth in the groups it was trained on.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "moderation/detection.h"
#include "moderation/normalize.h"

namespace shoal {

// True for the detectors whose hits are model features (contact, lexicon, obfuscation).
// With a calibrated model their weight is in the classifier's score (Detection::folded).
bool IsModelFeatureDetector(std::string_view detector);

std::string ModelInput(const NormalizedText& norm, const std::vector<Detection>& detections);

}  // namespace shoal
