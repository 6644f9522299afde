// `shoal train` and `shoal classify`: the stable moderation CLI.
//   shoal train --samples labelled.tsv --model model.bin      (TSV `spam|ham<TAB>text`)
//              [--feedback labels.tsv|report.json ...]        (operator labels; win, weighted up)
//   shoal classify --config shoal.yaml [--model model.bin]    (stdin: one message per line;
//       stdout: `spam|ham<TAB>score<TAB>detector:evidence,...`, same order)
#include <cctype>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "features/moderation/policy.h"
#include "moderation/classifier.h"
#include "moderation/content_checker.h"
#include "moderation/trainer.h"

namespace shoal {

namespace {

// Operator labels from `shoal report --format json`: every `feedback` array of {label, text}
// anywhere in the report (the moderation feature's labelled decisions).
bool StartsLikeJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char c = 0;
  while (in.get(c))
    if (!std::isspace(static_cast<unsigned char>(c))) return c == '{';
  return false;
}

std::vector<LabelledText> ReadFeedbackReport(const std::string& path, size_t* bad, std::string* why) {
  std::vector<LabelledText> out;
  nlohmann::json report;
  try {
    std::ifstream in(path, std::ios::binary);
    report = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    *why = path + ": not a JSON report: " + e.what();
    return out;
  }
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "feedback" && it.value().is_array()) {
          for (const auto& f : it.value()) {
            std::string label = f.is_object() ? f.value("label", "") : "";
            if ((label != "spam" && label != "ham") || !f.contains("text") || !f["text"].is_string()) {
              ++*bad;
              if (why->empty()) *why = path + ": a feedback entry without label spam|ham and text";
              continue;
            }
            out.push_back({label == "spam", f["text"].get<std::string>(), path});
          }
        } else {
          walk(it.value());
        }
      }
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(report);
  return out;
}

// Reads every file (TSV, or a JSON report for feedback) into *rows; false (after reporting)
// when one cannot be read at all.
bool ReadSampleFiles(const std::vector<std::string>& files, std::vector<LabelledText>* rows, size_t* bad) {
  for (const auto& f : files) {
    std::string why;
    size_t file_bad = 0;
    bool json = StartsLikeJson(f);
    std::vector<LabelledText> got = json ? ReadFeedbackReport(f, &file_bad, &why) : ReadLabelledTsv(f, &file_bad, &why);
    if (json && got.empty() && file_bad == 0) {
      std::cerr << "shoal train: " << (why.empty() ? f + ": no labelled decisions in the report" : why) << "\n";
      if (!why.empty()) return false;
      continue;
    }
    if (got.empty() && !why.empty() && file_bad == 0) {
      std::cerr << "shoal train: " << why << "\n";
      return false;
    }
    if (file_bad) std::cerr << "shoal train: skipped " << file_bad << " bad line(s); first: " << why << "\n";
    *bad += file_bad;
    for (auto& r : got) {
      r.source = f;
      rows->push_back(std::move(r));
    }
  }
  return true;
}

}  // namespace

void AddTrainCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("train", "Train the moderation classifier from TSV `spam|ham<TAB>text`");
  auto samples = std::make_shared<std::vector<std::string>>();
  auto feedback = std::make_shared<std::vector<std::string>>();
  auto model = std::make_shared<std::string>();
  auto epoch = std::make_shared<int>(15);
  auto share = std::make_shared<double>(0.3);
  auto max_fpr = std::make_shared<double>(0.005);
  cmd->add_option("--samples,-s", *samples, "Labelled samples (TSV: spam|ham<TAB>text); repeatable");
  cmd->add_option("--feedback,-f", *feedback,
                  "Operator-labelled messages: the same TSV, or a `shoal report --format json` (its moderation "
                  "feedback); they win over --samples for the same text and are weighted up; repeatable");
  cmd->add_option("--model,-m", *model, "Where to write the model (and its `<model>.calib`)")->required();
  cmd->add_option("--epoch", *epoch, "Training passes over the samples (default 15)");
  cmd->add_option("--feedback-share", *share, "Least share of training lines made of feedback (default 0.3)")
      ->check(CLI::Range(0.0, 0.95));
  cmd->add_option("--max-fpr", *max_fpr, "False-positive rate allowed at the operating point (default 0.005)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->callback([=] {
    if (samples->empty() && feedback->empty()) {
      std::cerr << "shoal train: give --samples and/or --feedback\n";
      SetCommandExitCode(2);
      return;
    }
    size_t bad = 0;
    std::vector<LabelledText> corpus, labels;
    if (!ReadSampleFiles(*samples, &corpus, &bad) || !ReadSampleFiles(*feedback, &labels, &bad)) {
      SetCommandExitCode(2);
      return;
    }
    if (corpus.empty() && labels.empty()) {
      std::cerr << "shoal train: no samples\n";
      SetCommandExitCode(2);
      return;
    }
    TrainerOptions o;
    o.fasttext.epoch = *epoch;
    o.feedback_share = *share;
    o.max_fpr = *max_fpr;
    TrainSummary sum;
    std::string err;
    if (!TrainModel(corpus, labels, *model, o, &sum, &err)) {
      std::cerr << "shoal train: " << err << "\n";
      SetCommandExitCode(2);
      return;
    }
    std::cerr << "shoal train: " << corpus.size() << " samples (" << sum.corpus << " used) + " << sum.feedback << " feedback (x" << sum.repeat
              << ", " << sum.overridden << " sample label(s) overridden) -> " << *model << "\n";
    if (sum.calibration.present) {
      std::fprintf(stderr,
                   "shoal train: threshold %.3f from %zu spam / %zu ham held out (%s): precision %.3f, recall "
                   "%.3f, FPR %.2f%%\n",
                   sum.calibration.threshold, sum.validation_spam, sum.validation_ham,
                   sum.validation_from_feedback ? "feedback" : "all samples", sum.precision, sum.recall,
                   sum.fpr * 100);
      if (sum.corpus_per_feedback >= 0)
        std::fprintf(stderr, "shoal train: kept the candidate with %g sample row(s) per feedback row, lr %g\n",
                     sum.corpus_per_feedback, sum.learning_rate);
    } else {
      std::cerr << "shoal train: too few samples to hold out for a threshold; the model is one signal among "
                   "the rules\n";
    }
    if (bad) SetCommandExitCode(1);
  });
}

void AddClassifyCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("classify", "Classify messages from stdin: spam|ham<TAB>score<TAB>evidence");
  auto config = std::make_shared<std::string>();
  auto model = std::make_shared<std::string>();
  cmd->add_option("--config,-c", *config, "Config file (YAML); its features.moderation section is used")->required();
  cmd->add_option("--model,-m", *model, "A model from `shoal train` (overrides the config's model)");
  cmd->callback([config, model] {
    auto cfg = LoadConfigOrReport(*config);
    if (!cfg) {
      SetCommandExitCode(2);
      return;
    }
    YAML::Node n = cfg->root["features"].IsMap() ? cfg->root["features"]["moderation"] : YAML::Node();
    Diagnostics diag;
    ConfigSection section(n, "features.moderation", cfg->file, &diag);
    Policy policy;
    std::string model_path;
    ReadPolicy(section, &policy, nullptr, &model_path);
    if (!model->empty()) model_path = *model;
    if (!model_path.empty()) {
      std::string why;
      auto m = Classifier::Load(model_path, &why);
      if (m) policy.checker->SetClassifier(std::move(m));
      else std::cerr << "shoal classify: " << why << "; classifying with rules and lexicons alone\n";
    }
    std::string line, out;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      ContentResult r = policy.checker->Check(line);
      char score[16];
      std::snprintf(score, sizeof score, "%.3f", r.score);
      out.clear();
      out += r.score >= policy.threshold ? "spam\t" : "ham\t";
      out += score;
      out += '\t';
      out += EvidenceList(r.detections);
      out += '\n';
      std::cout << out;
    }
    std::cout.flush();
  });
}

}  // namespace shoal
