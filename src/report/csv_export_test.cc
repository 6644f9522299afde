#include "report/csv_export.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shoal {
namespace {

using nlohmann::json;

json SampleReport() {
  return json::parse(R"({
    "tenant": "t",
    "communities": [
      {"id": "bj", "features": {"analytics": {
        "groups": {"qq:1": {"members": 3, "stage": "active", "alerts": ["quiet", "small"]},
                   "qq:2": {"members": 0, "stage": "dead", "health": {"trend": -0.5}}},
        "pyramid": [{"level": "ordinary", "members": 10}, {"level": "expert", "members": 1}]
      }}},
      {"id": "sh", "features": {"analytics": {"groups": {"qq:9": {"members": 1}}}}}
    ]
  })");
}

TEST(CsvExport, ListsEveryTableByPath) {
  auto tables = ListCsvTables(SampleReport());
  std::vector<std::string> paths;
  for (const auto& t : tables) paths.push_back(t.path);
  {
    auto has = [&](const std::string& p) { return std::find(paths.begin(), paths.end(), p) != paths.end(); };
    EXPECT_TRUE(has("communities")) << "the communities list is a table of its own";
    EXPECT_TRUE(has("communities/bj/features/analytics/groups"));
    EXPECT_TRUE(has("communities/bj/features/analytics/pyramid"));
    EXPECT_TRUE(has("communities/sh/features/analytics/groups"));
  }
  for (const auto& t : tables) {
    if (t.path == "communities/bj/features/analytics/groups") {
      EXPECT_EQ(t.rows, 2u);
      EXPECT_EQ(t.columns, 5u);  // key, members, stage, alerts, health.trend
    }
  }
}

TEST(CsvExport, KeyedTableHasKeyColumnAndFlattenedCells) {
  std::string csv, why;
  ASSERT_TRUE(ExportCsvTable(SampleReport(), "communities/bj/features/analytics/groups", &csv, &why)) << why;
  EXPECT_EQ(csv,
            // Columns in first-seen order; nlohmann::json keeps an object's keys sorted.
            "key,alerts,members,stage,health.trend\r\n"
            "qq:1,quiet;small,3,active,\r\n"
            "qq:2,,0,dead,-0.5\r\n");
}

TEST(CsvExport, ArrayTableKeepsRowOrder) {
  std::string csv, why;
  ASSERT_TRUE(ExportCsvTable(SampleReport(), "communities/bj/features/analytics/pyramid", &csv, &why)) << why;
  EXPECT_EQ(csv, "level,members\r\nordinary,10\r\nexpert,1\r\n");
}

TEST(CsvExport, UnknownTableSuggestsNearOnes) {
  std::string csv, why;
  EXPECT_FALSE(ExportCsvTable(SampleReport(), "communities/xx/features/analytics/groups", &csv, &why));
  EXPECT_NE(why.find("no table 'communities/xx/features/analytics/groups'"), std::string::npos) << why;
  EXPECT_NE(why.find("communities/bj/features/analytics/groups"), std::string::npos) << why;
  EXPECT_NE(why.find("--table list"), std::string::npos) << why;
}

TEST(CsvExport, FieldsAreQuotedAndFormulasDefused) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("@cmd"), "'@cmd");
  EXPECT_EQ(CsvField("-12.5"), "-12.5");
  EXPECT_EQ(CsvField("-x"), "'-x");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField(" padded "), "\" padded \"");
}

TEST(CsvExport, HostileNamesStayInTheirCell) {
  json report = json::parse(R"({"members": [{"name": "a\",b\r\nc", "points": 1}]})");
  std::string csv, why;
  ASSERT_TRUE(ExportCsvTable(report, "members", &csv, &why));
  EXPECT_EQ(csv, "name,points\r\n\"a\"\",b\r\nc\",1\r\n");
}

TEST(CsvExport, EmptyReportHasNoTables) {
  EXPECT_TRUE(ListCsvTables(json::object()).empty());
  std::string csv, why;
  EXPECT_FALSE(ExportCsvTable(json::object(), "groups", &csv, &why));
}

}  // namespace
}  // namespace shoal
