#include "adapters/onebot/onebot_codec.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "shoal/event_codec.h"

namespace shoal::onebot {
namespace {

using nlohmann::json;

// The event as the log writes it, after checking that ingest would accept it.
std::string CanonicalJson(const Event& e) {
  EventError err;
  EXPECT_TRUE(ValidateEvent(e, {}, &err)) << err.ToString();
  return EventToJson(e);
}

TEST(OneBotCodecTest, GroupMessageInArrayForm) {
  // protocols.md §1.4.5
  Parsed p = ParseEvent(R"({
    "time": 1715000000, "self_id": 10001000, "post_type": "message",
    "message_type": "group", "sub_type": "normal", "message_id": 1912346,
    "group_id": 123456789, "user_id": 10003000, "anonymous": null,
    "message": [
      {"type": "reply", "data": {"id": "1912300"}},
      {"type": "at", "data": {"qq": "10001000"}},
      {"type": "text", "data": {"text": " /checkin"}}
    ],
    "raw_message": "[CQ:reply,id=1912300][CQ:at,qq=10001000] /checkin",
    "font": 0,
    "sender": {"user_id": 10003000, "nickname": "Alice", "card": "Alice@Shanghai", "role": "member"}})");
  ASSERT_EQ(p.kind, Parsed::Kind::kEvent) << p.error;
  EXPECT_EQ(p.self_id, 10001000);
  const Event& e = p.event;
  EXPECT_EQ(e.type, EventType::kMessage);
  EXPECT_EQ(e.group, "qq:123456789");
  EXPECT_EQ(e.member, "qq:10003000");
  EXPECT_EQ(e.msg_id, "1912346");
  EXPECT_EQ(e.reply_to, "1912300");
  EXPECT_EQ(e.name, "Alice@Shanghai");
  EXPECT_EQ(e.text, "@10001000 /checkin");
  EXPECT_EQ(FormatRfc3339(e.ts), "2024-05-06T20:53:20+08:00");
  EventError err;
  EXPECT_TRUE(ValidateEvent(e, {}, &err)) << err.ToString();
}

TEST(OneBotCodecTest, GroupMessageInStringFormWithStringIds) {
  Parsed p = ParseEvent(R"({"time":"1715000000","self_id":"10001000","post_type":"message","message_type":"group",
    "message_id":-5,"group_id":"42","user_id":"7","message":"加我 &#91;微信&#93; [CQ:face,id=14]",
    "sender":{"nickname":"小明","card":""}})");
  ASSERT_EQ(p.kind, Parsed::Kind::kEvent) << p.error;
  EXPECT_EQ(p.event.group, "qq:42");
  EXPECT_EQ(p.event.name, "小明");  // an empty card falls back to the nickname
  EXPECT_EQ(p.event.text, "加我 [微信] [face:14]");
  EXPECT_EQ(p.event.msg_id, "-5");
}

TEST(OneBotCodecTest, Notices) {
  Parsed join = ParseEvent(R"({"time":1715000000,"self_id":10001000,"post_type":"notice","notice_type":"group_increase",
    "sub_type":"invite","group_id":123456789,"operator_id":10002000,"user_id":10003000})");
  ASSERT_EQ(join.kind, Parsed::Kind::kEvent);
  EXPECT_EQ(join.event.type, EventType::kJoin);
  EXPECT_EQ(join.event.via, "qq:10002000");
  EXPECT_NE(join.event.extra.find("\"onebot_sub_type\":\"invite\""), std::string::npos);
  Parsed approved = ParseEvent(R"({"time":1,"post_type":"notice","notice_type":"group_increase","sub_type":"approve",
    "group_id":1,"operator_id":2,"user_id":3})");
  EXPECT_EQ(approved.event.via, "");  // the approving admin is not a channel
  Parsed left = ParseEvent(R"({"time":1,"post_type":"notice","notice_type":"group_decrease","sub_type":"kick",
    "group_id":1,"operator_id":2,"user_id":3})");
  ASSERT_EQ(left.kind, Parsed::Kind::kEvent);
  EXPECT_EQ(left.event.type, EventType::kLeave);
  EXPECT_EQ(left.event.member, "qq:3");
  EXPECT_EQ(left.sub_type, "kick");
  EXPECT_EQ(CanonicalJson(left.event), R"({"type":"leave","ts":"1970-01-01T08:00:01+08:00","group":"qq:1","member":"qq:3","onebot_sub_type":"kick","operator":"qq:2","by":"qq:2"})");
}

// protocols.md §1.4: group_ban (user_id 0 = whole group) and group_recall (user_id = author).
TEST(OneBotCodecTest, StaffMutesBecomeRestrictEvents) {
  Parsed ban = ParseEvent(R"({"time":1,"self_id":9,"post_type":"notice","notice_type":"group_ban","sub_type":"ban",
    "group_id":1,"operator_id":2,"user_id":3,"duration":600})");
  ASSERT_EQ(ban.kind, Parsed::Kind::kEvent) << ban.error;
  EXPECT_EQ(CanonicalJson(ban.event), R"({"type":"restrict","ts":"1970-01-01T08:00:01+08:00","group":"qq:1","member":"qq:3","seconds":600,"by":"qq:2"})");
  Parsed lift = ParseEvent(R"({"time":1,"self_id":9,"post_type":"notice","notice_type":"group_ban","sub_type":"lift_ban",
    "group_id":1,"operator_id":2,"user_id":3,"duration":0})");
  EXPECT_EQ(CanonicalJson(lift.event), R"({"type":"restrict","ts":"1970-01-01T08:00:01+08:00","group":"qq:1","member":"qq:3","seconds":0,"by":"qq:2"})");
  Parsed whole = ParseEvent(R"({"time":1,"self_id":9,"post_type":"notice","notice_type":"group_ban","sub_type":"ban",
    "group_id":1,"operator_id":2,"user_id":0,"duration":0})");
  EXPECT_EQ(CanonicalJson(whole.event), R"({"type":"restrict","ts":"1970-01-01T08:00:01+08:00","group":"qq:1","seconds":-1,"by":"qq:2","whole":true})");
  Parsed whole_off = ParseEvent(R"({"time":1,"self_id":9,"post_type":"notice","notice_type":"group_ban","sub_type":"lift_ban",
    "group_id":1,"operator_id":2,"user_id":0})");
  EXPECT_EQ(CanonicalJson(whole_off.event), R"({"type":"restrict","ts":"1970-01-01T08:00:01+08:00","group":"qq:1","seconds":0,"by":"qq:2","whole":true})");
  // Shoal's own set_group_ban coming back: the operator is the bot's account.
  Parsed own = ParseEvent(R"({"time":1,"self_id":9,"post_type":"notice","notice_type":"group_ban","sub_type":"ban",
    "group_id":1,"operator_id":9,"user_id":3,"duration":60})");
  EXPECT_EQ(CanonicalJson(own.event), R"({"type":"restrict","ts":"1970-01-01T08:00:01+08:00","group":"qq:1","member":"qq:3","seconds":60,"by":"qq:9","by_self":true})");
  EXPECT_EQ(ParseEvent(R"({"time":1,"post_type":"notice","notice_type":"group_ban","sub_type":"ban","group_id":1,"user_id":3})").error,
            "group_ban: group_id and operator_id are required numbers");
  EXPECT_EQ(ParseEvent(R"({"time":1,"post_type":"notice","notice_type":"group_ban","sub_type":"odd","group_id":1,"operator_id":2})").kind,
            Parsed::Kind::kIgnored);
}

TEST(OneBotCodecTest, RecallsBecomeRecallEvents) {
  Parsed recall = ParseEvent(R"({"time":1,"self_id":9,"post_type":"notice","notice_type":"group_recall",
    "group_id":1,"operator_id":2,"user_id":3,"message_id":99})");
  ASSERT_EQ(recall.kind, Parsed::Kind::kEvent) << recall.error;
  EXPECT_EQ(CanonicalJson(recall.event), R"({"type":"recall","ts":"1970-01-01T08:00:01+08:00","group":"qq:1","member":"qq:3","msg_id":"99","by":"qq:2"})");
  Parsed own = ParseEvent(R"({"time":1,"self_id":9,"post_type":"notice","notice_type":"group_recall",
    "group_id":1,"operator_id":"9","user_id":3,"message_id":"-7"})");
  EXPECT_EQ(CanonicalJson(own.event), R"({"type":"recall","ts":"1970-01-01T08:00:01+08:00","group":"qq:1","member":"qq:3","msg_id":"-7","by":"qq:9","by_self":true})");
  EXPECT_EQ(ParseEvent(R"({"time":1,"post_type":"notice","notice_type":"group_recall","group_id":1,"operator_id":2})").error,
            "group_recall: message_id missing");
}

TEST(OneBotCodecTest, JoinRequestsAndBotInvites) {
  Parsed p = ParseEvent(R"({"time": 1715000100, "self_id": 10001000, "post_type": "request", "request_type": "group",
    "sub_type": "add", "group_id": 123456789, "user_id": 10004000,
    "comment": "问题：从哪里看到本群？\n答案：官网", "flag": "1715000100123456"})");
  ASSERT_EQ(p.kind, Parsed::Kind::kEvent);
  EXPECT_EQ(p.event.type, EventType::kJoinRequest);
  EXPECT_EQ(p.event.answer, "问题：从哪里看到本群？\n答案：官网");
  EXPECT_EQ(p.event.request_id, "1715000100123456");
  Parsed invite = ParseEvent(R"({"time":1,"post_type":"request","request_type":"group","sub_type":"invite",
    "group_id":5,"user_id":6,"flag":"f"})");
  EXPECT_EQ(invite.kind, Parsed::Kind::kIgnored);
  EXPECT_EQ(ParseEvent(R"({"time":1,"post_type":"request","request_type":"group","sub_type":"add",
    "group_id":5,"user_id":6})").kind, Parsed::Kind::kError);
}

TEST(OneBotCodecTest, MetaEvents) {
  Parsed hb = ParseEvent(R"({"time": 1715000200, "self_id": 10001000, "post_type": "meta_event",
    "meta_event_type": "heartbeat", "status": {"online": true, "good": true}, "interval": 30000})");
  ASSERT_EQ(hb.kind, Parsed::Kind::kHeartbeat);
  EXPECT_TRUE(hb.online);
  EXPECT_EQ(hb.interval_ms, 30000);
  Parsed offline = ParseEvent(R"({"time":1,"post_type":"meta_event","meta_event_type":"heartbeat",
    "status":{"online":null,"good":false},"interval":5000})");
  EXPECT_FALSE(offline.online);
  Parsed life = ParseEvent(R"({"time":1,"self_id":9,"post_type":"meta_event","meta_event_type":"lifecycle","sub_type":"connect"})");
  ASSERT_EQ(life.kind, Parsed::Kind::kLifecycle);
  EXPECT_EQ(life.sub_type, "connect");
  EXPECT_EQ(life.self_id, 9);
}

TEST(OneBotCodecTest, BadFramesAreClearErrors) {
  EXPECT_EQ(ParseEvent("{nope").error, "not JSON");
  EXPECT_EQ(ParseEvent("[1]").error, "not a JSON object");
  EXPECT_EQ(ParseEvent(R"({"time":1,"post_type":"telepathy"})").error, "unknown post_type 'telepathy'");
  EXPECT_EQ(ParseEvent(R"({"time":1})").error, "no post_type");
  EXPECT_EQ(ParseEvent(R"({"post_type":"message"})").error, "time missing or not a number");
  EXPECT_EQ(ParseEvent(R"({"time":176757480000001,"post_type":"message"})").error, "time out of range: 176757480000001");
  EXPECT_EQ(ParseEvent(R"({"time":-5,"post_type":"message"})").error, "time out of range: -5");
  EXPECT_EQ(ParseEvent(R"({"time":1,"post_type":"message","message_type":"group","group_id":"x1","user_id":2,"message":"hi"})").error,
            "message: group_id missing or not a number");
  Parsed odd = ParseEvent(R"({"time":1,"post_type":"message","message_type":"group","group_id":1,"user_id":2,
    "message":[{"type":"text","data":{"text":5}}, 7],"sender":[]})");
  EXPECT_EQ(odd.kind, Parsed::Kind::kEvent);  // lenient: odd segments become what they say
  EXPECT_EQ(ParseEvent(R"({"time":1,"post_type":"message","message_type":"private","user_id":2,"message":"hi"})").kind,
            Parsed::Kind::kIgnored);
  EXPECT_EQ(ParseEvent(R"({"time":1,"post_type":"message_sent"})").kind, Parsed::Kind::kIgnored);
}

Action A(ActionType type) {
  Action a;
  a.type = type;
  a.group = "qq:123456789";
  a.member = "qq:10003000";
  a.key = "17.2";
  return a;
}

json Call(const Action& a) {
  std::string out, why;
  EXPECT_TRUE(ActionToCall(a, &out, &why)) << why;
  return json::parse(out);
}

TEST(OneBotCodecTest, ActionsBecomeCallsWithTheKeyAsEcho) {
  Action send = A(ActionType::kSend);
  send.text = "欢迎 [CQ:at,qq=all]";
  json c = Call(send);
  EXPECT_EQ(c["action"], "send_group_msg");
  EXPECT_EQ(c["echo"], "17.2");
  EXPECT_EQ(c["params"]["group_id"], 123456789);
  EXPECT_EQ(c["params"]["message"][0]["type"], "text");  // array form: the text stays text
  EXPECT_EQ(c["params"]["message"][0]["data"]["text"], "欢迎 [CQ:at,qq=all]");
  EXPECT_EQ(Call(A(ActionType::kDm))["action"], "send_private_msg");
  EXPECT_EQ(Call(A(ActionType::kDm))["params"]["user_id"], 10003000);

  Action del = A(ActionType::kDelete);
  del.msg_id = "1912346";
  EXPECT_EQ(Call(del)["params"], json({{"message_id", 1912346}}));

  Action kick = A(ActionType::kKick);
  kick.ban = true;
  EXPECT_EQ(Call(kick)["action"], "set_group_kick");
  EXPECT_EQ(Call(kick)["params"]["reject_add_request"], true);

  Action mute = A(ActionType::kMute);
  mute.seconds = 600;
  EXPECT_EQ(Call(mute)["params"], json({{"group_id", 123456789}, {"user_id", 10003000}, {"duration", 600}}));
  mute.seconds = 0;
  EXPECT_EQ(Call(mute)["params"]["duration"], 0);  // lifts, explicitly
  mute.seconds = 90LL * 86400;
  EXPECT_EQ(Call(mute)["params"]["duration"], kMaxMuteSeconds);

  Action whole = A(ActionType::kWholeMute);
  whole.seconds = 3600;
  EXPECT_EQ(Call(whole)["params"]["enable"], true);

  Action approve = A(ActionType::kApprove);
  approve.request_id = "1715000100123456";
  EXPECT_EQ(Call(approve)["params"]["approve"], true);
  EXPECT_EQ(Call(approve)["params"]["flag"], "1715000100123456");
  Action reject = A(ActionType::kReject);
  reject.request_id = "f";
  reject.text = "答案不对";
  EXPECT_EQ(Call(reject)["params"]["approve"], false);
  EXPECT_EQ(Call(reject)["params"]["reason"], "答案不对");

  Action card = A(ActionType::kSetCard);
  card.name = "小明-北京-前端";
  EXPECT_EQ(Call(card)["params"]["card"], "小明-北京-前端");
  EXPECT_EQ(Call(A(ActionType::kDisband))["action"], "set_group_leave");
}

TEST(OneBotCodecTest, ActionsThatCannotBeCalls) {
  std::string out, why;
  EXPECT_FALSE(ActionToCall(A(ActionType::kCreateGroup), &out, &why));
  EXPECT_EQ(why, "OneBot v11 has no call for create_group");
  Action tg = A(ActionType::kSend);
  tg.group = "tg:-100";
  EXPECT_FALSE(ActionToCall(tg, &out, &why));
  EXPECT_EQ(why, "group 'tg:-100' is not a qq:<number> id");
  Action del = A(ActionType::kDelete);
  del.msg_id = "abc";
  EXPECT_FALSE(ActionToCall(del, &out, &why));
  EXPECT_FALSE(ActionToCall(A(ActionType::kApprove), &out, &why));
}

TEST(OneBotCodecTest, ResponseEnvelopes) {
  std::string echo;
  DeliveryResult ok = ParseResponse(R"({"status": "ok", "retcode": 0, "data": {"message_id": 1234567}, "echo": "req-42"})", &echo);
  EXPECT_EQ(ok.code, DeliveryResult::Code::kDelivered);
  EXPECT_EQ(ok.platform_ref, "1234567");
  EXPECT_EQ(echo, "req-42");
  DeliveryResult failed = ParseResponse(
      R"({"status": "failed", "retcode": 100, "data": null, "msg": "NOT_MANAGEABLE", "wording": "机器人权限不足", "echo": 17})", &echo);
  EXPECT_EQ(failed.code, DeliveryResult::Code::kRejected);
  EXPECT_EQ(failed.detail, "retcode 100 NOT_MANAGEABLE 机器人权限不足");
  EXPECT_EQ(echo, "17");
  EXPECT_EQ(ParseResponse(R"({"status":"async","retcode":1,"data":null})", &echo).code, DeliveryResult::Code::kDelivered);
  EXPECT_EQ(echo, "");
  EXPECT_EQ(ParseResponse(R"({"status":"failed","retcode":1404,"message":"unknown action"})", &echo).code,
            DeliveryResult::Code::kUnsupported);
  EXPECT_EQ(ParseResponse("garbage", &echo).code, DeliveryResult::Code::kRetry);
  EXPECT_TRUE(IsResponseFrame(R"({"status":"ok","retcode":0,"echo":"x"})"));
  EXPECT_FALSE(IsResponseFrame(R"({"post_type":"meta_event","status":{"online":true}})"));
}

TEST(OneBotCodecTest, AnUnansweredMessageIsNeverRetriedButAModerationCallIs) {
  DeliveryResult m = UnansweredCall(true, "no answer within 10 ms");
  EXPECT_EQ(m.code, DeliveryResult::Code::kRejected);
  EXPECT_EQ(m.detail, "uncertain: no answer within 10 ms; the message may have been posted, check before resending");
  DeliveryResult k = UnansweredCall(false, "no answer within 10 ms");
  EXPECT_EQ(k.code, DeliveryResult::Code::kRetry);
  EXPECT_EQ(k.detail, "no answer within 10 ms");
}

TEST(OneBotCodecTest, CapabilitiesMatchTheCalls) {
  PlatformCapabilities caps = Capabilities();
  for (ActionType t : {ActionType::kSend, ActionType::kDm, ActionType::kDelete, ActionType::kMute, ActionType::kKick,
                       ActionType::kWholeMute, ActionType::kApprove, ActionType::kReject, ActionType::kSetCard,
                       ActionType::kDisband, ActionType::kUnban, ActionType::kCreateGroup}) {
    Action a = A(t);
    a.msg_id = "1";
    a.request_id = "f";
    std::string out, why;
    EXPECT_EQ(Supports(caps, t), ActionToCall(a, &out, &why)) << ActionTypeName(t);
  }
}

}  // namespace
}  // namespace shoal::onebot
