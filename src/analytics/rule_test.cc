#include "analytics/rule.h"

#include <map>

#include <gtest/gtest.h>

namespace shoal::analytics {
namespace {

bool Known(std::string_view f) { return f == "paid" || f == "quiet_days" || f == "level" || f == "messages"; }

bool Eval(const std::string& text, const std::map<std::string, RuleValue>& fields) {
  RuleError err;
  auto rule = Rule::Parse(text, Known, &err);
  EXPECT_TRUE(rule) << err.message;
  return rule && rule->Matches([&](std::string_view f) { return fields.at(std::string(f)); });
}

TEST(Rule, EvaluatesBooleansComparisonsAndStrings) {
  std::map<std::string, RuleValue> m = {{"paid", {false, 1, ""}},
                                        {"quiet_days", {false, 20, ""}},
                                        {"level", {true, 0, "expert"}},
                                        {"messages", {false, 3, ""}}};
  EXPECT_TRUE(Eval("paid and quiet_days >= 14", m));
  EXPECT_FALSE(Eval("paid and quiet_days < 14", m));
  EXPECT_TRUE(Eval("not paid or level == \"expert\"", m));
  EXPECT_TRUE(Eval("(messages > 5 or level = 'expert') and not (quiet_days != 20)", m));
  EXPECT_FALSE(Eval("not paid", m));
  EXPECT_TRUE(Eval("messages <= 3 and messages > -1", m));
}

TEST(Rule, ReportsWhereParsingStopped) {
  RuleError err;
  EXPECT_FALSE(Rule::Parse("paid and quiet_dayz >= 14", Known, &err));
  EXPECT_EQ(err.column, 10u);
  EXPECT_EQ(err.message, "unknown field 'quiet_dayz'");
  EXPECT_FALSE(Rule::Parse("paid and (quiet_days >= 14", Known, &err));
  EXPECT_EQ(err.message, "missing ')' for the '(' at character 10");
  EXPECT_FALSE(Rule::Parse("paid and", Known, &err));
  EXPECT_EQ(err.message, "the rule ends where a value was expected");
  EXPECT_FALSE(Rule::Parse("quiet_days >= ", Known, &err));
  EXPECT_FALSE(Rule::Parse("paid # x", Known, &err));
  EXPECT_EQ(err.column, 6u);
  EXPECT_FALSE(Rule::Parse("level == \"exp", Known, &err));
  EXPECT_EQ(err.message, "unterminated string");
  EXPECT_FALSE(Rule::Parse("14", Known, &err));
  EXPECT_FALSE(Rule::Parse("", Known, &err));
  EXPECT_EQ(err.message, "the rule is empty");
  EXPECT_FALSE(Rule::Parse("paid paid", Known, &err));
}

}  // namespace
}  // namespace shoal::analytics
