#include "growth/invite_event.h"

#include <gtest/gtest.h>

#include "shoal/event_codec.h"

namespace shoal {
namespace {

Timestamp At(const char* s) { return *ParseRfc3339(s); }

TEST(InviteEvent, RoundTripsThroughTheEventCodec) {
  InviteSpec spec{.code = "partner-x", .channel = "partner", .group = "qq:1", .owner = "qq:7", .uses = 100,
                  .expires = At("2026-02-01T00:00:00+08:00").utc};
  std::string line = InviteEventJson(spec, At("2026-01-05T09:00:00+08:00"));
  EXPECT_EQ(line,
            "{\"type\":\"invite\",\"ts\":\"2026-01-05T09:00:00+08:00\",\"group\":\"qq:1\",\"member\":\"qq:7\","
            "\"code\":\"partner-x\",\"channel\":\"partner\",\"uses\":100,\"expires\":\"2026-02-01T00:00:00+08:00\"}");
  EventParser parser;
  Event e;
  EventError err;
  ASSERT_TRUE(parser.Parse(line, &e, &err)) << err.ToString();
  EXPECT_EQ(e.type, EventType::kInvite);
  InviteSpec back;
  ASSERT_TRUE(ParseInviteEvent(e, &back, &err));
  EXPECT_EQ(back.code, "partner-x");
  EXPECT_EQ(back.channel, "partner");
  EXPECT_EQ(back.group, "qq:1");
  EXPECT_EQ(back.owner, "qq:7");
  EXPECT_EQ(back.uses, 100);
  EXPECT_EQ(back.expires, spec.expires);
  EXPECT_FALSE(back.revoke);
  EXPECT_EQ(EventToJson(e), line);
}

TEST(InviteEvent, ChannelDefaultsToTheCodeAndRevokeIsShort) {
  std::string line = InviteEventJson({.code = "x1", .revoke = true}, At("2026-01-05T09:00:00Z"));
  EXPECT_EQ(line, "{\"type\":\"invite\",\"ts\":\"2026-01-05T09:00:00Z\",\"code\":\"x1\",\"revoke\":true}");
  EventParser parser;
  Event e;
  EventError err;
  ASSERT_TRUE(parser.Parse(line, &e, &err));
  InviteSpec spec;
  ASSERT_TRUE(ParseInviteEvent(e, &spec, &err));
  EXPECT_TRUE(spec.revoke);
  EXPECT_EQ(spec.channel, "x1");
}

TEST(InviteEvent, BadFieldsAreNamed) {
  EventParser parser;
  struct Case {
    const char* extra;
    const char* field;
  } cases[] = {
      {"", "code"},
      {"\"code\":\"a b\"", "code"},
      {"\"code\":\"a:b\"", "code"},
      {"\"code\":7", "code"},
      {"\"code\":\"ok\",\"uses\":-2", "uses"},
      {"\"code\":\"ok\",\"uses\":1.5", "uses"},
      {"\"code\":\"ok\",\"expires\":\"soon\"", "expires"},
      {"\"code\":\"ok\",\"expires\":\"2026-01-01T00:00:00Z\"", "expires"},  // before ts
      {"\"code\":\"ok\",\"revoke\":\"yes\"", "revoke"},
      {"\"code\":\"ok\",\"channel\":[1]", "channel"},
  };
  for (const auto& c : cases) {
    std::string line = std::string("{\"type\":\"invite\",\"ts\":\"2026-01-05T09:00:00Z\"") +
                       (*c.extra ? "," : "") + c.extra + "}";
    Event e;
    EventError err;
    EXPECT_FALSE(parser.Parse(line, &e, &err)) << line;
    EXPECT_EQ(err.field, c.field) << line << " -> " << err.ToString();
  }
}

TEST(InviteEvent, CodeShape) {
  EXPECT_TRUE(IsInviteCode("poster-2026_v1.2"));
  EXPECT_FALSE(IsInviteCode(""));
  EXPECT_FALSE(IsInviteCode(std::string(65, 'a')));
  EXPECT_FALSE(IsInviteCode("qq:7"));
  EXPECT_FALSE(IsInviteCode("海报"));
}

}  // namespace
}  // namespace shoal
