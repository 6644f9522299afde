// The statistical spam classifier: fastText (supervised) over tokens of the normalised
// text, Chinese split into characters (fastText adds the n-grams), numbers and links
// reduced to their shape, plus the content rules' hits (moderation/model_features.h).
// Trained by `shoal train` (moderation/trainer.h), which also writes `<model>.calib`.
// A missing or corrupt model or calibration is a clear error from Load; callers then run
// on rules alone. Prediction reads the tokens straight from the checker (no text line is
// built or parsed) and computes fastText's softmax over its two labels in closed form.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "moderation/model_features.h"

namespace fasttext {
class FastText;
}

namespace shoal {

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

  // Probability (0..1) that the message is spam, from the checker's normalised text and
  // content-rule hits (the tokens of EmitModelTokens). Thread-safe; allocates nothing for
  // messages of up to a few hundred tokens.
  double Probability(const NormalizedText& norm, const std::vector<Detection>& detections) const;
  // Same from a model input line (ModelInput: tokens separated by whitespace).
  double Probability(std::string_view model_input) const;
  // fastText's own reader and predictor on a line: the reference the fast path is tested
  // against, and how the evaluation's plain baseline is scored.
  double FastTextProbability(std::string_view line) const;
  // FastTextProbability on raw text, for models trained on PlainTokens lines (the baseline).
  double SpamProbabilityRaw(std::string_view text) const;
  const Calibration& calibration() const { return calibration_; }

 private:
  class Scorer;
  Classifier() = default;
  // False for models the closed form cannot read (quantised ones); they use fastText's path.
  bool PrepareFastPath();
  // A dictionary entry as the fast path looks it up, in 16 bytes so the table stays in cache:
  // the hash, the row's margin and, for words of up to three bytes (one CJK character, most
  // tokens), the text that confirms the match; longer words are confirmed against entries_.
  struct Slot {
    uint32_t hash = 0;
    int32_t id = -1;  // fastText id; -1: empty slot
    float margin = 0;
    uint8_t size = 0;  // the word's length, 255 for 255 and longer
    char text[3] = {};
  };
  const Slot* Find(std::string_view word, uint32_t hash) const;  // null: not in the dictionary
  std::unique_ptr<fasttext::FastText> ft_;
  int spam_label_ = -1;
  Calibration calibration_;
  // The fast path. fastText's hidden layer is the mean of the input rows and it has two
  // labels, so logit(spam) - logit(ham) is the mean of one number per row: row_margin_.
  bool fast_ = false;
  int32_t nwords_ = 0, bucket_ = 0, word_ngrams_ = 1;
  std::vector<float> row_margin_;         // per input row (words, then n-gram buckets)
  std::vector<std::string> entries_;      // dictionary words and labels by fastText id
  std::vector<Slot> slots_;               // open addressing by fastText's word hash
  uint32_t slot_mask_ = 0;
};

}  // namespace shoal
