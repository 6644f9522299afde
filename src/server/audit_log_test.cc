#include "server/audit_log.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shoal {
namespace {

TEST(AuditLog, AppendsLinesToTheFileAndKeepsTheNewestInMemory) {
  auto path = std::filesystem::temp_directory_path() / ("shoal_audit_" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  {
    AuditLog log(path.string(), /*keep_in_memory=*/2);
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 3; ++i) {
      log.Append({.time_micros = 1'767'574'800'000'000 + i, .token = "ops", .role = "operator", .method = "POST",
                  .path = "/v1/events", .status = 200, .detail = "accepted " + std::to_string(i)});
    }
    auto recent = log.Recent(10);
    ASSERT_EQ(recent.size(), 2u);
    EXPECT_NE(recent[1].find("accepted 2"), std::string::npos);
  }
  std::ifstream in(path);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["token"], "ops");
    EXPECT_EQ(j["status"], 200);
    EXPECT_EQ(j["time"].get<std::string>().substr(0, 10), "2026-01-05");
    ++lines;
  }
  EXPECT_EQ(lines, 3);
  std::filesystem::remove(path);
}

TEST(AuditLog, HostilePathsStayOneEscapedLine) {
  AuditLog log("");
  log.Append({.token = "-", .method = "GET", .path = "/v1/x\n\"}\xff", .status = 401});
  auto recent = log.Recent(1);
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].find('\n'), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(recent[0]));
}

}  // namespace
}  // namespace shoal
