#include "features/plan/plan_import.h"

#include <fstream>

#include <gtest/gtest.h>

#include "shoal/time.h"

namespace shoal {
namespace {

TEST(PlanImport, CsvRowsWithQuotesLineBreaksAndTheirLines) {
  std::vector<PlanRow> rows;
  Diagnostics diag;
  std::string csv =
      "Date,Time,To,Text,Mode\r\n"
      "2026-03-01,09:00,qq:1,hello,\r\n"
      "\r\n"
      "2026-03-02,20:00,\"qq:1; tag:main\",\"two\nlines, \"\"quoted\"\"\",assisted\r\n"
      "2026-03-03,07:05,all,last,direct\r\n";
  ASSERT_TRUE(ReadPlanCsvText(csv, "m.csv", &rows, &diag)) << diag.ToString();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[1].line, 4);
  EXPECT_EQ(rows[2].line, 6);
  EXPECT_EQ(rows[1].text, "two\nlines, \"quoted\"");
  EXPECT_EQ(rows[1].targets, (std::vector<std::string>{"qq:1", "tag:main"}));
  EXPECT_EQ(rows[1].mode, "assisted");
  EXPECT_EQ(rows[1].minute, 20 * 60);
  EXPECT_EQ(rows[2].minute, 7 * 60 + 5);
  EXPECT_EQ(rows[0].day, DaysFromCivil(2026, 3, 1));
}

TEST(PlanImport, EveryBadRowReportedWithItsLine) {
  std::vector<PlanRow> rows;
  Diagnostics diag;
  std::string csv =
      "date,time,targets,text\n"
      "2026-02-30,09:00,qq:1,a\n"
      "2026-03-01,9h,qq:1,b\n"
      "2026-03-01,09:00,,c\n"
      "2026-03-01,09:00,qq:1,ok\n"
      "2026-03-01,09:00,qq:1\n";
  EXPECT_FALSE(ReadPlanCsvText(csv, "m.csv", &rows, &diag));
  std::string all = diag.ToString();
  EXPECT_NE(all.find("m.csv:2: error: bad date '2026-02-30'"), std::string::npos) << all;
  EXPECT_NE(all.find("m.csv:3: error: bad time '9h'"), std::string::npos) << all;
  EXPECT_NE(all.find("m.csv:4: error: no targets"), std::string::npos) << all;
  EXPECT_NE(all.find("m.csv:6: error: 3 fields, but the header has 4"), std::string::npos) << all;
  EXPECT_EQ(rows.size(), 1u);  // what parsed, for the caller's checks; the caller imports none of it
}

TEST(PlanImport, HeaderAndQuotingProblems) {
  std::vector<PlanRow> rows;
  Diagnostics diag;
  EXPECT_FALSE(ReadPlanCsvText("date,time,text,colour\n", "h.csv", &rows, &diag));
  EXPECT_NE(diag.ToString().find("h.csv:1: error: unknown column 'colour'"), std::string::npos) << diag.ToString();
  EXPECT_NE(diag.ToString().find("missing column 'targets'"), std::string::npos);
  Diagnostics diag2;
  EXPECT_FALSE(ReadPlanCsvText("date,time,targets,text\n2026-03-01,09:00,qq:1,\"open\n", "q.csv", &rows, &diag2));
  EXPECT_NE(diag2.ToString().find("q.csv:2: error: CSV syntax"), std::string::npos) << diag2.ToString();
}

TEST(PlanImport, DatesAndTimes) {
  int64_t day;
  int minute;
  EXPECT_TRUE(ParsePlanDate("2028-02-29", &day));
  EXPECT_FALSE(ParsePlanDate("2026-02-29", &day));
  EXPECT_FALSE(ParsePlanDate("2026-3-1", &day));
  EXPECT_TRUE(ParsePlanTime("23:59", &minute));
  EXPECT_EQ(minute, 23 * 60 + 59);
  EXPECT_FALSE(ParsePlanTime("24:00", &minute));
  EXPECT_FALSE(ParsePlanTime("09:00x", &minute));
}

}  // namespace
}  // namespace shoal

namespace shoal {
namespace {

TEST(PlanImport, YamlPostsWithLinesAndListTargets) {
  std::string path = ::testing::TempDir() + "/plan_import_test.yaml";
  {
    std::ofstream f(path);
    f << "posts:\n"
         "  - {date: 2026-03-01, time: \"09:00\", to: [qq:1, tag:main], text: hello, id: a}\n"
         "  - date: 2026-03-02\n"
         "    time: \"20:30\"\n"
         "    to: all\n"
         "    text: \"{group} live\"\n"
         "    mode: assisted\n";
  }
  std::vector<PlanRow> rows;
  Diagnostics diag;
  ASSERT_TRUE(ReadPlanYaml(path, &rows, &diag)) << diag.ToString();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].targets, (std::vector<std::string>{"qq:1", "tag:main"}));
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].minute, 20 * 60 + 30);
  EXPECT_EQ(rows[1].mode, "assisted");
  {
    std::ofstream f(path);
    f << "posts:\n  - {date: 2026-13-01, time: \"09:00\", to: qq:1, text: x}\n  - {date: 2026-03-01, tim: \"09:00\"}\n";
  }
  rows.clear();
  Diagnostics bad;
  EXPECT_FALSE(ReadPlanYaml(path, &rows, &bad));
  EXPECT_NE(bad.ToString().find(":2:"), std::string::npos) << bad.ToString();
  EXPECT_NE(bad.ToString().find("unknown key 'tim'"), std::string::npos) << bad.ToString();
}

}  // namespace
}  // namespace shoal
