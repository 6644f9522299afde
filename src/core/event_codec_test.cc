#include "shoal/event_codec.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

Event ParseOk(std::string_view json) {
  EventParser p;
  Event e;
  EventError err;
  EXPECT_TRUE(p.Parse(json, &e, &err)) << err.ToString();
  return e;
}

std::string ParseError(std::string_view json, EventLimits limits = {}) {
  EventParser p(limits);
  Event e;
  EventError err;
  EXPECT_FALSE(p.Parse(json, &e, &err)) << json;
  return err.ToString();
}

TEST(EventCodec, ParsesEveryTypeAndRoundTrips) {
  const char* lines[] = {
      R"({"type":"message","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","name":"小明","text":"你好\n\"世界\"","msg_id":"m1","reply_to":"m0"})",
      R"({"type":"join","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","name":"小明","via":"poster"})",
      R"({"type":"leave","ts":"2026-01-05T09:00:00Z","group":"qq:1","member":"qq:7"})",
      R"({"type":"join_request","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","answer":"朋友介绍","request_id":"r1"})",
      R"({"type":"reaction","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","msg_id":"m1","emoji":"👍"})",
      R"({"type":"conversion","ts":"2026-01-05T09:00:00+08:00","member":"qq:7","goal":"paid","value":199.5})",
      R"({"type":"tick","ts":"2026-01-05T09:00:00+08:00"})",
      R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","msg_id":"m9","key":"3.0","action":"send","outcome":"delivered","reason":"welcome","slot":"welcome"})",
      R"({"type":"recall","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","msg_id":"m1","by":"qq:2"})",
      R"({"type":"restrict","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2","note":{"raw":1}})",
      R"({"type":"restrict","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","seconds":0,"by":"qq:2","whole":true,"by_self":true})",
  };
  for (const char* line : lines) {
    Event e = ParseOk(line);
    EXPECT_EQ(EventToJson(e), line);
    Event again = ParseOk(EventToJson(e));
    EXPECT_EQ(EventToJson(again), line);
  }
}

TEST(EventCodec, KeepsUnknownFieldsVerbatim) {
  Event e = ParseOk(
      R"({"type":"message","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","text":"hi","platform":{"raw":[1,2,{"a":null}]},"flag":true})");
  EXPECT_EQ(e.extra, R"("platform":{"raw":[1,2,{"a":null}]},"flag":true)");
  EXPECT_NE(EventToJson(e).find(R"("flag":true)"), std::string::npos);
}

TEST(EventCodec, NamesTheFieldOfEachError) {
  EXPECT_EQ(ParseError(R"({"ts":"2026-01-05T09:00:00+08:00"})").rfind("type: missing", 0), 0u);
  EXPECT_EQ(ParseError(R"({"type":"join","group":"qq:1","member":"qq:7"})").rfind("ts: missing", 0), 0u);
  EXPECT_EQ(ParseError(R"({"type":"join","ts":"2026-01-05T09:00:00+08:00","member":"qq:7"})"), "group: missing");
  EXPECT_EQ(ParseError(R"({"type":"join","ts":"2026-01-05T09:00:00+08:00","group":"qq1","member":"qq:7"})")
                .rfind("group: 'qq1' is not an id", 0),
            0u);
  EXPECT_EQ(ParseError(R"({"type":"message","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","text":5})"),
            "text: must be a string");
  EXPECT_EQ(ParseError(R"({"type":"message","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7"})"),
            "text: missing (a message needs text)");
  EXPECT_EQ(ParseError(R"({"type":"conversion","ts":"2026-01-05T09:00:00+08:00","member":"qq:7","goal":"paid","value":"x"})"),
            "value: must be a number");
  EXPECT_EQ(ParseError(R"({"type":"reaction","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","msg_id":"1"})"),
            "emoji: missing");
}

TEST(EventCodec, RejectsMalformedInput) {
  EXPECT_NE(ParseError(R"({"type":"join")").find("malformed"), std::string::npos);
  EXPECT_NE(ParseError("[1,2]").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(ParseError("").find("JSON"), std::string::npos);
  EXPECT_NE(ParseError(R"({"type":"tick","ts":"2026-01-05T09:00:00+08:00"} trailing)").find("JSON"), std::string::npos);
  std::string deep(5000, '[');
  ParseError("{\"type\":\"join\",\"x\":" + deep + "}");
  EXPECT_EQ(ParseError("{\"type\":\"message\",\"text\":\"\xff\xfe\"}"), "invalid UTF-8 in the event");
  EXPECT_EQ(ParseError(R"({"type":"message","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","text":"a\u0000b"})"),
            "text: contains control characters");
  EXPECT_EQ(ParseError(R"({"type":"message","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","name":"\u202e\u0007","text":"x"})"),
            "name: contains control characters");
}

TEST(EventCodec, EnforcesSizeLimitsWithoutTruncating) {
  EventLimits limits;
  limits.max_text_bytes = 10;
  std::string err = ParseError(
      R"({"type":"message","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","text":"12345678901"})", limits);
  EXPECT_EQ(err.rfind("text: 11 bytes, over the limit of 10", 0), 0u) << err;
  limits.max_line_bytes = 300;
  std::string big = R"({"type":"message","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","text":")" +
                    std::string(400, 'a') + "\"}";
  EXPECT_NE(ParseError(big, limits).find("over the limit of 300"), std::string::npos);
}

TEST(EventCodec, RefusesAFieldGivenTwice) {
  // Two parsers could read {"type":"message","type":"join"} differently; we read neither.
  EXPECT_EQ(ParseError(R"({"type":"message","type":"join","ts":"2026-01-05T09:00:00Z","group":"qq:1","member":"qq:7"})"),
            "type: given twice (a field may appear once; parsers disagree on which copy wins)");
  EXPECT_NE(ParseError(R"({"type":"message","ts":"2026-01-05T09:00:00Z","group":"qq:1","member":"qq:7","member":"qq:8"})")
                .find("member: given twice"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"type":"message","ts":"2026-01-05T09:00:00Z","group":"qq:1","member":"qq:7","x":1,"x":2})")
                .find("x: given twice"),
            std::string::npos);
}

TEST(EventCodec, RefusesDeeplyNestedUnknownFields) {
  std::string deep(40, '[');
  deep += std::string(40, ']');
  EXPECT_EQ(ParseError(R"({"type":"message","ts":"2026-01-05T09:00:00Z","group":"qq:1","member":"qq:7","x":)" + deep + "}"),
            "x: nested deeper than 32 levels");
  // Brackets inside strings are text, not nesting.
  std::string text_brackets = "\"" + std::string(100, '[') + "\"";
  Event e = ParseOk(R"({"type":"message","ts":"2026-01-05T09:00:00Z","group":"qq:1","member":"qq:7","x":[)" + text_brackets + "]}");
  EXPECT_NE(e.extra.find("[[[["), std::string::npos);
}

TEST(EventCodec, SkipsAByteOrderMark) {
  Event e = ParseOk("\xEF\xBB\xBF" R"({"type":"leave","ts":"2026-01-05T09:00:00Z","group":"qq:1","member":"qq:7"})");
  EXPECT_EQ(e.member, "qq:7");
}

TEST(EventCodec, ParserIsReusableAfterErrors) {
  EventParser p;
  Event e;
  EventError err;
  EXPECT_FALSE(p.Parse("{bad", &e, &err));
  EXPECT_TRUE(p.Parse(R"({"type":"tick","ts":"2026-01-05T09:00:00+08:00"})", &e, &err));
  EXPECT_EQ(e.type, EventType::kTick);
}

TEST(EventCodec, RefusesUnknownTypesNamingTheKnownOnes) {
  std::string why = ParseError(R"({"type":"deliverd","ts":"2026-01-05T09:00:00+08:00","key":"1.0","outcome":"dead"})");
  EXPECT_EQ(why.rfind("type: unknown event type 'deliverd'", 0), 0u) << why;
  EXPECT_NE(why.find("invite, delivery, recall, restrict)"), std::string::npos) << why;
  EXPECT_EQ(ParseError(R"({"type":"Delivery","ts":"2026-01-05T09:00:00+08:00"})").rfind("type: unknown event type", 0), 0u);
}

TEST(EventCodec, ValidatesADeliverysFields) {
  EXPECT_EQ(ParseError(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","outcome":"dead"})"),
            "key: missing (the key of the action delivered)");
  EXPECT_EQ(ParseError(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","key":"1.0"})"),
            "outcome: missing (delivered, rejected, unsupported, dead or task)");
  EXPECT_EQ(ParseError(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","key":1,"outcome":"dead"})"),
            "key: must be a string");
  EXPECT_EQ(ParseError(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","group":"q1","key":"1.0","outcome":"dead"})")
                .rfind("group: 'q1' is not an id", 0),
            0u);
  // No group needed (a DM), and an unknown group is no reason to lose the outcome.
  Event e = ParseOk(R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","key":"1.0","action":"dm","outcome":"task"})");
  EXPECT_EQ(e.type, EventType::kDelivery);
}

}  // namespace
}  // namespace shoal
