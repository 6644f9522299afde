// The statistical spam classifier: fastText (supervised) over tokens of the normalised
// text, Chinese split into characters (fastText adds the bigrams), numbers and links
// reduced to their shape. Trained by `shoal train` from TSV `spam|ham<TAB>text`.
// A missing or corrupt model is a clear error from Load; callers then run on rules alone.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fasttext {
class FastText;
}

namespace shoal {

// Space-separated classifier tokens for normalised text.
std::string ClassifierTokens(std::string_view normalized);

struct TrainOptions {
  int epoch = 15;
  int dim = 32;
  double lr = 0.5;
  int word_ngrams = 2;
  int bucket = 200000;
  int seed = 1;
  bool normalize = true;  // false: raw whitespace tokens (the plain-fastText baseline in the evaluation)
};

struct LabelledText {
  bool spam = false;
  std::string text;  // original text
};

// Reads TSV `spam|ham<TAB>text`; bad lines are counted in *bad (with the first line number in *why).
std::vector<LabelledText> ReadLabelledTsv(const std::string& path, size_t* bad, std::string* why);

class Classifier {
 public:
  ~Classifier();
  // Null with *why when the file is missing, not a fastText model, or has no spam/ham labels.
  static std::unique_ptr<Classifier> Load(const std::string& path, std::string* why);
  // Trains and writes a model file. False with *why on failure (no samples of one class, I/O).
  static bool Train(const std::vector<LabelledText>& samples, const std::string& model_path,
                    const TrainOptions& options, std::string* why);
  // Probability (0..1) that the message is spam, from its normalised text.
  double SpamProbability(std::string_view normalized) const;
  // Same on raw text with whitespace tokens: only for models trained with normalize = false.
  double SpamProbabilityRaw(std::string_view text) const;

 private:
  Classifier() = default;
  double Predict(const std::string& tokens) const;
  std::unique_ptr<fasttext::FastText> ft_;
  int spam_label_ = -1;
};

}  // namespace shoal
