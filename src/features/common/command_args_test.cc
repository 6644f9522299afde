#include "features/common/command_args.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(CommandArgs, MatchesOnlyTheWholeCommandWord) {
  EXPECT_EQ(CommandRest("/signup open x", "/signup").value(), " open x");
  EXPECT_EQ(CommandRest("/signup", "/signup").value(), "");
  EXPECT_FALSE(CommandRest("/signupx", "/signup"));
  EXPECT_FALSE(CommandRest("报名", "/signup"));
  EXPECT_EQ(CommandRest("/signup\xE3\x80\x80list", "/signup").value(), "\xE3\x80\x80list");
}

TEST(CommandArgs, SplitsWordsAndOptions) {
  auto line = ParseCommandLine(" open 周六徒步\xE3\x80\x80 cap=20 deadline=2026-11-28T18:00 fields=姓名,城市 a=b=c 城市=北京 ");
  EXPECT_EQ(line.words, (std::vector<std::string>{"open", "周六徒步", "城市=北京"}));
  EXPECT_EQ(line.options.at("cap"), "20");
  EXPECT_EQ(line.options.at("deadline"), "2026-11-28T18:00");
  EXPECT_EQ(line.options.at("a"), "b=c");
  EXPECT_EQ(SplitList("姓名, 城市，手机,,"), (std::vector<std::string>{"姓名", "城市", "手机"}));
}

TEST(CommandArgs, ParsesDurationsAndLocalTimes) {
  EXPECT_EQ(ParseDurationWord("2h").value(), 2 * kMicrosPerHour);
  EXPECT_FALSE(ParseDurationWord("soon"));
  auto zone = TimeZone::Find("Asia/Shanghai");
  ASSERT_TRUE(zone);
  Micros t = ParseLocalDateTime("2026-11-28T18:00", *zone).value();
  EXPECT_EQ(t, ParseRfc3339("2026-11-28T18:00:00+08:00")->utc);
  EXPECT_EQ(ParseLocalDateTime("2026-11-28 18:00:30", *zone).value(), t + 30 * kMicrosPerSecond);
  EXPECT_EQ(ParseLocalDateTime("2026-11-28T10:00:00Z", *zone).value(), t);
  EXPECT_FALSE(ParseLocalDateTime("2026-02-30T10:00", *zone));
  EXPECT_FALSE(ParseLocalDateTime("tomorrow", *zone));
  EXPECT_EQ(FormatLocalDateTime(t, *zone), "2026-11-28 18:00");
}

}  // namespace
}  // namespace shoal
