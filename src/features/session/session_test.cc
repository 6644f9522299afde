// Session config: `shoal check` refuses impossible plans with the line of the mistake.
#include "features/session/session.h"

#include <gtest/gtest.h>

#include "shoal/config.h"

namespace shoal {
namespace {

std::string Problems(const std::string& features) {
  std::string yaml =
      "tenant: t\ntimezone: Asia/Shanghai\ncommunities:\n  - id: c\n    groups:\n"
      "      - {id: \"qq:1\", name: G1}\n      - {id: \"qq:500\", name: Talk}\nfeatures:\n" + features;
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "c.yaml", &diag);
  return cfg ? "" : diag.ToString();
}

const char kGood[] =
    "  session:\n    sessions:\n"
    "      - id: w1\n        topic: T\n        kol: \"qq:800\"\n        group: \"qq:500\"\n"
    "        sources: [\"qq:1\"]\n        start: \"2026-01-08T20:00:00+08:00\"\n"
    "        end: \"2026-01-08T22:00:00+08:00\"\n";

TEST(SessionConfig, AValidPlanLoads) { EXPECT_EQ(Problems(kGood), ""); }

TEST(SessionConfig, MistakesAreReportedWithTheirLine) {
  std::string p = Problems(
      "  session:\n    sessions:\n"
      "      - id: w1\n        topic: T\n        kol: teacher\n"           // line 13: kol not an id
      "        group: \"qq:500\"\n"
      "        sources: [\"qq:500\", \"qq:404\"]\n"                        // line 15
      "        start: \"2026-01-08T22:00:00+08:00\"\n"
      "        end: \"2026-01-08T20:00:00+08:00\"\n"                       // line 17
      "        seats: 0\n"                                                 // line 18
      "      - {id: w2, topic: T, kol: \"qq:8\", group: \"qq:404\", start: soon}\n");  // line 19
  EXPECT_NE(p.find("c.yaml:13:"), std::string::npos) << p;
  EXPECT_NE(p.find("is not a member id"), std::string::npos) << p;
  EXPECT_NE(p.find("cannot be one of its own sources"), std::string::npos) << p;
  EXPECT_NE(p.find("unknown group 'qq:404'"), std::string::npos) << p;
  EXPECT_NE(p.find("c.yaml:17:"), std::string::npos) << p;
  EXPECT_NE(p.find("ends before it starts"), std::string::npos) << p;
  EXPECT_NE(p.find("c.yaml:18:"), std::string::npos) << p;
  EXPECT_NE(p.find("capacity 0 admits nobody"), std::string::npos) << p;
  EXPECT_NE(p.find("c.yaml:19:"), std::string::npos) << p;
  EXPECT_NE(p.find("'soon' is not a time"), std::string::npos) << p;
  EXPECT_NE(p.find("end: missing"), std::string::npos) << p;
}

}  // namespace
}  // namespace shoal
