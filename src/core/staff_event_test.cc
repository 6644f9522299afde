#include "shoal/staff_event.h"

#include <gtest/gtest.h>

#include "shoal/event_codec.h"

namespace shoal {
namespace {

std::string ParseError(std::string_view json) {
  EventParser p;
  Event e;
  EventError err;
  EXPECT_FALSE(p.Parse(json, &e, &err)) << json;
  return err.ToString();
}

StaffAct ParseOk(std::string_view json, Event* out = nullptr) {
  EventParser p;
  Event e;
  EventError err;
  EXPECT_TRUE(p.Parse(json, &e, &err)) << err.ToString();
  StaffAct a;
  EXPECT_TRUE(ParseStaffEvent(e, &a, &err)) << err.ToString();
  if (out) *out = e;
  return a;
}

TEST(StaffEvent, ReadsARecall) {
  Event e;
  StaffAct a = ParseOk(R"({"type":"recall","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","msg_id":"99","by":"qq:2"})", &e);
  EXPECT_EQ(e.type, EventType::kRecall);
  EXPECT_EQ(e.member, "qq:7");
  EXPECT_EQ(a.by, "qq:2");
  EXPECT_FALSE(a.by_self);
  // The author unknown: still a recall.
  a = ParseOk(R"({"type":"recall","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","msg_id":"99","by":"qq:9","by_self":true})");
  EXPECT_TRUE(a.by_self);
}

TEST(StaffEvent, ReadsMemberAndWholeGroupRestricts) {
  StaffAct a = ParseOk(R"({"type":"restrict","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2"})");
  EXPECT_EQ(a.seconds, 600);
  EXPECT_FALSE(a.whole);
  a = ParseOk(R"({"type":"restrict","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","member":"qq:7","seconds":0,"by":"qq:2"})");
  EXPECT_EQ(a.seconds, 0);
  a = ParseOk(R"({"type":"restrict","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","seconds":-1,"by":"qq:2","whole":true})");
  EXPECT_TRUE(a.whole);
  EXPECT_EQ(a.seconds, kMuteUntilLifted);
}

TEST(StaffEvent, NamesTheMissingOrBadField) {
  const std::string ts = R"("ts":"2026-01-05T09:00:00+08:00",)";
  EXPECT_EQ(ParseError(R"({"type":"recall",)" + ts + R"("group":"qq:1","by":"qq:2"})"),
            "msg_id: missing (the platform's id of the message removed)");
  EXPECT_EQ(ParseError(R"({"type":"recall",)" + ts + R"("group":"qq:1","msg_id":"5"})"),
            "by: missing (who removed it: an id such as qq:2)");
  EXPECT_EQ(ParseError(R"({"type":"recall",)" + ts + R"("msg_id":"5","by":"qq:2"})"), "group: missing");
  EXPECT_EQ(ParseError(R"({"type":"recall",)" + ts + R"("group":"qq:1","msg_id":"5","by":"2"})"),
            "by: not an id of the form platform:native_id (e.g. qq:2)");
  EXPECT_EQ(ParseError(R"({"type":"recall",)" + ts + R"("group":"qq:1","msg_id":"5","by":"qq:2","seconds":5})"),
            "seconds: belongs to a restrict, not a recall");
  EXPECT_EQ(ParseError(R"({"type":"restrict",)" + ts + R"("group":"qq:1","member":"qq:7","by":"qq:2"})"),
            "seconds: missing (how long the mute lasts: 0 lifts it, -1 = until lifted)");
  EXPECT_EQ(ParseError(R"({"type":"restrict",)" + ts + R"("group":"qq:1","member":"qq:7","seconds":"600","by":"qq:2"})"),
            "seconds: must be a whole number (0 lifts the mute, -1 = until lifted)");
  EXPECT_EQ(ParseError(R"({"type":"restrict",)" + ts + R"("group":"qq:1","member":"qq:7","seconds":-5,"by":"qq:2"})"),
            "seconds: out of range (-1 = until lifted, 0 = lifted, at most ten years)");
  EXPECT_EQ(ParseError(R"({"type":"restrict",)" + ts + R"("group":"qq:1","seconds":60,"by":"qq:2"})"),
            "member: missing (who was muted; \"whole\":true for a whole-group mute)");
  EXPECT_EQ(ParseError(R"({"type":"restrict",)" + ts + R"("group":"qq:1","member":"qq:7","seconds":60,"by":"qq:2","whole":true})"),
            "whole: a whole-group mute names no member");
  EXPECT_EQ(ParseError(R"({"type":"restrict",)" + ts + R"("group":"qq:1","seconds":60,"by":"qq:2","whole":1})"),
            "whole: must be true or false");
  EXPECT_EQ(ParseError(R"({"type":"restrict",)" + ts + R"("group":"qq:1","member":"qq:7","seconds":60})"),
            "by: missing (who muted: an id such as qq:2)");
}

TEST(StaffEvent, WrittenFieldsReadBackAndRoundTripByteForByte) {
  Event e;
  e.type = EventType::kRestrict;
  e.ts = *ParseRfc3339("2026-01-05T09:00:00+08:00", nullptr);
  e.group = "qq:1";
  e.extra = RestrictExtra(-1, "qq:10001", true, true);
  std::string line = EventToJson(e);
  EXPECT_EQ(line, R"({"type":"restrict","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","seconds":-1,"by":"qq:10001","whole":true,"by_self":true})");
  Event back;
  StaffAct a = ParseOk(line, &back);
  EXPECT_EQ(EventToJson(back), line);
  EXPECT_TRUE(a.whole && a.by_self);
  EXPECT_EQ(RecallExtra("qq:2", false), R"("by":"qq:2")");
}

TEST(StaffEvent, RemovalFieldsOfALeaveAreReadLeniently) {
  Event e;
  e.type = EventType::kLeave;
  e.member = "tg:7";
  e.extra = RemovalExtra("tg:2", true, false);
  StaffAct a = ReadRemoval(e);
  EXPECT_EQ(a.by, "tg:2");
  EXPECT_TRUE(a.ban);
  e.extra = R"("by":"tg:7","ban":true)";  // left on their own: no removal, no ban
  a = ReadRemoval(e);
  EXPECT_EQ(a.by, "");
  EXPECT_FALSE(a.ban);
  e.extra = R"("by":5,"ban":"yes")";
  a = ReadRemoval(e);
  EXPECT_EQ(a.by, "");
  EXPECT_FALSE(a.ban);
  e.extra.clear();
  EXPECT_EQ(ReadRemoval(e).by, "");
}

}  // namespace
}  // namespace shoal
