// A questionnaire's questions (single choice, scale, free text) and the
// checking of one response against them. Answers arrive as JSON from the form
// behind the survey link: a choice as its 1-based number or its option text,
// a scale as a number in range, text as a string (null for a skipped optional).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace shoal {

enum class QuestionType : uint8_t { kChoice, kScale, kText };

struct Question {
  std::string text;
  QuestionType type = QuestionType::kChoice;
  std::vector<std::string> options;  // choice
  int64_t min = 1, max = 5;          // scale
  bool optional = false;
};

// One checked answer: the option index (choice), the value (scale) or the text; absent = skipped.
struct Answer {
  bool given = false;
  int64_t number = 0;
  std::string text;
};

constexpr size_t kMaxAnswerBytes = 2000;

// The answers in question order, or nullopt with *why naming the first bad one ("question 2: …").
std::optional<std::vector<Answer>> CheckAnswers(const std::vector<Question>& questions, const nlohmann::json& answers,
                                                std::string* why);

}  // namespace shoal
