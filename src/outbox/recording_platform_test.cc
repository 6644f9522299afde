#include "outbox/recording_platform.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace shoal {
namespace {

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/recording_platform_" + name + "_" + std::to_string(::getpid());
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(RecordingPlatform, AppendsEachDeliveredActionAsAJsonLine) {
  std::string path = TempPath("append");
  std::remove(path.c_str());
  {
    RecordingPlatform qq("qq", path);
    ASSERT_TRUE(qq.ok()) << qq.why();
    Action a{.type = ActionType::kSend, .ts = {.utc = 0, .zulu = true}, .group = "qq:1", .text = "你好",
             .reason = "welcome", .key = "1.0"};
    DeliveryResult r = qq.Deliver(a);
    EXPECT_EQ(r.code, DeliveryResult::Code::kDelivered);
    EXPECT_EQ(r.platform_ref, "qq-rec-1");
    a.key = "2.0";
    EXPECT_EQ(qq.Deliver(a).platform_ref, "qq-rec-2");
  }
  {
    RecordingPlatform again("qq", path);  // a restart appends; nothing is overwritten
    Action k{.type = ActionType::kKick, .ts = {.utc = 0, .zulu = true}, .group = "qq:1", .member = "qq:7",
             .reason = "ad:contact", .key = "3.0"};
    EXPECT_EQ(again.Deliver(k).code, DeliveryResult::Code::kDelivered);
  }
  std::string text = Slurp(path);
  std::istringstream lines(text);
  std::string line;
  std::vector<std::string> keys;
  while (std::getline(lines, line)) {
    auto a = ActionFromJson(line);
    ASSERT_TRUE(a) << line;
    keys.push_back(a->key);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"1.0", "2.0", "3.0"}));
  std::remove(path.c_str());
}

TEST(RecordingPlatform, AnUnwritablePathIsAClearErrorAndRetries) {
  RecordingPlatform bad("qq", "/nonexistent-dir/for/sure/delivered.jsonl");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.why().find("cannot open /nonexistent-dir/for/sure/delivered.jsonl"), std::string::npos);
  Action a{.type = ActionType::kSend, .group = "qq:1", .key = "1.0"};
  EXPECT_EQ(bad.Deliver(a).code, DeliveryResult::Code::kRetry);
}

}  // namespace
}  // namespace shoal
