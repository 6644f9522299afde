#include "adapters/onebot/simd_frame_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shoal/event_codec.h"

namespace shoal::onebot {
namespace {

// Frames of every shape the codec knows, and odd ones: both readers must agree on each.
const std::vector<std::string> kFrames = {
    R"({"time":1715000000,"self_id":10001000,"post_type":"message","message_type":"group","sub_type":"normal",
       "message_id":1912346,"group_id":123456789,"user_id":10003000,"anonymous":null,
       "message":[{"type":"reply","data":{"id":"1912300"}},{"type":"at","data":{"qq":"10001000"}},
                  {"type":"text","data":{"text":" /checkin"}}],
       "raw_message":"x","font":0,"sender":{"user_id":10003000,"nickname":"Alice","card":"Alice@Shanghai"}})",
    R"({"time":"1715000000","self_id":"10001000","post_type":"message","message_type":"group","message_id":-5,
       "group_id":"42","user_id":"7","message":"加我 &#91;微信&#93; [CQ:face,id=14]","sender":{"nickname":"小明","card":""}})",
    R"({"time":1,"post_type":"message","message_type":"group","group_id":1,"user_id":2,
       "message":{"type":"text","data":{"text":"one segment, \u5c0f\u660e \"quoted\""}},"sender":[]})",
    // data keys out of order and repeated; a repeated top-level key; a non-object segment
    R"({"time":1,"post_type":"message","message_type":"group","group_id":1,"group_id":3,"user_id":2,
       "message":[{"type":"image","data":{"url":"u","file":"f","file":"g"}}, 7, {"data":{"qq":"all"},"type":"at"}],
       "sender":{"card":5,"nickname":"n"}})",
    R"({"time":1,"post_type":"message","message_type":"group","group_id":1,"user_id":2,"message":[]})",
    R"({"time":1,"post_type":"message","message_type":"group","group_id":"x1","user_id":2,"message":"hi"})",
    R"({"time":1,"post_type":"message","message_type":"group","group_id":1,"user_id":2})",
    R"({"time":1,"post_type":"message","message_type":"private","user_id":2,"message":"hi"})",
    R"({"time":1715000000,"self_id":10001000,"post_type":"notice","notice_type":"group_increase","sub_type":"invite",
       "group_id":123456789,"operator_id":10002000,"user_id":10003000})",
    R"({"time":1715000000,"post_type":"notice","notice_type":"group_decrease","sub_type":"kick_me","group_id":1,"user_id":2,"operator_id":0})",
    R"({"time":1,"post_type":"notice","notice_type":"group_increase","group_id":1})",
    R"({"time":1,"post_type":"notice","notice_type":"group_ban","sub_type":"ban","group_id":1,"user_id":0,"operator_id":3,"duration":600})",
    R"({"time":1,"post_type":"notice","notice_type":"group_recall","group_id":1,"operator_id":3,"message_id":"88"})",
    R"({"time":1,"post_type":"notice","notice_type":"poke"})",
    R"({"time":1,"post_type":"notice"})",
    R"({"time":1,"post_type":"request","request_type":"group","sub_type":"add","group_id":1,"user_id":2,"comment":"hi","flag":"f1"})",
    R"({"time":1,"post_type":"request","request_type":"group","sub_type":"invite","group_id":1,"user_id":2,"flag":"f2"})",
    R"({"time":1,"post_type":"request","request_type":"group","sub_type":"add","group_id":1,"user_id":2})",
    R"({"time":1,"post_type":"request","request_type":"friend","flag":"f"})",
    R"({"time":1,"self_id":9,"post_type":"meta_event","meta_event_type":"heartbeat","interval":30000,
       "status":{"online":true,"good":false}})",
    R"({"time":1,"post_type":"meta_event","meta_event_type":"heartbeat","status":{"online":false,"online":true}})",
    R"({"time":1,"self_id":9,"post_type":"meta_event","meta_event_type":"lifecycle","sub_type":"connect"})",
    R"({"time":1,"post_type":"meta_event","meta_event_type":"telepathy"})",
    R"({"time":1,"post_type":"message_sent"})",
    R"({"time":1,"post_type":"telepathy"})",
    R"({"time":1})",
    R"({"post_type":"message"})",
    R"({"time":1.5,"post_type":"message"})",
    R"({"time":-0,"post_type":"message_sent"})",
    R"({"time":18446744073709551615,"post_type":"message_sent"})",
    R"({"time":1,"post_type":"message","message_type":"group","group_id":1,"user_id":2,"message":[{"type":"text","data":{"text":5}}]})",
    R"({"time":1,"post_type":"message_sent"} trailing)",
    "{nope",
    "[1]",
    "",
    "\"text\"",
};

void ExpectSame(const Parsed& a, const Parsed& b, const std::string& frame) {
  SCOPED_TRACE(frame);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.note, b.note);
  EXPECT_EQ(a.self_id, b.self_id);
  EXPECT_EQ(a.sub_type, b.sub_type);
  EXPECT_EQ(a.online, b.online);
  EXPECT_EQ(a.interval_ms, b.interval_ms);
  if (a.kind == Parsed::Kind::kEvent && b.kind == Parsed::Kind::kEvent)
    EXPECT_EQ(EventToJson(a.event), EventToJson(b.event));
}

TEST(SimdFrameReaderTest, AgreesWithTheDomReaderOnEveryFrame) {
  for (const auto& frame : kFrames) ExpectSame(ParseEvent(frame), ParseEventDom(frame), frame);
}

TEST(SimdFrameReaderTest, ReadsNapCatFramesItselfAndLeavesOddOnesToNlohmann) {
  SimdFrameReader reader;
  FrameFields f;
  ASSERT_TRUE(reader.Read(kFrames[0], &f));
  EXPECT_EQ(f.group_id, 123456789);
  ASSERT_EQ(f.segments.size(), 3u);
  EXPECT_EQ(f.segments[2].Get("text"), " /checkin");
  EXPECT_EQ(f.card, "Alice@Shanghai");

  ASSERT_TRUE(reader.Read(kFrames[3], &f));
  EXPECT_EQ(f.group_id, 3);  // the last of a repeated key
  ASSERT_EQ(f.segments.size(), 2u);  // the 7 is no segment
  ASSERT_EQ(f.segments[0].data.size(), 2u);
  EXPECT_EQ(f.segments[0].data[0].first, "file");  // sorted, as nlohmann keeps an object
  EXPECT_EQ(f.segments[0].data[0].second, "g");
  EXPECT_EQ(f.card, "5");

  EXPECT_FALSE(reader.Read(R"({"time":1.5})", &f));
  EXPECT_FALSE(reader.Read(R"({"time":1,"message":[{"data":{"text":5}}]})", &f));
  EXPECT_FALSE(reader.Read("{nope", &f));
  EXPECT_FALSE(reader.Read("[1]", &f));
}

}  // namespace
}  // namespace shoal::onebot
