#include "moderation/classifier.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fasttext/fasttext.h>

#include "moderation/utf8.h"

namespace shoal {

std::string PlainTokens(std::string_view t) {
  std::string out;
  out.reserve(t.size() + t.size() / 2);
  for (size_t i = 0; i < t.size();) {
    size_t start = i;
    char32_t cp = utf8::Next(t, &i);
    bool cjk = (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x3000 && cp <= 0x303F) ||
               (cp >= 0xFF00 && cp <= 0xFFEF);
    if (cjk && !out.empty() && out.back() != ' ') out.push_back(' ');
    out.append(t.substr(start, i - start));
    if (cjk) out.push_back(' ');
  }
  return out;
}

double Calibration::Score(double p) const {
  if (!present) return p;
  double t = std::clamp(threshold, 1e-6, 1 - 1e-6);
  return p < t ? p / t * kSpamScore : kSpamScore + (p - t) / (1 - t) * (1 - kSpamScore);
}

std::vector<LabelledText> ReadLabelledTsv(const std::string& path, size_t* bad, std::string* why) {
  std::vector<LabelledText> out;
  std::ifstream in(path);
  if (!in) {
    if (why) *why = "cannot open " + path;
    return out;
  }
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    std::string label = tab == std::string::npos ? "" : line.substr(0, tab);
    if (label != "spam" && label != "ham") {
      if (bad) ++*bad;
      if (why && why->empty()) *why = path + ":" + std::to_string(n) + ": expected `spam|ham<TAB>text`";
      continue;
    }
    out.push_back({label == "spam", line.substr(tab + 1)});
  }
  return out;
}

Classifier::~Classifier() = default;

std::unique_ptr<Classifier> Classifier::Load(const std::string& path, std::string* why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (why) *why = "model file " + path + " not found";
    return nullptr;
  }
  int32_t magic = 0, version = 0;
  in.read(reinterpret_cast<char*>(&magic), 4);
  in.read(reinterpret_cast<char*>(&version), 4);
  if (!in || magic != 793712314 || version < 11 || version > 12) {  // fastText's FASTTEXT_FILEFORMAT_MAGIC_INT32
    if (why) *why = "model file " + path + " is not a fastText model (bad header)";
    return nullptr;
  }
  in.close();
  std::unique_ptr<Classifier> c(new Classifier());
  c->ft_ = std::make_unique<fasttext::FastText>();
  try {
    c->ft_->loadModel(path);
  } catch (const std::exception& e) {
    if (why) *why = "model file " + path + " is corrupt: " + e.what();
    return nullptr;
  } catch (...) {
    if (why) *why = "model file " + path + " is corrupt";
    return nullptr;
  }
  auto dict = c->ft_->getDictionary();
  for (int32_t i = 0; i < dict->nlabels(); ++i)
    if (dict->getLabel(i) == "__label__spam") c->spam_label_ = i;
  if (c->spam_label_ < 0 || dict->nlabels() != 2) {
    if (why) *why = "model file " + path + " has no spam/ham labels";
    return nullptr;
  }
  // The calibration is optional (older models have none); a damaged one is an error, since
  // guessing a threshold would silently change who gets removed.
  std::ifstream cal(path + ".calib");
  if (cal) {
    std::string key;
    double threshold = -1;
    if (!(cal >> key >> threshold) || key != "threshold" || !(threshold > 0 && threshold < 1)) {
      if (why) *why = "calibration file " + path + ".calib is corrupt (expected `threshold <0..1>`)";
      return nullptr;
    }
    c->calibration_.present = true;
    c->calibration_.threshold = threshold;
  }
  c->fast_ = c->PrepareFastPath();
  return c;
}

double Classifier::FastTextProbability(std::string_view line) const {
  std::istringstream in(std::string(line) + "\n");
  std::vector<int32_t> words, labels;
  ft_->getDictionary()->getLine(in, words, labels);
  if (words.empty()) return 0;
  fasttext::Predictions preds;
  ft_->predict(2, words, preds, 0.0);
  for (const auto& [logp, label] : preds)
    if (label == spam_label_) return std::exp(logp);
  return 0;
}

double Classifier::SpamProbabilityRaw(std::string_view text) const { return FastTextProbability(PlainTokens(text)); }

namespace {

// fastText's word hash (FNV-1a over signed bytes), as its dictionary and n-gram buckets use it.
uint32_t FastTextHash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<uint32_t>(static_cast<int8_t>(c));
    h *= 16777619u;
  }
  return h;
}

constexpr std::string_view kEndOfLine = "</s>";  // fastText's EOS: every line ends with it
constexpr std::string_view kLabelPrefix = "__label__";
constexpr int kMaxNgrams = 8;

}  // namespace

// Feeds tokens the way fastText's Dictionary::getLine reads a line: known words add their
// row, every word (known or not) adds its hash to the n-gram chains, and each chain of 2..n
// consecutive hashes adds the row of its bucket. The sum of the rows' margins over their
// count is fastText's logit difference.
class Classifier::Scorer final : public ModelTokenSink {
 public:
  explicit Scorer(const Classifier& c) : c_(c) {}
  void Token(std::string_view token) override {
    uint32_t h = FastTextHash(token);
    const Slot* word = c_.Find(token, h);
    if (word ? word->id >= c_.nwords_ : token.substr(0, kLabelPrefix.size()) == kLabelPrefix) return;  // a label
    if (word) {
      sum_ += word->margin;
      ++rows_;
    }
    // fastText keeps word hashes as int32 and widens them with sign extension.
    uint64_t wide = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(h)));
    const int open = c_.word_ngrams_ - 1;  // chains still growing: those started by the last n-1 words
    for (int k = 0; k < chains_ && k < open; ++k) {
      chain_[k] = chain_[k] * 116049371u + wide;
      AddRow(c_.nwords_ + static_cast<int32_t>(chain_[k] % static_cast<uint64_t>(c_.bucket_)));
    }
    // The oldest chain has reached n words: drop it; start one at this word.
    if (open > 0) {
      int keep = std::min(chains_, open - 1);
      for (int k = keep; k > 0; --k) chain_[k] = chain_[k - 1];
      chain_[0] = wide;
      chains_ = keep + 1;
    }
  }
  double Probability() {
    Token(kEndOfLine);
    if (rows_ == 0) return 0;
    double margin = sum_ / rows_;
    return 1 / (1 + std::exp(-margin));
  }

 private:
  // The n-gram rows are most of the cost: the bucket table is larger than the cache.
  void AddRow(int32_t row) {
    sum_ += c_.row_margin_[static_cast<size_t>(row)];
    ++rows_;
  }
  const Classifier& c_;
  double sum_ = 0;
  int64_t rows_ = 0;
  uint64_t chain_[kMaxNgrams] = {};  // newest chain first
  int chains_ = 0;
};

bool Classifier::PrepareFastPath() {
  fasttext::Args args = ft_->getArgs();
  if (args.model != fasttext::model_name::sup || args.loss != fasttext::loss_name::softmax || args.maxn > 0 ||
      args.wordNgrams < 1 || args.wordNgrams > kMaxNgrams || (args.wordNgrams > 1 && args.bucket <= 0))
    return false;
  std::shared_ptr<const fasttext::DenseMatrix> in, out;
  try {
    in = ft_->getInputMatrix();
    out = ft_->getOutputMatrix();
  } catch (...) {
    return false;  // quantised
  }
  auto dict = ft_->getDictionary();
  nwords_ = dict->nwords();
  bucket_ = args.bucket;
  word_ngrams_ = args.wordNgrams;
  int64_t rows = in->rows(), dim = in->cols();
  if (out->rows() != 2 || out->cols() != dim || rows < nwords_ + (word_ngrams_ > 1 ? bucket_ : 0)) return false;
  int ham = 1 - spam_label_;
  row_margin_.resize(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    double m = 0;
    for (int64_t j = 0; j < dim; ++j) m += double(in->at(r, j)) * (double(out->at(spam_label_, j)) - double(out->at(ham, j)));
    row_margin_[static_cast<size_t>(r)] = static_cast<float>(m);
  }
  int32_t entries = nwords_ + dict->nlabels();
  entries_.clear();
  for (int32_t i = 0; i < nwords_; ++i) entries_.push_back(dict->getWord(i));
  for (int32_t i = 0; i < dict->nlabels(); ++i) entries_.push_back(dict->getLabel(i));
  uint32_t size = 16;
  while (size < 2u * static_cast<uint32_t>(entries)) size *= 2;
  slots_.assign(size, Slot());
  slot_mask_ = size - 1;
  for (int32_t i = 0; i < entries; ++i) {
    const std::string& w = entries_[static_cast<size_t>(i)];
    uint32_t h = FastTextHash(w), s = h & slot_mask_;
    while (slots_[s].id != -1) s = (s + 1) & slot_mask_;
    Slot& slot = slots_[s];
    slot.hash = h;
    slot.id = i;
    slot.margin = i < nwords_ ? row_margin_[static_cast<size_t>(i)] : 0;
    slot.size = static_cast<uint8_t>(std::min<size_t>(w.size(), 255));
    std::memcpy(slot.text, w.data(), std::min(w.size(), sizeof slot.text));
  }
  return true;
}

const Classifier::Slot* Classifier::Find(std::string_view word, uint32_t hash) const {
  for (uint32_t s = hash & slot_mask_;; s = (s + 1) & slot_mask_) {
    const Slot& slot = slots_[s];
    if (slot.id < 0) return nullptr;
    if (slot.hash != hash || slot.size != std::min<size_t>(word.size(), 255)) continue;
    bool same = word.size() <= sizeof slot.text ? std::memcmp(slot.text, word.data(), word.size()) == 0
                                                 : entries_[static_cast<size_t>(slot.id)] == word;
    if (same) return &slot;
  }
}

double Classifier::Probability(const NormalizedText& norm, const std::vector<Detection>& detections) const {
  if (!fast_) return FastTextProbability(ModelInput(norm, detections));
  Scorer s(*this);
  EmitModelTokens(norm, detections, &s);
  return s.Probability();
}

double Classifier::Probability(std::string_view line) const {
  if (!fast_) return FastTextProbability(line);
  Scorer s(*this);
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\0'; };
  for (size_t i = 0; i < line.size();) {
    while (i < line.size() && space(line[i])) ++i;
    size_t j = i;
    while (j < line.size() && !space(line[j])) ++j;
    if (j > i) s.Token(line.substr(i, j - i));
    i = j;
  }
  return s.Probability();
}

bool Classifier::SaveCalibration(const std::string& model_path, const Calibration& c, std::string* why) {
  std::ofstream out(model_path + ".calib");
  char buf[64];
  std::snprintf(buf, sizeof buf, "threshold %.6f\n", c.threshold);
  out << buf;
  if (!out) {
    if (why) *why = "cannot write " + model_path + ".calib";
    return false;
  }
  return true;
}

bool Classifier::TrainLines(const std::vector<TrainingLine>& samples, const std::string& model_path,
                            const TrainOptions& o, std::string* why) {
  size_t spam = 0, ham = 0;
  for (const auto& s : samples) (s.spam ? spam : ham)++;
  if (spam == 0 || ham == 0) {
    if (why) *why = "need both spam and ham samples (have " + std::to_string(spam) + " spam, " + std::to_string(ham) + " ham)";
    return false;
  }
  std::string input = model_path + ".train.tmp";
  {
    std::ofstream out(input, std::ios::binary);
    if (!out) {
      if (why) *why = "cannot write " + input;
      return false;
    }
    for (const auto& s : samples) out << (s.spam ? "__label__spam " : "__label__ham ") << s.input << "\n";
  }
  fasttext::Args args;
  args.input = input;
  args.output = model_path;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.dim = o.dim;
  args.epoch = o.epoch;
  args.lr = o.lr;
  args.wordNgrams = o.word_ngrams;
  args.bucket = o.bucket;
  args.minCount = 1;
  args.minn = 0;
  args.maxn = 0;
  args.thread = 1;  // one thread: training is deterministic
  args.seed = o.seed;
  args.verbose = 0;
  bool ok = true;
  try {
    fasttext::FastText ft;
    ft.train(args);
    ft.saveModel(model_path);
  } catch (const std::exception& e) {
    if (why) *why = std::string("training failed: ") + e.what();
    ok = false;
  }
  std::remove(input.c_str());
  std::remove((model_path + ".calib").c_str());  // a new model never inherits an old operating point
  return ok;
}

}  // namespace shoal
