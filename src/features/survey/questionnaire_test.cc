#include "features/survey/questionnaire.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shoal {
namespace {

std::vector<Question> Three() {
  return {{.text = "环节", .type = QuestionType::kChoice, .options = {"徒步", "午餐", "合影"}},
          {.text = "打分", .type = QuestionType::kScale, .min = 1, .max = 5},
          {.text = "建议", .type = QuestionType::kText, .optional = true}};
}

TEST(Questionnaire, AcceptsNumbersOptionTextsAndSkippedOptionals) {
  std::string why;
  auto a = CheckAnswers(Three(), nlohmann::json::parse(R"([2, 4, "多一些休息"])"), &why);
  ASSERT_TRUE(a) << why;
  EXPECT_EQ((*a)[0].number, 1);
  EXPECT_EQ((*a)[1].number, 4);
  EXPECT_EQ((*a)[2].text, "多一些休息");
  a = CheckAnswers(Three(), nlohmann::json::parse(R"(["合影", 5, null])"), &why);
  ASSERT_TRUE(a) << why;
  EXPECT_EQ((*a)[0].number, 2);
  EXPECT_FALSE((*a)[2].given);
}

TEST(Questionnaire, NamesTheFirstBadAnswer) {
  std::string why;
  EXPECT_FALSE(CheckAnswers(Three(), nlohmann::json::parse(R"([4, 3, null])"), &why));
  EXPECT_EQ(why, "question 1: choose 1 to 3");
  EXPECT_FALSE(CheckAnswers(Three(), nlohmann::json::parse(R"([1, 6, null])"), &why));
  EXPECT_EQ(why, "question 2: a whole number from 1 to 5");
  EXPECT_FALSE(CheckAnswers(Three(), nlohmann::json::parse(R"(["晚餐", 3, null])"), &why));
  EXPECT_EQ(why, "question 1: '晚餐' is not one of the options");
  EXPECT_FALSE(CheckAnswers(Three(), nlohmann::json::parse(R"([null, 3, null])"), &why));
  EXPECT_EQ(why, "question 1: an answer is required");
  EXPECT_FALSE(CheckAnswers(Three(), nlohmann::json::parse(R"([1, 3])"), &why));
  EXPECT_EQ(why, "expected a list of 3 answers");
}

}  // namespace
}  // namespace shoal
