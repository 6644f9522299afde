#include "moderation/classifier.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fasttext/fasttext.h>

#include "moderation/normalize.h"
#include "moderation/utf8.h"

namespace shoal {

std::string ClassifierTokens(std::string_view t) {
  std::string out;
  out.reserve(t.size() * 2);
  auto sep = [&] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  };
  size_t i = 0;
  while (i < t.size()) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c >= '0' && c <= '9') {
      size_t j = i;
      while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
      sep();
      if (j - i <= 3) out.append(t.substr(i, j - i));
      else out += "#d" + std::to_string(std::min<size_t>(j - i, 12));  // a number's shape, not its value
      i = j;
    } else if (c >= 'a' && c <= 'z') {
      size_t j = i;
      while (j < t.size() && ((t[j] >= 'a' && t[j] <= 'z') || t[j] == '_' || (t[j] >= '0' && t[j] <= '9'))) ++j;
      std::string_view word = t.substr(i, j - i);
      sep();
      if ((word == "http" || word == "https") && t.substr(j, 3) == "://") {
        out += "#url";
        while (j < t.size() && static_cast<unsigned char>(t[j]) > ' ' && static_cast<unsigned char>(t[j]) < 0x80) ++j;
      } else {
        out.append(word.substr(0, 24));
      }
      i = j;
    } else if (c < 0x80) {
      if (c == '!' || c == '$' || c == '?' || c == '@' || c == '+' || c == '%') {
        sep();
        out.push_back(static_cast<char>(c));
      }
      ++i;
    } else {
      size_t start = i;
      char32_t cp = utf8::Next(t, &i);
      if (cp == 0x3000 || cp == 0xFFFD) continue;
      // Cyrillic and other alphabetic scripts: keep words together.
      if ((cp >= 0x0400 && cp <= 0x052F) || (cp >= 0x0370 && cp <= 0x03FF)) {
        size_t j = i;
        while (j < t.size()) {
          size_t k = j;
          char32_t n = utf8::Next(t, &k);
          if (!((n >= 0x0400 && n <= 0x052F) || (n >= 0x0370 && n <= 0x03FF))) break;
          j = k;
        }
        sep();
        out.append(t.substr(start, j - start));
        i = j;
        continue;
      }
      sep();
      out.append(t.substr(start, i - start));  // one CJK character (or symbol) per token
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

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
  return c;
}

double Classifier::Predict(const std::string& tokens) const {
  std::istringstream in(tokens + "\n");
  std::vector<int32_t> words, labels;
  ft_->getDictionary()->getLine(in, words, labels);
  if (words.empty()) return 0;
  fasttext::Predictions preds;
  ft_->predict(2, words, preds, 0.0);
  for (const auto& [logp, label] : preds)
    if (label == spam_label_) return std::exp(logp);
  return 0;
}

double Classifier::Probability(std::string_view model_input) const { return Predict(std::string(model_input)); }
double Classifier::SpamProbabilityRaw(std::string_view text) const { return Predict(PlainTokens(text)); }

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
