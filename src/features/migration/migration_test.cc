// Migration config: impossible retirements are errors at their line.
#include "features/migration/migration.h"

#include <gtest/gtest.h>

#include "shoal/config.h"

namespace shoal {
namespace {

std::string Problems(const std::string& features) {
  std::string yaml =
      "tenant: t\ntimezone: Asia/Shanghai\ncommunities:\n  - id: c\n    groups:\n"
      "      - {id: \"qq:1\", name: Old}\n      - {id: \"qq:2\", name: New}\nfeatures:\n" + features;
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "c.yaml", &diag);
  return cfg ? "" : diag.ToString();
}

TEST(MigrationConfig, AValidRetirementLoads) {
  EXPECT_EQ(Problems("  migration:\n    retire:\n      - {group: \"qq:1\", successor: \"qq:2\", "
                     "announce_at: \"2026-02-01T10:00:00+08:00\", disband_at: \"2026-02-08T10:00:00+08:00\"}\n"),
            "");
}

TEST(MigrationConfig, MistakesAreReportedWithTheirLine) {
  std::string p = Problems(
      "  migration:\n    retire:\n"
      "      - {group: \"qq:1\", successor: \"qq:1\", announce_at: \"2026-02-08T10:00:00+08:00\", "
      "disband_at: \"2026-02-01T10:00:00+08:00\"}\n"                     // line 11
      "      - {group: \"qq:404\", successor: \"qq:2\"}\n");             // line 12
  EXPECT_NE(p.find("c.yaml:11:"), std::string::npos) << p;
  EXPECT_NE(p.find("cannot succeed itself"), std::string::npos) << p;
  EXPECT_NE(p.find("disbanded before the move is announced"), std::string::npos) << p;
  EXPECT_NE(p.find("c.yaml:12:"), std::string::npos) << p;
  EXPECT_NE(p.find("unknown group 'qq:404'"), std::string::npos) << p;
  EXPECT_NE(p.find("announce_at: missing"), std::string::npos) << p;
}

}  // namespace
}  // namespace shoal
