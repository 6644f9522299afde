#include "moderation/trainer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "moderation/content_checker.h"

namespace shoal {
namespace {

namespace fs = std::filesystem;

std::string TempModel(const std::string& name) {
  return (fs::temp_directory_path() / ("shoal_trainer_test_" + std::to_string(::getpid()) + "_" + name)).string();
}

void Remove(const std::string& path) {
  std::remove(path.c_str());
  std::remove((path + ".calib").c_str());
}

TEST(ChooseThreshold, BestF1WithinTheFalsePositiveBudget) {
  // Spam at 0.9, 0.8, 0.6; ham at 0.7, 0.2, 0.1 (and many more low hams).
  std::vector<std::pair<double, bool>> s = {{0.9, true}, {0.8, true}, {0.6, true}, {0.7, false}};
  for (int i = 0; i < 96; ++i) s.push_back({0.1, false});
  // With no false positive allowed: t = 0.8 (2 of 3 spam, no ham).
  EXPECT_DOUBLE_EQ(ChooseThreshold(s, 0.0), 0.8);
  // One false positive in 97 ham is allowed at 2%: t = 0.6 catches all spam.
  EXPECT_DOUBLE_EQ(ChooseThreshold(s, 0.02), 0.6);
}

TEST(ChooseThreshold, LowestFalsePositiveRateWhenNoneQualifies) {
  // A ham scores above every spam: no threshold has FPR 0, so the strictest one with spam wins.
  std::vector<std::pair<double, bool>> s = {{0.99, false}, {0.9, true}, {0.5, true}, {0.4, false}};
  EXPECT_DOUBLE_EQ(ChooseThreshold(s, 0.0), 0.5);
}

TEST(Calibration, MapsThresholdToTheSpamScore) {
  Calibration c;
  c.present = true;
  c.threshold = 0.6;
  EXPECT_DOUBLE_EQ(c.Score(0.6), Calibration::kSpamScore);
  EXPECT_LT(c.Score(0.59), Calibration::kSpamScore);
  EXPECT_GT(c.Score(0.61), Calibration::kSpamScore);
  EXPECT_DOUBLE_EQ(c.Score(0), 0);
  EXPECT_DOUBLE_EQ(c.Score(1), 1);
  Calibration none;
  EXPECT_DOUBLE_EQ(none.Score(0.42), 0.42);
}

// Synthetic groups: ads sell game accounts, chat talks about games. Feedback marks one ad
// phrasing, which the corpus calls ham, as spam.
std::vector<LabelledText> Corpus() {
  std::vector<LabelledText> out;
  const char* ads[] = {"低价出售游戏账号", "便宜卖皮肤", "出售金币 私聊", "代练上分 先做后付"};
  const char* chat[] = {"今天晚上一起打游戏吗", "这个副本怎么过", "我刚下班", "周末去爬山吧", "新版本好玩吗"};
  for (int i = 0; i < 120; ++i) {
    out.push_back({true, std::string(ads[i % 4]) + " 编号" + std::to_string(i)});
    out.push_back({false, std::string(chat[i % 5]) + " 第" + std::to_string(i) + "次"});
    out.push_back({false, "出个主意 看看配置 " + std::to_string(i)});
  }
  return out;
}

TEST(TrainModel, FeedbackOverridesAndIsWeightedUp) {
  std::vector<LabelledText> corpus = Corpus();
  std::vector<LabelledText> feedback;
  for (int i = 0; i < 120; ++i) feedback.push_back({true, "出个主意 看看配置 " + std::to_string(i)});
  feedback.push_back({false, "今天晚上一起打游戏吗 第0次"});
  std::string path = TempModel("fb.bin"), why;
  TrainerOptions o;
  o.min_validation_per_class = 5;
  o.corpus_per_feedback = {-1};  // the whole corpus: the feedback must be repeated to reach its share
  o.feedback_share = 0.6;
  TrainSummary sum;
  ASSERT_TRUE(TrainModel(corpus, feedback, path, o, &sum, &why)) << why;
  EXPECT_EQ(sum.feedback, 121u);
  EXPECT_EQ(sum.overridden, 121u);  // each feedback text was also in the corpus
  EXPECT_GE(sum.repeat, 2);         // ~100 feedback rows against ~190 corpus rows: share 0.6 needs more
  EXPECT_FALSE(sum.validation_from_feedback);  // one ham label: too few to hold out
  ASSERT_TRUE(sum.calibration.present);
  ASSERT_TRUE(fs::exists(path + ".calib"));
  auto model = Classifier::Load(path, &why);
  ASSERT_TRUE(model) << why;
  EXPECT_TRUE(model->calibration().present);
  EXPECT_DOUBLE_EQ(model->calibration().threshold, std::stod(std::to_string(sum.calibration.threshold)));
  ContentChecker c;
  ASSERT_TRUE(c.Build(ContentRules{}, &why));
  c.SetClassifier(std::shared_ptr<const Classifier>(std::move(model)));
  // The relabelled phrasing is now spam; ordinary chat stays ham.
  EXPECT_GE(c.Check("出个主意 看看配置 500").score, Calibration::kSpamScore);
  EXPECT_LT(c.Check("这个副本怎么过 第500次").score, Calibration::kSpamScore);
  Remove(path);
}

TEST(TrainModel, KeepsTheCorpusMixThatDoesBestOnHeldOutFeedback) {
  // The corpus calls "配置" chat ham; this operator's groups call it spam. Mixing in much of the
  // corpus can only hurt on their held-out labels, so a candidate with less corpus wins.
  std::vector<LabelledText> corpus = Corpus(), feedback;
  for (int i = 0; i < 150; ++i) {
    feedback.push_back({true, "出配置 看看配置 便宜 " + std::to_string(1000 + i)});
    feedback.push_back({false, "周末一起去爬山吧 " + std::to_string(1000 + i)});
  }
  std::string path = TempModel("mix.bin"), why;
  TrainerOptions o;
  o.min_validation_per_class = 5;
  o.corpus_per_feedback = {0, 1};
  TrainSummary sum;
  ASSERT_TRUE(TrainModel(corpus, feedback, path, o, &sum, &why)) << why;
  EXPECT_TRUE(sum.validation_from_feedback);
  EXPECT_TRUE(sum.corpus_per_feedback == 0 || sum.corpus_per_feedback == 1) << sum.corpus_per_feedback;
  EXPECT_EQ(sum.corpus == 0, sum.corpus_per_feedback == 0);
  EXPECT_LE(sum.corpus, 300u);  // one corpus row per feedback row at most
  EXPECT_GT(sum.recall, 0.5);
  EXPECT_LE(sum.fpr, o.max_fpr);
  EXPECT_FALSE(fs::exists(path + ".trial"));
  Remove(path);
}

TEST(TrainModel, CalibratedModelFoldsContentRules) {
  std::string path = TempModel("fold.bin"), why;
  TrainerOptions o;
  o.min_validation_per_class = 5;
  ASSERT_TRUE(TrainModel(Corpus(), {}, path, o, nullptr, &why)) << why;
  auto model = Classifier::Load(path, &why);
  ASSERT_TRUE(model) << why;
  ASSERT_TRUE(model->calibration().present);
  ContentChecker c;
  ASSERT_TRUE(c.Build(ContentRules{}, &why));
  c.SetClassifier(std::shared_ptr<const Classifier>(std::move(model)));
  ContentResult r = c.Check("低价出售游戏账号 加我QQ 812294909");
  bool contact_folded = false, has_classifier = false;
  for (const auto& d : r.detections) {
    if (d.detector == "contact") contact_folded = d.folded;
    if (d.detector == "classifier") has_classifier = !d.folded;
  }
  EXPECT_TRUE(contact_folded);
  EXPECT_TRUE(has_classifier);
  EXPECT_DOUBLE_EQ(r.score, CombineScores(r.detections));
  Remove(path);
}

TEST(TrainModel, TooLittleDataWritesNoCalibration) {
  std::string path = TempModel("small.bin"), why;
  std::ofstream(path + ".calib") << "threshold 0.5\n";  // stale: must not survive a new model
  std::vector<LabelledText> tiny = {{true, "低价出售游戏账号"}, {false, "今天晚上一起打游戏吗"}};
  TrainSummary sum;
  ASSERT_TRUE(TrainModel(tiny, {}, path, TrainerOptions{}, &sum, &why)) << why;
  EXPECT_FALSE(sum.calibration.present);
  EXPECT_FALSE(fs::exists(path + ".calib"));
  auto model = Classifier::Load(path, &why);
  ASSERT_TRUE(model) << why;
  EXPECT_FALSE(model->calibration().present);
  Remove(path);
}

TEST(TrainModel, OneClassOnlyIsAnError) {
  std::string path = TempModel("one.bin"), why;
  EXPECT_FALSE(TrainModel({{true, "a"}, {true, "b"}}, {}, path, TrainerOptions{}, nullptr, &why));
  EXPECT_NE(why.find("need both spam and ham"), std::string::npos) << why;
  Remove(path);
}

TEST(Classifier, CorruptCalibrationIsAClearError) {
  std::string path = TempModel("corrupt.bin"), why;
  ASSERT_TRUE(TrainModel(Corpus(), {}, path, TrainerOptions{}, nullptr, &why)) << why;
  std::ofstream(path + ".calib") << "nonsense\n";
  EXPECT_FALSE(Classifier::Load(path, &why));
  EXPECT_NE(why.find("calibration file"), std::string::npos) << why;
  Remove(path);
}

TEST(Classifier, PlainTokensSplitsChineseOnly) {
  EXPECT_EQ(PlainTokens("加我QQ 812294909"), "加 我 QQ 812294909");
  EXPECT_EQ(PlainTokens("Hello World"), "Hello World");
}

}  // namespace
}  // namespace shoal
