#include "features/survey/questionnaire.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace shoal {

std::optional<std::vector<Answer>> CheckAnswers(const std::vector<Question>& questions, const nlohmann::json& answers,
                                                std::string* why) {
  if (!answers.is_array() || answers.size() != questions.size()) {
    *why = "expected a list of " + std::to_string(questions.size()) + " answers";
    return std::nullopt;
  }
  std::vector<Answer> out(questions.size());
  for (size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    const nlohmann::json& a = answers[i];
    std::string where = "question " + std::to_string(i + 1) + ": ";
    if (a.is_null()) {
      if (!q.optional) {
        *why = where + "an answer is required";
        return std::nullopt;
      }
      continue;
    }
    Answer& ans = out[i];
    ans.given = true;
    switch (q.type) {
      case QuestionType::kChoice:
        if (a.is_number_integer() && a.get<int64_t>() >= 1 && a.get<int64_t>() <= static_cast<int64_t>(q.options.size())) {
          ans.number = a.get<int64_t>() - 1;
        } else if (a.is_string()) {
          auto it = std::find(q.options.begin(), q.options.end(), a.get<std::string>());
          if (it == q.options.end()) {
            *why = where + "'" + a.get<std::string>() + "' is not one of the options";
            return std::nullopt;
          }
          ans.number = it - q.options.begin();
        } else {
          *why = where + "choose 1 to " + std::to_string(q.options.size());
          return std::nullopt;
        }
        break;
      case QuestionType::kScale:
        if (!a.is_number_integer() || a.get<int64_t>() < q.min || a.get<int64_t>() > q.max) {
          *why = where + "a whole number from " + std::to_string(q.min) + " to " + std::to_string(q.max);
          return std::nullopt;
        }
        ans.number = a.get<int64_t>();
        break;
      case QuestionType::kText:
        if (!a.is_string() || a.get<std::string>().size() > kMaxAnswerBytes) {
          *why = where + "text of at most " + std::to_string(kMaxAnswerBytes) + " bytes";
          return std::nullopt;
        }
        ans.text = a.get<std::string>();
        if (ans.text.empty() && !q.optional) {
          *why = where + "an answer is required";
          return std::nullopt;
        }
        ans.given = !ans.text.empty();
        break;
    }
  }
  return out;
}

}  // namespace shoal
