// Gate config: modes, keywords, capacity 0 and unknown groups are errors at their line.
#include "features/gate/gate.h"

#include <gtest/gtest.h>

#include "shoal/config.h"

namespace shoal {
namespace {

std::string Problems(const std::string& features) {
  std::string yaml =
      "tenant: t\ntimezone: Asia/Shanghai\ncommunities:\n  - id: c\n    groups:\n"
      "      - {id: \"qq:1\", name: G1}\n      - {id: \"qq:2\", name: G2}\nfeatures:\n" + features;
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "c.yaml", &diag);
  return cfg ? "" : diag.ToString();
}

TEST(GateConfig, ValidRulesLoad) {
  EXPECT_EQ(Problems("  gate:\n    groups:\n      \"qq:1\": {mode: answer, keywords: [a]}\n"
                     "      \"qq:2\": {mode: paid, capacity: 199, probation: 5m, captcha: ok}\n"),
            "");
}

TEST(GateConfig, MistakesAreReportedWithTheirLine) {
  std::string p = Problems(
      "  gate:\n    groups:\n"
      "      \"qq:1\": {mode: quiz}\n"                  // line 11
      "      \"qq:2\": {mode: answer, capacity: 0}\n"   // line 12
      "      \"qq:404\": {mode: open}\n");              // line 13
  EXPECT_NE(p.find("c.yaml:11:"), std::string::npos) << p;
  EXPECT_NE(p.find("unknown mode 'quiz'"), std::string::npos) << p;
  EXPECT_NE(p.find("c.yaml:12:"), std::string::npos) << p;
  EXPECT_NE(p.find("capacity 0 admits nobody"), std::string::npos) << p;
  EXPECT_NE(p.find("answer mode needs at least one keyword"), std::string::npos) << p;
  EXPECT_NE(p.find("unknown group 'qq:404'"), std::string::npos) << p;
  p = Problems("  gate:\n    groups:\n      \"qq:1\": {probation: 5m}\n");
  EXPECT_NE(p.find("probation needs the phrase"), std::string::npos) << p;
}

}  // namespace
}  // namespace shoal
