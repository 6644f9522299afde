#include "features/common/text_template.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(TextTemplate, RendersKnownNamesAndKeepsTheRest) {
  EXPECT_EQ(RenderTemplate("欢迎 {names} 加入{group}！", {{"names", "小明、小红"}, {"group", "一群"}}), "欢迎 小明、小红 加入一群！");
  EXPECT_EQ(RenderTemplate("{unknown} {", {}), "{unknown} {");
  EXPECT_EQ(RenderTemplate("{a}{a}", {{"a", "x"}}), "xx");
}

TEST(TextTemplate, ListsPlaceholders) {
  EXPECT_EQ(TemplateNames("{a} and {b}"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(TemplateNames("no braces").empty());
}

TEST(TextTemplate, ReadTemplateRejectsUnknownPlaceholders) {
  Diagnostics diag;
  YAML::Node n = YAML::Load("reply: \"{name} {oops}\"");
  ConfigSection s(n, "features.x", "test.yaml", &diag);
  ReadTemplate(s, "reply", "", {"name"});
  EXPECT_EQ(diag.error_count(), 1u);
  EXPECT_NE(diag.ToString().find("unknown placeholder {oops}"), std::string::npos);
}

TEST(TextTemplate, TrimsAsciiAndIdeographicSpace) {
  EXPECT_EQ(TrimText("\xE3\x80\x80 签到 \n"), "签到");
  EXPECT_EQ(TrimText("   "), "");
}

}  // namespace
}  // namespace shoal
