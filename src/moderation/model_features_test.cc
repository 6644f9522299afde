#include "moderation/model_features.h"

#include <gtest/gtest.h>

#include "moderation/detectors/contact.h"

namespace shoal {
namespace {

std::string InputFor(std::string_view text) {
  NormalizedText n = Normalize(text);
  std::vector<Detection> ds;
  DetectContacts(n.text, &ds);
  return ModelInput(n, ds);
}

TEST(ModelFeatures, TagsRuleHitsAndLength) {
  std::string in = InputFor("加我QQ 812294909");
  EXPECT_NE(in.find("#r_contact_qq"), std::string::npos) << in;
  EXPECT_NE(in.find("#r_contact_qq_strong"), std::string::npos) << in;
  EXPECT_NE(in.find("#rs9"), std::string::npos) << in;  // one 0.97 hit
  EXPECT_NE(in.find("#len4"), std::string::npos) << in;  // 15 code points: log2 bucket 3 + 1
  EXPECT_EQ(in.find("812294909"), std::string::npos) << "numbers are reduced to their shape: " << in;
}

TEST(ModelFeatures, OrdinaryChatHasNoRuleTags) {
  std::string in = InputFor("今天一起打球吧");
  EXPECT_EQ(in.find("#r_"), std::string::npos) << in;
  EXPECT_NE(in.find("#rs0"), std::string::npos) << in;
}

TEST(ModelFeatures, OnlyContentRulesAreFeatures) {
  NormalizedText n = Normalize("hello there");
  std::vector<Detection> ds = {{"keyword", Verdict::kSpam, 0.95, "mylist:hello", "keyword:mylist"},
                               {"lexicon", Verdict::kSuspect, 0.6, "selling:出售", "ad:lexicon:selling"}};
  std::string in = ModelInput(n, ds);
  EXPECT_EQ(in.find("keyword"), std::string::npos) << in;
  EXPECT_NE(in.find("#r_lexicon_selling"), std::string::npos) << in;
  EXPECT_EQ(in.find("#r_lexicon_selling_strong"), std::string::npos) << in;
  EXPECT_TRUE(IsModelFeatureDetector("obfuscation"));
  EXPECT_FALSE(IsModelFeatureDetector("regex"));
}

TEST(ModelFeatures, TagOrderDoesNotDependOnDetectionOrder) {
  NormalizedText n = Normalize("x");
  Detection a{"contact", Verdict::kSpam, 0.95, "url:http://a.b", "ad:contact"};
  Detection b{"lexicon", Verdict::kSuspect, 0.5, "leadout:私聊", "ad:lexicon:leadout"};
  EXPECT_EQ(ModelInput(n, {a, b}), ModelInput(n, {b, a}));
}

}  // namespace
}  // namespace shoal
