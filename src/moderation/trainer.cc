#include "moderation/trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "moderation/content_checker.h"
#include "moderation/model_features.h"
#include "shoal/rng.h"

namespace shoal {
namespace {

// Salted so the held-out slice is independent of any split the caller made by hashing text.
bool HeldOut(const std::string& normalized, double fraction) {
  std::string salted = "calibrate\n" + normalized;
  return static_cast<double>(HashString(salted.data(), salted.size()) % 10000) < fraction * 10000;
}

struct Row {
  bool spam;
  std::string key;    // normalised text
  std::string input;  // ModelInput
};

}  // namespace

double ChooseThreshold(const std::vector<std::pair<double, bool>>& scored, double max_fpr) {
  std::vector<std::pair<double, bool>> s = scored;
  std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  size_t spam = 0, ham = 0;
  for (const auto& [p, y] : s) (y ? spam : ham)++;
  double best_t = 0.5, best_f1 = -1, best_fpr = 2;
  bool best_ok = false;
  size_t tp = 0, fp = 0;
  // Walk down the scores: "spam at p >= t" for every distinct t, ties taken together.
  for (size_t i = 0; i < s.size();) {
    double t = s[i].first;
    while (i < s.size() && s[i].first == t) (s[i++].second ? tp : fp)++;
    double precision = double(tp) / double(tp + fp), recall = spam ? double(tp) / double(spam) : 0;
    double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    double fpr = ham ? double(fp) / double(ham) : 0;
    bool ok = fpr <= max_fpr;
    bool better = ok ? (!best_ok || f1 > best_f1) : (!best_ok && (fpr < best_fpr || (fpr == best_fpr && f1 > best_f1)));
    if (better) best_t = t, best_f1 = f1, best_fpr = fpr, best_ok = ok;
  }
  return std::clamp(best_t, 0.01, 0.999);
}

bool TrainModel(const std::vector<LabelledText>& corpus, const std::vector<LabelledText>& feedback,
                const std::string& model_path, const TrainerOptions& o, TrainSummary* summary,
                std::string* why) {
  TrainSummary local;
  TrainSummary& sum = summary ? *summary : local;
  sum = TrainSummary();
  ContentChecker rules;  // built-in rules only: the model's rule features must not depend on config
  if (!rules.Build(ContentRules{}, why)) return false;
  auto row = [&](const LabelledText& t) {
    ContentResult r = rules.Check(t.text);
    return Row{t.spam, r.norm.text, ModelInput(r.norm, r.detections)};
  };
  // Feedback: the newest label for a text wins; corpus rows with that text are dropped.
  std::map<std::string, size_t> feedback_index;
  std::vector<Row> fb;
  for (const auto& t : feedback) {
    Row r = row(t);
    if (r.key.empty()) continue;
    auto [it, fresh] = feedback_index.emplace(r.key, fb.size());
    if (fresh) fb.push_back(std::move(r));
    else fb[it->second] = std::move(r);
  }
  std::vector<Row> base;
  std::vector<std::string> base_source;
  for (const auto& t : corpus) {
    Row r = row(t);
    if (r.key.empty()) continue;
    if (feedback_index.count(r.key)) {
      ++sum.overridden;
      continue;
    }
    base.push_back(std::move(r));
    base_source.push_back(t.source);
  }
  sum.feedback = fb.size();
  // Held-out rows: from the feedback when it has enough of both classes (the operator's own
  // groups are where the operating point matters), else from everything.
  auto count_held = [&](const std::vector<Row>& rows, size_t* s, size_t* h) {
    *s = *h = 0;
    for (const auto& r : rows)
      if (HeldOut(r.key, o.validation_fraction)) (r.spam ? *s : *h)++;
  };
  size_t fs = 0, fh = 0, bs = 0, bh = 0;
  count_held(fb, &fs, &fh);
  count_held(base, &bs, &bh);
  sum.validation_from_feedback = fs >= o.min_validation_per_class && fh >= o.min_validation_per_class;
  bool calibrate = sum.validation_from_feedback ||
                   (fs + bs >= o.min_validation_per_class && fh + bh >= o.min_validation_per_class);
  std::vector<const Row*> held, fb_train, base_train;
  for (const auto& r : fb) (calibrate && HeldOut(r.key, o.validation_fraction) ? held : fb_train).push_back(&r);
  std::vector<const std::string*> base_train_source;
  for (size_t i = 0; i < base.size(); ++i) {
    if (calibrate && !sum.validation_from_feedback && HeldOut(base[i].key, o.validation_fraction)) {
      held.push_back(&base[i]);
    } else {
      base_train.push_back(&base[i]);
      base_train_source.push_back(&base_source[i]);
    }
  }
  std::map<std::string, size_t> per_source;
  for (const auto* src : base_train_source) ++per_source[*src];

  // The candidates: how much corpus to mix with the feedback. Without feedback, or without
  // held-out data to compare on, the whole corpus.
  std::vector<double> ratios = o.corpus_per_feedback;
  if (fb_train.empty() || !calibrate || ratios.empty()) ratios = {-1};
  std::string trial = model_path + ".trial";
  double best_f1 = -1;
  bool have_best = false;
  std::vector<double> rates = o.learning_rates;
  if (rates.empty() || !calibrate) rates = {o.fasttext.lr};
  std::vector<std::pair<double, double>> candidates;  // (corpus ratio, learning rate)
  for (double ratio : ratios)
    for (double lr : rates) candidates.push_back({ratio, lr});
  for (const auto& [ratio, lr] : candidates) {
    TrainOptions ft = o.fasttext;
    ft.lr = lr;
    // Each source keeps the rows whose hash falls under its quota's share: deterministic,
    // and copies of one text stay in or out together.
    std::vector<TrainingLine> lines;
    double quota = ratio < 0 ? 0 : ratio * static_cast<double>(fb_train.size()) / std::max<size_t>(1, per_source.size());
    for (size_t i = 0; i < base_train.size(); ++i) {
      if (ratio >= 0) {
        double n = static_cast<double>(per_source[*base_train_source[i]]);
        std::string salted = "sample\n" + base_train[i]->key;
        double u = static_cast<double>(HashString(salted.data(), salted.size()) % 10000) / 10000;
        if (n > quota && u >= quota / n) continue;
      }
      lines.push_back({base_train[i]->spam, base_train[i]->input});
    }
    size_t corpus_lines = lines.size();
    int repeat = 1;
    if (!fb_train.empty() && o.feedback_share > 0 && o.feedback_share < 1) {
      double want = o.feedback_share / (1 - o.feedback_share) * static_cast<double>(corpus_lines);
      repeat = std::clamp(static_cast<int>(std::ceil(want / static_cast<double>(fb_train.size()))), 1, o.max_repeat);
    }
    // Spread the feedback's repeats through the file: fastText's learning rate decays along it.
    if (!fb_train.empty()) {
      std::vector<TrainingLine> mixed;
      size_t total_fb = fb_train.size() * static_cast<size_t>(repeat), n = corpus_lines + total_fb;
      mixed.reserve(n);
      for (size_t i = 0, next_fb = 0, bi = 0; i < n; ++i) {
        if (next_fb < total_fb && (bi >= corpus_lines || next_fb * n <= i * total_fb)) {
          const Row* r = fb_train[next_fb++ % fb_train.size()];
          mixed.push_back({r->spam, r->input});
        } else {
          mixed.push_back(std::move(lines[bi++]));
        }
      }
      lines = std::move(mixed);
    }
    if (!Classifier::TrainLines(lines, calibrate ? trial : model_path, ft, why)) return false;
    if (!calibrate) {
      sum.learning_rate = lr;
      sum.corpus = corpus_lines;
      sum.lines = lines.size();
      sum.repeat = repeat;
      return true;
    }
    auto model = Classifier::Load(trial, why);
    if (!model) return false;
    TrainSummary t;
    std::vector<std::pair<double, bool>> scored;
    for (const Row* r : held) {
      scored.push_back({model->Probability(r->input), r->spam});
      (r->spam ? t.validation_spam : t.validation_ham)++;
      if (!r->spam) t.worst_ham.push_back({scored.back().first, r->key});
    }
    t.calibration.present = true;
    t.calibration.threshold = ChooseThreshold(scored, o.max_fpr);
    size_t tp = 0, fp = 0;
    for (const auto& [p, y] : scored)
      if (p >= t.calibration.threshold) (y ? tp : fp)++;
    t.precision = tp + fp ? double(tp) / double(tp + fp) : 0;
    t.recall = t.validation_spam ? double(tp) / double(t.validation_spam) : 0;
    t.fpr = t.validation_ham ? double(fp) / double(t.validation_ham) : 0;
    double f1 = t.precision + t.recall > 0 ? 2 * t.precision * t.recall / (t.precision + t.recall) : 0;
    if (t.fpr > o.max_fpr) f1 -= 1;  // a candidate that misses the FPR budget loses to one that meets it
    if (!have_best || f1 > best_f1) {
      have_best = true;
      best_f1 = f1;
      std::sort(t.worst_ham.begin(), t.worst_ham.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      if (t.worst_ham.size() > 5) t.worst_ham.resize(5);
      sum.calibration = t.calibration;
      sum.validation_spam = t.validation_spam;
      sum.validation_ham = t.validation_ham;
      sum.precision = t.precision;
      sum.recall = t.recall;
      sum.fpr = t.fpr;
      sum.worst_ham = std::move(t.worst_ham);
      sum.corpus = corpus_lines;
      sum.lines = lines.size();
      sum.repeat = repeat;
      sum.corpus_per_feedback = ratio;
      sum.learning_rate = lr;
      std::error_code ec;
      std::filesystem::rename(trial, model_path, ec);
      if (ec) {
        if (why) *why = "cannot write " + model_path + ": " + ec.message();
        return false;
      }
    }
  }
  std::remove(trial.c_str());
  return Classifier::SaveCalibration(model_path, sum.calibration, why);
}

}  // namespace shoal
