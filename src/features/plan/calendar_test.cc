#include "features/plan/calendar.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

const char* kConfig = R"(
tenant: t
timezone: Asia/Shanghai
communities:
  - id: c1
    name: One
    groups:
      - {id: "qq:1", name: 一群, tags: [main]}
      - {id: "qq:2", name: 二群}
  - id: c2
    timezone: America/New_York
    groups:
      - {id: "tg:1", name: NY, tags: [main]}
features:
  plan:
    questions: [{question: Q1, brainstorm: true}, {question: Q2, brainstorm: true}]
    entries:
      - {id: q, at: ["09:00", "21:00"], to: ["tag:main"], text: "{group} {date} {time} {question} {members}"}
      - {id: once, on: "2026-03-08 02:30", to: [all], text: "{community}"}
)";

TEST(PlanCalendar, ListsEveryPostPerGroupInEachCommunitysZone) {
  Diagnostics diag;
  auto cfg = LoadConfigString(kConfig, "plan.yaml", &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  std::vector<PlannedPost> posts;
  ASSERT_TRUE(PlanCalendar(*cfg, DaysFromCivil(2026, 3, 8), DaysFromCivil(2026, 3, 8), &posts, &diag));
  std::vector<std::string> got;
  for (const auto& p : posts) got.push_back(FormatRfc3339(p.at) + " " + p.group + " " + p.text);
  // Sorted by instant: New York's day interleaves with Shanghai's. New York springs
  // forward on 2026-03-08, so its 02:30 does not exist and runs at 03:30 EDT.
  EXPECT_EQ(got, (std::vector<std::string>{
                     "2026-03-08T02:30:00+08:00 qq:1 One",
                     "2026-03-08T02:30:00+08:00 qq:2 One",
                     "2026-03-08T09:00:00+08:00 qq:1 一群 2026-03-08 09:00 Q1 [members]",
                     "2026-03-08T03:30:00-04:00 tg:1 c2",
                     "2026-03-08T21:00:00+08:00 qq:1 一群 2026-03-08 21:00 Q2 [members]",
                     "2026-03-08T09:00:00-04:00 tg:1 NY 2026-03-08 09:00 Q1 [members]",
                     "2026-03-08T21:00:00-04:00 tg:1 NY 2026-03-08 21:00 Q2 [members]",
                 }));
}

TEST(PlanCalendar, ConfigProblemsPointAtTheirLines) {
  std::string bad = kConfig;
  bad.replace(bad.find("{members}"), 9, "{member}");
  Diagnostics diag;
  EXPECT_FALSE(LoadConfigString(bad, "plan.yaml", &diag));
  EXPECT_NE(diag.ToString().find("plan.yaml:18:"), std::string::npos) << diag.ToString();
  EXPECT_NE(diag.ToString().find("unknown placeholder {member}"), std::string::npos) << diag.ToString();
}

}  // namespace
}  // namespace shoal
