#include "moderation/model_features.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "moderation/classifier.h"
#include "moderation/utf8.h"

namespace shoal {

bool IsModelFeatureDetector(std::string_view detector) {
  return detector == "contact" || detector == "lexicon" || detector == "obfuscation";
}

namespace {

// "qq:812294909" -> "qq"; "selling:出售|私聊" -> "selling". Tags stay ASCII and short.
std::string Kind(const Detection& d) {
  if (d.detector == "obfuscation") return "";
  std::string_view e = d.evidence;
  e = e.substr(0, e.find(':'));
  std::string out;
  for (char c : e)
    if ((c >= 'a' && c <= 'z') || c == '-') out.push_back(c);
  return out;
}

}  // namespace

std::string ModelInput(const NormalizedText& norm, const std::vector<Detection>& detections) {
  std::string out = ClassifierTokens(norm.text);
  std::set<std::string> tags;  // ordered and unique: the line does not depend on detector order
  std::vector<Detection> rules;
  for (const auto& d : detections) {
    if (!IsModelFeatureDetector(d.detector)) continue;
    rules.push_back(d);
    std::string kind = Kind(d);
    std::string tag = "#r_" + d.detector + (kind.empty() ? "" : "_" + kind);
    tags.insert(tag);
    if (d.score >= 0.9) tags.insert(tag + "_strong");
  }
  for (const auto& t : tags) out += " " + t;
  int rules_bucket = static_cast<int>(CombineScores(rules) * 10);
  out += " #rs" + std::to_string(std::min(rules_bucket, 9));
  size_t chars = 0;
  for (size_t i = 0; i < norm.text.size();) {
    utf8::Next(norm.text, &i);
    ++chars;
  }
  int len_bucket = chars == 0 ? 0 : static_cast<int>(std::log2(static_cast<double>(chars))) + 1;
  out += " #len" + std::to_string(std::min(len_bucket, 12));
  return out;
}

}  // namespace shoal
