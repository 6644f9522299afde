// Moderation quality and speed on the shared labelled corpora (never committed).
//   build/moderation_bench --eval        per-set precision/recall/F1/FPR table, then benchmarks
//   build/moderation_bench               benchmarks only
// Corpus: $SHOAL_CORPUS, else SHOAL_SHARED_DIR/corpus, else /work/shared/corpus.
// Split: a message is test data when HashString(text) % 10 >= 7 (duplicates stay together).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "moderation/classifier.h"
#include "moderation/content_checker.h"
#include "shoal/rng.h"

namespace fs = std::filesystem;
using namespace shoal;

namespace {

std::string CorpusDir() {
  if (const char* e = std::getenv("SHOAL_CORPUS")) return e;
  std::string shared = std::string(SHOAL_SHARED_DIR) + "/corpus";
  if (fs::exists(shared)) return shared;
  return "/work/shared/corpus";
}

struct Set {
  std::string name;
  std::vector<LabelledText> train, test;
};

std::vector<Set> LoadSets() {
  std::vector<Set> sets;
  std::string dir = CorpusDir();
  if (!fs::exists(dir)) return sets;
  std::vector<fs::path> dirs;
  for (const auto& d : fs::directory_iterator(dir))
    if (d.is_directory()) dirs.push_back(d.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs) {
    fs::path tsv = d / (d.filename().string() + ".tsv");
    if (!fs::exists(tsv) || d.filename().string().rfind("chat_", 0) == 0) continue;
    size_t bad = 0;
    std::string why;
    Set s{d.filename().string(), {}, {}};
    for (auto& row : ReadLabelledTsv(tsv.string(), &bad, &why))
      (HashString(row.text.data(), row.text.size()) % 10 >= 7 ? s.test : s.train).push_back(std::move(row));
    sets.push_back(std::move(s));
  }
  return sets;
}

struct Counts {
  int64_t tp = 0, fp = 0, tn = 0, fn = 0;
  void Add(bool truth, bool said) { (truth ? (said ? tp : fn) : (said ? fp : tn))++; }
  std::string Row() const {
    double p = tp + fp ? double(tp) / (tp + fp) : 0, r = tp + fn ? double(tp) / (tp + fn) : 0;
    double f1 = p + r ? 2 * p * r / (p + r) : 0, fpr = fp + tn ? double(fp) / (fp + tn) : 0;
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.3f | %.3f | %.3f | %.2f%%", p, r, f1, fpr * 100);
    return buf;
  }
};

void Evaluate() {
  std::vector<Set> sets = LoadSets();
  if (sets.empty()) {
    std::cout << "no corpus at " << CorpusDir() << "; set SHOAL_CORPUS\n";
    return;
  }
  std::vector<LabelledText> all_train;
  for (const auto& s : sets) all_train.insert(all_train.end(), s.train.begin(), s.train.end());
  std::string tmp = (fs::temp_directory_path() / ("shoal_eval_" + std::to_string(::getpid()))).string();
  TrainOptions ours, plain;
  plain.normalize = false;
  std::string why;
  if (!Classifier::Train(all_train, tmp + ".ours.bin", ours, &why) ||
      !Classifier::Train(all_train, tmp + ".plain.bin", plain, &why)) {
    std::cout << "training failed: " << why << "\n";
    return;
  }
  auto model = Classifier::Load(tmp + ".ours.bin", &why);
  auto baseline = Classifier::Load(tmp + ".plain.bin", &why);
  std::remove((tmp + ".ours.bin").c_str());
  std::remove((tmp + ".plain.bin").c_str());
  ContentChecker rules, with_model;
  rules.Build(ContentRules{}, &why);
  with_model.Build(ContentRules{}, &why);
  with_model.SetClassifier(std::shared_ptr<const Classifier>(std::move(model)));
  std::cout << "\nModel trained on the union of every set's training split (" << all_train.size()
            << " messages); threshold 0.9; test split = hash(text) % 10 >= 7.\n\n"
            << "| set | test msgs | method | precision | recall | F1 | FPR |\n|---|---:|---|---:|---:|---:|---:|\n";
  for (const auto& s : sets) {
    Counts a, b, c;
    for (const auto& m : s.test) {
      a.Add(m.spam, rules.Check(m.text).score >= 0.9);
      b.Add(m.spam, with_model.Check(m.text).score >= 0.9);
      c.Add(m.spam, baseline->SpamProbabilityRaw(m.text) >= 0.5);
    }
    std::cout << "| " << s.name << " | " << s.test.size() << " | rules alone | " << a.Row() << " |\n"
              << "| | | rules + model | " << b.Row() << " |\n"
              << "| | | plain fastText | " << c.Row() << " |\n";
  }
  std::cout << std::endl;
}

// A fixed mix of real messages for the speed benchmarks (synthetic when no corpus).
const std::vector<std::string>& Messages() {
  static const std::vector<std::string> msgs = [] {
    std::vector<std::string> out;
    for (const auto& s : LoadSets())
      for (size_t i = 0; i < s.test.size() && i < 3000; ++i) out.push_back(s.test[i].text);
    if (out.empty())
      out = {"大家好", "加我QQ 812294909", "今天天气不错，一起去打球吧", "visit www.example.com now", "ok"};
    return out;
  }();
  return msgs;
}

void BM_BaselineSubstringScan(benchmark::State& state) {
  static const std::vector<std::string> words = {"qq", "微信", "vx", "http", "www.", "加我", "私聊", "博彩",
                                                 "百家乐", "贷款", "刷单", "跑分", "t.me", "free", "win"};
  const auto& msgs = Messages();
  size_t i = 0, hits = 0;
  for (auto _ : state) {
    const std::string& m = msgs[i++ % msgs.size()];
    for (const auto& w : words) hits += m.find(w) != std::string::npos;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations());
}

void BM_RulesPipeline(benchmark::State& state) {
  ContentChecker c;
  std::string why;
  c.Build(ContentRules{}, &why);
  const auto& msgs = Messages();
  size_t i = 0;
  double sum = 0;
  for (auto _ : state) sum += c.Check(msgs[i++ % msgs.size()]).score;
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}

void BM_Normalize(benchmark::State& state) {
  const auto& msgs = Messages();
  size_t i = 0, n = 0;
  for (auto _ : state) n += Normalize(msgs[i++ % msgs.size()]).text.size();
  benchmark::DoNotOptimize(n);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_BaselineSubstringScan);
BENCHMARK(BM_Normalize);
BENCHMARK(BM_RulesPipeline);

}  // namespace

int main(int argc, char** argv) {
  bool eval = false;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "--eval") eval = true;
    else rest.push_back(argv[i]);
  }
  if (eval) Evaluate();
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
