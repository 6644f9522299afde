#include "analytics/analytics_html.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shoal {
namespace {

TEST(AnalyticsHtml, ChartsAreEscapedAndScriptFree) {
  nlohmann::json a = {
      {"community", {{"days", {{"2026-01-05", {{"members", 3}, {"speakers", 2}}}}}}},
      {"levels", {{"pyramid", {{"ordinary", 5}, {"<b>expert</b>", 1}}}}},
      {"retention", {{"cohorts", {{"2026-01-05", {{"size", 3}, {"present", {1.0, 0.5}}, {"speaking", {1.0, 0.25}}}}}}}}};
  std::string html = AnalyticsHtml("<script>alert(1)</script>", a);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;expert"), std::string::npos);
  EXPECT_NE(html.find("50% / 25%"), std::string::npos);
  EXPECT_EQ(AnalyticsHtml("x", nlohmann::json::object()), "");
}

}  // namespace
}  // namespace shoal
