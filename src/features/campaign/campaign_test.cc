// Campaign config: every mistake an operator can make is an error at its line.
#include "features/campaign/campaign.h"

#include <gtest/gtest.h>

#include "shoal/config.h"

namespace shoal {
namespace {

std::string Problems(const std::string& features) {
  std::string yaml =
      "tenant: t\ntimezone: Asia/Shanghai\ncommunities:\n  - id: c\n    groups:\n"
      "      - {id: \"qq:1\", name: G1}\n      - {id: \"qq:3\", name: Core}\nfeatures:\n" + features;
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "c.yaml", &diag);
  return cfg ? "" : diag.ToString();
}

TEST(CampaignConfig, AValidCampaignLoads) {
  EXPECT_EQ(Problems("  points: {}\n  invite: {}\n  campaign:\n    campaigns:\n"
                     "      - {id: a, tiers: [{count: 3, points: 5}, {count: 10, group: \"qq:3\"}]}\n"),
            "");
}

TEST(CampaignConfig, MistakesAreReportedWithTheirLine) {
  std::string p = Problems(
      "  invite: {}\n  campaign:\n    campaigns:\n"
      "      - id: a\n"
      "        start: \"2026-02-01T00:00:00+08:00\"\n"
      "        end: \"2026-01-01T00:00:00+08:00\"\n"    // line 14
      "        tiers:\n"
      "          - {count: 5, points: 10}\n"           // line 16: no ledger
      "          - {count: 3, coupon: true}\n"         // line 17: falling count, no coupons
      "          - {count: 7}\n"                       // line 18: no reward
      "          - {count: 9, group: \"qq:404\"}\n"    // line 19
      "      - {id: a, tiers: []}\n");                // line 20: duplicate, no tiers
  EXPECT_NE(p.find("c.yaml:14:"), std::string::npos) << p;
  EXPECT_NE(p.find("ends before it starts"), std::string::npos) << p;
  EXPECT_NE(p.find("c.yaml:16:"), std::string::npos) << p;
  EXPECT_NE(p.find("need features.points"), std::string::npos) << p;
  EXPECT_NE(p.find("rising count"), std::string::npos) << p;
  EXPECT_NE(p.find("`coupons` list"), std::string::npos) << p;
  EXPECT_NE(p.find("a tier needs a reward"), std::string::npos) << p;
  EXPECT_NE(p.find("unknown group 'qq:404'"), std::string::npos) << p;
  EXPECT_NE(p.find("listed twice"), std::string::npos) << p;
  EXPECT_NE(p.find("at least one reward tier"), std::string::npos) << p;
}

TEST(CampaignConfig, NeedsInviteAttribution) {
  std::string p = Problems("  campaign:\n    campaigns:\n      - {id: a, tiers: [{count: 1, group: \"qq:3\"}]}\n");
  EXPECT_NE(p.find("campaigns need features.invite"), std::string::npos) << p;
}

}  // namespace
}  // namespace shoal
