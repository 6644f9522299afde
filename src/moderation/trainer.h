// Trains the moderation model from a corpus and an operator's feedback (messages they
// labelled spam or ham), and picks its operating point. Feedback wins over the corpus for
// the same (normalised) text and is repeated so a few hundred local labels are not drowned
// by a large corpus. Part of the labelled data is held out (by a hash of the text, so
// copies stay together) to choose the probability threshold with the best F1 at a false-
// positive rate of at most max_fpr; that threshold is saved as `<model>.calib`.
#pragma once
#include <string>
#include <vector>

#include "moderation/classifier.h"

namespace shoal {

struct TrainerOptions {
  TrainOptions fasttext;
  // With feedback, the corpus is sampled down to this many rows per feedback row, shared
  // evenly between its sources, so a large generic corpus does not decide what counts as
  // spam in the operator's groups. One model is trained per candidate and the one with the
  // best held-out F1 is kept (-1: the whole corpus; 0: feedback alone).
  std::vector<double> corpus_per_feedback = {0, 1, 4};
  // Tried for each corpus mix, the same way (fastText's lr; empty: fasttext.lr alone).
  std::vector<double> learning_rates = {0.5, 0.2};
  double feedback_share = 0.3;       // feedback is repeated until it is at least this share of the lines …
  int max_repeat = 20;               // … but at most this many times
  double validation_fraction = 0.2;  // held out from the feedback (or from everything, if feedback is small)
  size_t min_validation_per_class = 10;  // fewer held-out spam or ham: no calibration is written
  double max_fpr = 0.005;            // the operating point's false-positive rate on held-out data
};

struct TrainSummary {
  size_t corpus = 0, feedback = 0;  // rows used from each (feedback: distinct texts)
  size_t overridden = 0;            // corpus rows whose label feedback replaced
  double corpus_per_feedback = -1;  // the candidate kept
  double learning_rate = 0;
  size_t lines = 0;                 // training lines written (after repeats)
  int repeat = 1;                   // how many times each feedback row was written
  size_t validation_spam = 0, validation_ham = 0;
  bool validation_from_feedback = false;
  Calibration calibration;          // present when enough data was held out
  double precision = 0, recall = 0, fpr = 0;  // at the threshold, on held-out data
  // The held-out ham the model liked least (probability, normalised text), highest first:
  // what an operator reads to see why the threshold sits where it does.
  std::vector<std::pair<double, std::string>> worst_ham;
};

// False with *why when there is not enough of both classes or a file cannot be written.
bool TrainModel(const std::vector<LabelledText>& corpus, const std::vector<LabelledText>& feedback,
                const std::string& model_path, const TrainerOptions& options, TrainSummary* summary,
                std::string* why);

// The threshold with the best F1 among those with FPR <= max_fpr on (probability, is spam)
// pairs; when none qualifies, the one with the lowest FPR. Exposed for tests.
double ChooseThreshold(const std::vector<std::pair<double, bool>>& scored, double max_fpr);

}  // namespace shoal
