// Quiz question banks: a YAML list (inline in the config, or a separate file
// named by `bank_file`) of questions with accepted answers, and brainstorm
// prompts with none. Malformed entries are reported with their own file:line.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "shoal/config.h"

namespace shoal {

struct QuizQuestion {
  std::string question;
  std::vector<std::string> answers;  // empty = a brainstorm: every reply is an idea, likes decide
  bool brainstorm = false;
};

// Reads entries from a sequence node; each must be a map {question, answers} or
// {question, brainstorm: true}. Problems go to diag with `file` and the entry's line.
std::vector<QuizQuestion> ReadQuizBank(const YAML::Node& list, const std::string& path, const std::string& file,
                                       Diagnostics* diag);

// Answers compare trimmed, ASCII case-folded, ignoring inner spaces.
std::string NormalizeAnswer(std::string_view text);
bool IsCorrect(const QuizQuestion& q, std::string_view reply);

}  // namespace shoal
