// Runs every tests/scenarios/**/*.test file twice: straight through, and with a
// snapshot + restore before every event (so every feature's Save/Load is proven).
#include "scenario/scenario.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace shoal {
namespace {

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  std::filesystem::path dir = std::filesystem::path(SHOAL_SOURCE_DIR) / "tests" / "scenarios";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ScenarioFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioFile, Passes) {
  ScenarioOptions options;
  options.base_config_path = std::string(SHOAL_SOURCE_DIR) + "/tests/scenarios/base.yaml";
  for (bool restart : {false, true}) {
    options.restart_before_each_event = restart;
    ScenarioResult r = RunScenarioFile(GetParam(), options);
    std::string all;
    for (const auto& f : r.failures) all += f + "\n";
    EXPECT_TRUE(r.ok) << (restart ? "[with restart before every event]\n" : "") << all;
    EXPECT_GT(r.events + r.expectations, 0) << GetParam() << " checks nothing";
  }
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string rel = std::filesystem::relative(info.param, std::string(SHOAL_SOURCE_DIR) + "/tests/scenarios").string();
  std::string name;
  for (char c : rel.substr(0, rel.size() - 5)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioFile, ::testing::ValuesIn(ScenarioFiles()), TestName);

// The runner itself must catch mistakes, or every scenario is worthless.
TEST(ScenarioRunner, ReportsMismatchesAndUnexpectedActions) {
  ScenarioOptions options;
  options.base_config_path = std::string(SHOAL_SOURCE_DIR) + "/tests/scenarios/base.yaml";
  auto r = RunScenarioText(
      "time 2026-01-05T09:00:00+08:00\n"
      "> {\"type\":\"message\",\"group\":\"qq:1\",\"member\":\"qq:7\",\"text\":\"hi\"}\n"
      "< {\"action\":\"send\"}\n",
      "inline", options);
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.failures.empty());
  EXPECT_NE(r.failures[0].find("inline:3: expected"), std::string::npos) << r.failures[0];

  r = RunScenarioText(
      "time 2026-01-05T09:00:00+08:00\n"
      "> {\"type\":\"message\",\"group\":\"qq:404\",\"member\":\"qq:7\",\"text\":\"hi\"}\n"
      "reject unknown group\n"
      "report /communities/c1/groups/qq:1/members = 0\n",
      "inline", options);
  EXPECT_TRUE(r.ok) << (r.failures.empty() ? "" : r.failures[0]);

  r = RunScenarioText("report /communities/c1/groups/qq:1/members = 5\n", "inline", options);
  EXPECT_FALSE(r.ok);
}

}  // namespace
}  // namespace shoal
