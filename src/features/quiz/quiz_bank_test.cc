#include "features/quiz/quiz_bank.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(QuizBank, ReadsQuestionsAndBrainstorms) {
  Diagnostics diag;
  YAML::Node n = YAML::Load(R"(
- {question: "1+1?", answers: ["2", "二"]}
- {question: "capital of France", answers: Paris}
- {question: "ideas", brainstorm: true}
)");
  auto bank = ReadQuizBank(n, "bank", "bank.yaml", &diag);
  EXPECT_EQ(diag.error_count(), 0u) << diag.ToString();
  ASSERT_EQ(bank.size(), 3u);
  EXPECT_TRUE(IsCorrect(bank[0], " 二 "));
  EXPECT_TRUE(IsCorrect(bank[1], "paris"));
  EXPECT_FALSE(IsCorrect(bank[1], "London"));
  EXPECT_TRUE(bank[2].brainstorm);
}

TEST(QuizBank, ReportsMalformedEntriesWithTheirLine) {
  Diagnostics diag;
  YAML::Node n = YAML::Load("- {question: ok, answers: [a]}\n- just text\n- {question: q}\n- {question: q, brainstorm: true, answers: [a]}\n");
  ReadQuizBank(n, "bank", "bank.yaml", &diag);
  std::string text = diag.ToString();
  EXPECT_EQ(diag.error_count(), 3u) << text;
  EXPECT_NE(text.find("bank.yaml:2:"), std::string::npos) << text;
  EXPECT_NE(text.find("bank.yaml:3:"), std::string::npos) << text;
  EXPECT_NE(text.find("bank.yaml:4:"), std::string::npos) << text;
}

TEST(QuizBank, NormalizesAnswers) {
  EXPECT_EQ(NormalizeAnswer("  Bei Jing "), "beijing");
  EXPECT_EQ(NormalizeAnswer("北京"), "北京");
}

}  // namespace
}  // namespace shoal
