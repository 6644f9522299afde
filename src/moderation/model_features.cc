#include "moderation/model_features.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "moderation/utf8.h"

namespace shoal {

bool IsModelFeatureDetector(std::string_view detector) {
  return detector == "contact" || detector == "lexicon" || detector == "obfuscation";
}

namespace {

bool IsAlphabetic(char32_t c) { return (c >= 0x0400 && c <= 0x052F) || (c >= 0x0370 && c <= 0x03FF); }

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

constexpr std::array<std::string_view, 13> kDigitShapes = {"#d0", "#d1", "#d2", "#d3", "#d4",  "#d5", "#d6",
                                                           "#d7", "#d8", "#d9", "#d10", "#d11", "#d12"};
constexpr std::array<std::string_view, 13> kLengthBuckets = {"#len0", "#len1", "#len2",  "#len3",  "#len4",
                                                             "#len5", "#len6", "#len7",  "#len8",  "#len9",
                                                             "#len10", "#len11", "#len12"};
constexpr std::array<std::string_view, 10> kScoreBuckets = {"#rs0", "#rs1", "#rs2", "#rs3", "#rs4",
                                                            "#rs5", "#rs6", "#rs7", "#rs8", "#rs9"};

class Joiner final : public ModelTokenSink {
 public:
  explicit Joiner(std::string* out) : out_(out) {}
  void Token(std::string_view t) override {
    if (!out_->empty()) out_->push_back(' ');
    out_->append(t);
  }

 private:
  std::string* out_;
};

}  // namespace

void EmitTextTokens(std::string_view t, ModelTokenSink* sink) {
  size_t i = 0;
  while (i < t.size()) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c >= '0' && c <= '9') {
      size_t j = i;
      while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
      // Up to three digits are a value worth keeping (a level, a price); longer ones a shape.
      if (j - i <= 3) sink->Token(t.substr(i, j - i));
      else sink->Token(kDigitShapes[std::min<size_t>(j - i, 12)]);
      i = j;
    } else if (c >= 'a' && c <= 'z') {
      size_t j = i;
      while (j < t.size() && ((t[j] >= 'a' && t[j] <= 'z') || t[j] == '_' || (t[j] >= '0' && t[j] <= '9'))) ++j;
      std::string_view word = t.substr(i, j - i);
      if ((word == "http" || word == "https") && t.substr(j, 3) == "://") {
        sink->Token("#url");
        while (j < t.size() && static_cast<unsigned char>(t[j]) > ' ' && static_cast<unsigned char>(t[j]) < 0x80) ++j;
      } else {
        sink->Token(word.substr(0, 24));
      }
      i = j;
    } else if (c < 0x80) {
      if (c == '!' || c == '$' || c == '?' || c == '@' || c == '+' || c == '%') sink->Token(t.substr(i, 1));
      ++i;
    } else {
      size_t start = i;
      char32_t cp = utf8::Next(t, &i);
      if (cp == 0x3000 || cp == 0xFFFD) continue;
      if (IsAlphabetic(cp)) {  // Cyrillic and Greek: words stay together
        size_t j = i;
        while (j < t.size()) {
          size_t k = j;
          if (!IsAlphabetic(utf8::Next(t, &k))) break;
          j = k;
        }
        sink->Token(t.substr(start, j - start));
        i = j;
        continue;
      }
      sink->Token(t.substr(start, i - start));  // one CJK character (or symbol) per token
    }
  }
}

void EmitModelTokens(const NormalizedText& norm, const std::vector<Detection>& detections, ModelTokenSink* sink) {
  EmitTextTokens(norm.text, sink);
  // Most messages have no rule hit: then there is nothing to sort and nothing to allocate.
  std::vector<std::string> tags;
  double keep = 1;
  for (const auto& d : detections) {
    if (!IsModelFeatureDetector(d.detector)) continue;
    keep *= 1 - std::clamp(d.score, 0.0, 1.0);
    std::string kind = Kind(d);
    std::string tag = "#r_" + d.detector + (kind.empty() ? "" : "_" + kind);
    if (d.score >= 0.9) tags.push_back(tag + "_strong");
    tags.push_back(std::move(tag));
  }
  // Ordered and unique: the input does not depend on the order detectors ran in.
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  for (const auto& tag : tags) sink->Token(tag);
  int rules_bucket = static_cast<int>((1 - keep) * 10);
  sink->Token(kScoreBuckets[std::clamp(rules_bucket, 0, 9)]);
  size_t chars = 0;
  for (unsigned char c : norm.text) chars += (c & 0xC0) != 0x80;  // code points: count lead bytes
  int len_bucket = chars == 0 ? 0 : static_cast<int>(std::log2(static_cast<double>(chars))) + 1;
  sink->Token(kLengthBuckets[std::min(len_bucket, 12)]);
}

std::string ModelInput(const NormalizedText& norm, const std::vector<Detection>& detections) {
  std::string out;
  out.reserve(norm.text.size() * 2 + 16);
  Joiner j(&out);
  EmitModelTokens(norm, detections, &j);
  return out;
}

}  // namespace shoal
