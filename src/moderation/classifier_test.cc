#include "moderation/classifier.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "moderation/content_checker.h"
#include "moderation/model_features.h"

namespace shoal {
namespace {

namespace fs = std::filesystem;

// A small model over model-input lines: ads with contacts and selling words, chat without.
std::string TrainSmallModel(const std::string& name, int word_ngrams) {
  ContentChecker rules;
  std::string why;
  EXPECT_TRUE(rules.Build(ContentRules{}, &why)) << why;
  const char* ads[] = {"低价出售游戏账号 加我QQ 812294909", "便宜卖皮肤 vx: kefu_888", "出售金币 私聊 www.shop88.com",
                       "代练上分 先做后付 群号1102943740"};
  const char* chat[] = {"今天晚上一起打游戏吗", "这个副本怎么过", "我刚下班 累死了", "周末去爬山吧", "新版本好玩吗 1.20"};
  std::vector<TrainingLine> lines;
  for (int i = 0; i < 200; ++i) {
    for (const char* t : {ads[i % 4], chat[i % 5]}) {
      ContentResult r = rules.Check(std::string(t) + " " + std::to_string(i));
      lines.push_back({t == ads[i % 4], ModelInput(r.norm, r.detections)});
    }
  }
  std::string path = (fs::temp_directory_path() / ("shoal_classifier_test_" + std::to_string(::getpid()) + name)).string();
  TrainOptions o;
  o.word_ngrams = word_ngrams;
  o.bucket = 5000;
  o.epoch = 5;
  EXPECT_TRUE(Classifier::TrainLines(lines, path, o, &why)) << why;
  return path;
}

// The fast path must give fastText's probability (up to float rounding) on every kind of
// token: known and unknown words, CJK characters, shapes, rule tags, n-grams across them.
void ExpectSameAsFastText(int word_ngrams) {
  std::string path = TrainSmallModel("ng" + std::to_string(word_ngrams), word_ngrams), why;
  auto model = Classifier::Load(path, &why);
  std::remove(path.c_str());
  ASSERT_TRUE(model) << why;
  ContentChecker rules;
  ASSERT_TRUE(rules.Build(ContentRules{}, &why)) << why;
  int differing = 0;
  for (std::string_view text : {"低价出售游戏账号 加我QQ 812294909", "今天晚上一起打游戏吗", "never seen words here zzz",
                                "出售 https://959.run/95lyx 好货!!", "", "Привет всем, как дела?", "12 345 6789 ok",
                                "__label__spam is not a label inside text", "周末去爬山吧 vx: kefu_888 出售金币"}) {
    ContentResult r = rules.Check(text);
    std::string line = ModelInput(r.norm, r.detections);
    double reference = model->FastTextProbability(line);
    double streamed = model->Probability(r.norm, r.detections);
    EXPECT_NEAR(streamed, reference, 1e-4) << "text: " << text << "\nline: " << line;
    EXPECT_DOUBLE_EQ(model->Probability(line), streamed) << line;
    differing += std::abs(reference - 0.5) > 0.1;
  }
  EXPECT_GT(differing, 3) << "the model should be confident on most of these";
  // A label string as a token is skipped by fastText's reader; the fast path agrees.
  EXPECT_NEAR(model->Probability("出售 __label__ham 金币"), model->FastTextProbability("出售 __label__ham 金币"), 1e-4);
}

TEST(Classifier, FastPathMatchesFastTextWithTrigrams) { ExpectSameAsFastText(3); }
TEST(Classifier, FastPathMatchesFastTextWithUnigrams) { ExpectSameAsFastText(1); }
TEST(Classifier, FastPathMatchesFastTextWithBigrams) { ExpectSameAsFastText(2); }

}  // namespace
}  // namespace shoal
