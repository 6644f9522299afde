#include "analytics/rule.h"

#include <cctype>
#include <cstdlib>

namespace shoal::analytics {

namespace {

struct Token {
  enum Kind { kEnd, kIdent, kNumber, kString, kOp, kLParen, kRParen } kind = kEnd;
  std::string text;
  double number = 0;
  size_t column = 0;
};

}  // namespace

class RuleParser {
 public:
  RuleParser(std::string_view text, const std::function<bool(std::string_view)>& known, Rule& rule)
      : text_(text), known_(known), rule_(rule) {}

  bool Run(RuleError* error) {
    if (!Next()) return Report(error);
    if (tok_.kind == Token::kEnd) {
      Fail(tok_.column, "the rule is empty");
      return Report(error);
    }
    int root = Or();
    if (root >= 0 && tok_.kind != Token::kEnd) Fail(tok_.column, "unexpected '" + tok_.text + "' (expected and, or or the end)");
    if (!error_.message.empty()) return Report(error);
    rule_.root_ = root;
    return true;
  }

 private:
  bool Report(RuleError* error) {
    if (error) *error = error_;
    return false;
  }
  void Fail(size_t column, std::string message) {
    if (error_.message.empty()) error_ = {column, std::move(message)};
  }
  int Add(Rule::Node n) {
    rule_.nodes_.push_back(std::move(n));
    return static_cast<int>(rule_.nodes_.size()) - 1;
  }

  bool Next() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    tok_ = Token{};
    tok_.column = pos_ + 1;
    if (pos_ >= text_.size()) return true;
    char c = text_[pos_];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
                                     text_[pos_] == '.'))
        ++pos_;
      tok_.kind = Token::kIdent;
      tok_.text = std::string(text_.substr(start, pos_ - start));
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && pos_ + 1 < text_.size() &&
                                                       std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      std::string s(text_.substr(pos_));
      char* end = nullptr;
      tok_.number = std::strtod(s.c_str(), &end);
      size_t used = static_cast<size_t>(end - s.c_str());
      tok_.kind = Token::kNumber;
      tok_.text = s.substr(0, used);
      pos_ += used;
      return true;
    }
    if (c == '"' || c == '\'') {
      size_t close = text_.find(c, pos_ + 1);
      if (close == std::string_view::npos) {
        Fail(pos_ + 1, "unterminated string");
        return false;
      }
      tok_.kind = Token::kString;
      tok_.text = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
      return true;
    }
    if (c == '(' || c == ')') {
      tok_.kind = c == '(' ? Token::kLParen : Token::kRParen;
      tok_.text = std::string(1, c);
      ++pos_;
      return true;
    }
    static const char* kOps[] = {">=", "<=", "==", "!=", ">", "<", "="};
    for (const char* op : kOps) {
      std::string_view o(op);
      if (text_.substr(pos_, o.size()) == o) {
        tok_.kind = Token::kOp;
        tok_.text = o == "=" ? "==" : std::string(o);
        pos_ += o.size();
        return true;
      }
    }
    Fail(pos_ + 1, std::string("unexpected character '") + c + "'");
    return false;
  }

  bool IsWord(const char* w) const { return tok_.kind == Token::kIdent && tok_.text == w; }

  int Or() {
    int left = And();
    while (left >= 0 && IsWord("or")) {
      if (!Next()) return -1;
      int right = And();
      if (right < 0) return -1;
      left = Add({Rule::Node::kOr, "", "", 0, {left, right}});
    }
    return left;
  }
  int And() {
    int left = Not();
    while (left >= 0 && IsWord("and")) {
      if (!Next()) return -1;
      int right = Not();
      if (right < 0) return -1;
      left = Add({Rule::Node::kAnd, "", "", 0, {left, right}});
    }
    return left;
  }
  int Not() {
    if (IsWord("not")) {
      if (!Next()) return -1;
      int inner = Not();
      if (inner < 0) return -1;
      return Add({Rule::Node::kNot, "", "", 0, {inner}});
    }
    return Primary();
  }
  int Primary() {
    if (tok_.kind == Token::kLParen) {
      size_t open = tok_.column;
      if (!Next()) return -1;
      int inner = Or();
      if (inner < 0) return -1;
      if (tok_.kind != Token::kRParen) {
        Fail(tok_.column, "missing ')' for the '(' at character " + std::to_string(open));
        return -1;
      }
      if (!Next()) return -1;
      return inner;
    }
    int left = Operand();
    if (left < 0) return -1;
    if (tok_.kind != Token::kOp) {
      if (rule_.nodes_[left].kind != Rule::Node::kField) {
        Fail(tok_.column, "expected a comparison (>=, <=, ==, !=, >, <) after '" + rule_.nodes_[left].text + "'");
        return -1;
      }
      return Add({Rule::Node::kTruthy, "", "", 0, {left}});
    }
    std::string op = tok_.text;
    if (!Next()) return -1;
    int right = Operand();
    if (right < 0) return -1;
    return Add({Rule::Node::kCompare, op, "", 0, {left, right}});
  }
  int Operand() {
    Token t = tok_;
    switch (t.kind) {
      case Token::kNumber:
        if (!Next()) return -1;
        return Add({Rule::Node::kNumber, "", t.text, t.number, {}});
      case Token::kString:
        if (!Next()) return -1;
        return Add({Rule::Node::kString, "", t.text, 0, {}});
      case Token::kIdent:
        if (t.text == "and" || t.text == "or" || t.text == "not") break;
        if (!known_(t.text)) {
          Fail(t.column, "unknown field '" + t.text + "'");
          return -1;
        }
        if (!Next()) return -1;
        return Add({Rule::Node::kField, "", t.text, 0, {}});
      default:
        break;
    }
    Fail(t.column, t.kind == Token::kEnd ? "the rule ends where a value was expected"
                                         : "expected a field, number or string, found '" + t.text + "'");
    return -1;
  }

  std::string_view text_;
  const std::function<bool(std::string_view)>& known_;
  Rule& rule_;
  size_t pos_ = 0;
  Token tok_;
  RuleError error_;
};

std::optional<Rule> Rule::Parse(std::string_view text, const std::function<bool(std::string_view)>& known,
                                RuleError* error) {
  Rule rule;
  rule.text_ = std::string(text);
  RuleParser parser(text, known, rule);
  if (!parser.Run(error)) return std::nullopt;
  return rule;
}

RuleValue Rule::Value(int node, const std::function<RuleValue(std::string_view)>& field) const {
  const Node& n = nodes_[node];
  switch (n.kind) {
    case Node::kNumber:
      return {false, n.number, ""};
    case Node::kString:
      return {true, 0, n.text};
    case Node::kField:
      return field(n.text);
    default:
      return {false, Test(node, field) ? 1.0 : 0.0, ""};
  }
}

bool Rule::Test(int node, const std::function<RuleValue(std::string_view)>& field) const {
  const Node& n = nodes_[node];
  switch (n.kind) {
    case Node::kOr:
      return Test(n.kids[0], field) || Test(n.kids[1], field);
    case Node::kAnd:
      return Test(n.kids[0], field) && Test(n.kids[1], field);
    case Node::kNot:
      return !Test(n.kids[0], field);
    case Node::kTruthy:
      return Value(n.kids[0], field).Truthy();
    case Node::kCompare: {
      RuleValue a = Value(n.kids[0], field), b = Value(n.kids[1], field);
      int cmp;
      if (a.is_string || b.is_string) {
        // A string against a number compares their text forms: "2" == 2 holds, nothing surprising.
        std::string as = a.is_string ? a.text : std::to_string(a.number);
        std::string bs = b.is_string ? b.text : std::to_string(b.number);
        cmp = as < bs ? -1 : as > bs ? 1 : 0;
      } else {
        cmp = a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
      }
      if (n.op == "==") return cmp == 0;
      if (n.op == "!=") return cmp != 0;
      if (n.op == ">=") return cmp >= 0;
      if (n.op == "<=") return cmp <= 0;
      if (n.op == ">") return cmp > 0;
      return cmp < 0;
    }
    default:
      return Value(node, field).Truthy();
  }
}

bool Rule::Matches(const std::function<RuleValue(std::string_view)>& field) const {
  return root_ >= 0 && Test(root_, field);
}

}  // namespace shoal::analytics
