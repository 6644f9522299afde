// `shoal train` and `shoal classify`: the stable moderation CLI.
//   shoal train --samples labelled.tsv --model model.bin      (TSV `spam|ham<TAB>text`)
//   shoal classify --config shoal.yaml [--model model.bin]    (stdin: one message per line;
//       stdout: `spam|ham<TAB>score<TAB>detector:evidence,...`, same order)
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "features/moderation/policy.h"
#include "moderation/classifier.h"
#include "moderation/content_checker.h"

namespace shoal {

void AddTrainCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("train", "Train the moderation classifier from TSV `spam|ham<TAB>text`");
  auto samples = std::make_shared<std::string>();
  auto model = std::make_shared<std::string>();
  auto epoch = std::make_shared<int>(15);
  cmd->add_option("--samples,-s", *samples, "Labelled samples (TSV: spam|ham<TAB>text)")->required();
  cmd->add_option("--model,-m", *model, "Where to write the model")->required();
  cmd->add_option("--epoch", *epoch, "Training passes over the samples (default 15)");
  cmd->callback([samples, model, epoch] {
    size_t bad = 0;
    std::string why;
    std::vector<LabelledText> rows = ReadLabelledTsv(*samples, &bad, &why);
    if (rows.empty()) {
      std::cerr << "shoal train: " << (why.empty() ? "no samples in " + *samples : why) << "\n";
      SetCommandExitCode(2);
      return;
    }
    if (bad) std::cerr << "shoal train: skipped " << bad << " bad line(s); first: " << why << "\n";
    TrainOptions o;
    o.epoch = *epoch;
    std::string err;
    if (!Classifier::Train(rows, *model, o, &err)) {
      std::cerr << "shoal train: " << err << "\n";
      SetCommandExitCode(2);
      return;
    }
    size_t spam = 0;
    for (const auto& r : rows) spam += r.spam;
    std::cerr << "shoal train: " << rows.size() << " samples (" << spam << " spam, " << rows.size() - spam
              << " ham) -> " << *model << "\n";
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
