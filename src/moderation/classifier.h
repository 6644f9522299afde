// The statistical spam classifier: fastText (supervised) over tokens of the normalised
// text, Chinese split into characters (fastText adds the n-grams), numbers and links
// reduced to their shape, plus the content rules' hits (moderation/model_features.h).
// Trained by `shoal train` (moderation/trainer.h), which also writes `<model>.calib`.
// A missing or corrupt model or calibration is a clear error from Load; callers then run
// on rules alone.
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
// The plain-fastText baseline's tokens: the raw text as fastText reads it (whitespace words),
// with each CJK character made a word, since Chinese has no spaces for fastText to split on.
std::string PlainTokens(std::string_view text);

struct TrainOptions {
  int epoch = 15;
  int dim = 32;
  double lr = 0.5;
  int word_ngrams = 3;  // chosen on held-out data (QQ-group feedback): trigrams of CJK characters beat bigrams
  int bucket = 200000;
  int seed = 1;
};

// One fastText training line: a label and the model input (ModelInput or PlainTokens).
struct TrainingLine {
  bool spam = false;
  std::string input;
};

// How a trained model's probability becomes a moderation score, chosen on held-out data by
// the trainer and kept beside the model as `<model>.calib`. Without it (older models) the
// content checker uses the probability as one more noisy-or signal.
struct Calibration {
  bool present = false;
  double threshold = 0.5;  // probability at which the model says spam
  // Maps a probability to a score so that `threshold` lands on kSpamScore: the policy's default
  // threshold then acts exactly at the calibrated operating point.
  double Score(double p) const;
  static constexpr double kSpamScore = 0.9;
};

struct LabelledText {
  bool spam = false;
  std::string text;  // original text
  std::string source;  // where it came from (a file name): the trainer balances sources
};

// Reads TSV `spam|ham<TAB>text`; bad lines are counted in *bad (with the first line number in *why).
std::vector<LabelledText> ReadLabelledTsv(const std::string& path, size_t* bad, std::string* why);

class Classifier {
 public:
  ~Classifier();
  // Null with *why when the file is missing, not a fastText model, or has no spam/ham labels.
  static std::unique_ptr<Classifier> Load(const std::string& path, std::string* why);
  // Trains and writes a model file (removing a stale `<model>.calib`). False with *why on
  // failure (no samples of one class, I/O). moderation/trainer.h builds the lines.
  static bool TrainLines(const std::vector<TrainingLine>& lines, const std::string& model_path,
                         const TrainOptions& options, std::string* why);
  // Writes `<model>.calib`. False with *why on I/O failure.
  static bool SaveCalibration(const std::string& model_path, const Calibration& c, std::string* why);

  // Probability (0..1) that the message is spam, from its model input line (ModelInput).
  double Probability(std::string_view model_input) const;
  // Same on raw text, for models trained on PlainTokens lines (the evaluation's baseline).
  double SpamProbabilityRaw(std::string_view text) const;
  const Calibration& calibration() const { return calibration_; }

 private:
  Classifier() = default;
  double Predict(const std::string& tokens) const;
  std::unique_ptr<fasttext::FastText> ft_;
  int spam_label_ = -1;
  Calibration calibration_;
};

}  // namespace shoal
