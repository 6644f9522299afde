#include "features/quiz/quiz_bank.h"

#include "features/common/text_template.h"

namespace shoal {

std::vector<QuizQuestion> ReadQuizBank(const YAML::Node& list, const std::string& path, const std::string& file,
                                       Diagnostics* diag) {
  std::vector<QuizQuestion> bank;
  if (!list.IsSequence()) {
    int line = list.IsDefined() && list.Mark().line >= 0 ? list.Mark().line + 1 : 0;
    if (diag) diag->Error(file, line, 0, path + ": must be a list of questions");
    return bank;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    std::string at = path + "[" + std::to_string(i) + "]";
    if (!n.IsMap()) {
      int line = n.Mark().line >= 0 ? n.Mark().line + 1 : 0;
      int col = n.Mark().column >= 0 ? n.Mark().column + 1 : 0;
      if (diag) diag->Error(file, line, col, at + ": each entry must be a map with `question` and `answers`",
                            "e.g. - {question: \"1+1=?\", answers: [\"2\", \"二\"]}");
      continue;
    }
    ConfigSection s(n, at, file, diag);
    QuizQuestion q;
    q.question = s.RequiredStr("question");
    q.brainstorm = s.Bool("brainstorm", false);
    YAML::Node answers = s.Raw("answers");
    if (answers.IsScalar()) {
      q.answers.push_back(answers.as<std::string>());
    } else if (answers.IsSequence()) {
      for (const auto& a : answers) {
        if (a.IsScalar() && !NormalizeAnswer(a.as<std::string>()).empty()) q.answers.push_back(a.as<std::string>());
        else s.Error("answers", "each answer must be non-empty text");
      }
    } else if (answers.IsDefined() && !answers.IsNull()) {
      s.Error("answers", "must be text or a list of texts");
    }
    if (q.question.empty() && s.Has("question")) s.Error("question", "must not be empty");
    if (!q.brainstorm && q.answers.empty() && !s.Has("answers"))
      s.Error("question", "this question needs `answers` (or `brainstorm: true`)");
    if (q.brainstorm && !q.answers.empty()) s.Error("answers", "a brainstorm has no answers");
    s.Finish();
    bank.push_back(std::move(q));
  }
  return bank;
}

std::string NormalizeAnswer(std::string_view text) {
  std::string out;
  for (char c : TrimText(text)) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool IsCorrect(const QuizQuestion& q, std::string_view reply) {
  std::string r = NormalizeAnswer(reply);
  for (const auto& a : q.answers)
    if (NormalizeAnswer(a) == r) return true;
  return false;
}

}  // namespace shoal
