// A tiny rule language for member tags and segments, parsed at config load:
//   paid and quiet_days >= 14
//   level == "expert" or (answers > 5 and not tag_vip)
// Operands are numbers, "strings" and field names; a bare field is true when
// non-zero / non-empty. Parse errors name the character where parsing stopped.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::analytics {

struct RuleValue {
  bool is_string = false;
  double number = 0;
  std::string text;
  bool Truthy() const { return is_string ? !text.empty() : number != 0; }
};

struct RuleError {
  size_t column = 0;  // 1-based character position in the rule text
  std::string message;
};

class Rule {
 public:
  // known(name) says whether a field exists; unknown fields are parse errors.
  static std::optional<Rule> Parse(std::string_view text, const std::function<bool(std::string_view)>& known,
                                   RuleError* error);
  bool Matches(const std::function<RuleValue(std::string_view)>& field) const;
  const std::string& text() const { return text_; }

  struct Node {
    enum Kind { kOr, kAnd, kNot, kCompare, kTruthy, kNumber, kString, kField } kind;
    std::string op;  // comparison operator
    std::string text;
    double number = 0;
    std::vector<int> kids;
  };

 private:
  RuleValue Value(int node, const std::function<RuleValue(std::string_view)>& field) const;
  bool Test(int node, const std::function<RuleValue(std::string_view)>& field) const;
  std::string text_;
  std::vector<Node> nodes_;
  int root_ = -1;
  friend class RuleParser;
};

}  // namespace shoal::analytics
