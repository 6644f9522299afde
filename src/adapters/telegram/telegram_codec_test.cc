#include "adapters/telegram/telegram_codec.h"

#include <gtest/gtest.h>

#include "shoal/event_codec.h"

namespace shoal {
namespace {

using nlohmann::json;

ParsedUpdate Parse(const std::string& text, ChatMigrations* migrations = nullptr, const InviteLinkBook* links = nullptr,
                   UpdateOptions options = {}) {
  ChatMigrations local;
  ParsedUpdate out;
  std::string why;
  EXPECT_TRUE(ParseUpdateText(text, options, migrations ? migrations : &local, links, &out, &why)) << why;
  for (const Event& e : out.events) {
    EventError err;
    EXPECT_TRUE(ValidateEvent(e, EventLimits{}, &err)) << err.ToString() << " in " << EventToJson(e);
  }
  return out;
}

TEST(TelegramCodec, GroupMessageWithReplyAndFullName) {
  auto u = Parse(R"({"update_id":10,"message":{"message_id":77,"date":1715000000,
    "chat":{"id":-1001234,"type":"supergroup","title":"Ops"},
    "from":{"id":5550001,"is_bot":false,"first_name":"Alice","last_name":"Liddell"},
    "text":"/checkin hello","entities":[{"type":"bot_command","offset":0,"length":8}],
    "reply_to_message":{"message_id":70,"date":1714999990,"chat":{"id":-1001234,"type":"supergroup"}}}})");
  EXPECT_EQ(u.update_id, 10);
  ASSERT_EQ(u.events.size(), 1u);
  const Event& e = u.events[0];
  EXPECT_EQ(e.type, EventType::kMessage);
  EXPECT_EQ(e.group, "tg:-1001234");
  EXPECT_EQ(e.member, "tg:5550001");
  EXPECT_EQ(e.name, "Alice Liddell");
  EXPECT_EQ(e.text, "/checkin hello");
  EXPECT_EQ(e.msg_id, "77");
  EXPECT_EQ(e.reply_to, "70");
  EXPECT_EQ(FormatRfc3339(e.ts), "2024-05-06T12:53:20Z");
}

TEST(TelegramCodec, ADateBeyondYear9999IsClampedNotOverflowed) {
  auto u = Parse(R"({"update_id":10,"message":{"message_id":77,"date":1715001715000000,
    "chat":{"id":-1001234,"type":"supergroup"},"from":{"id":5550001,"first_name":"A"},"text":"hi"}})");
  ASSERT_EQ(u.events.size(), 1u);
  EXPECT_EQ(FormatRfc3339(u.events[0].ts), "9999-12-31T23:59:59Z");
}

TEST(TelegramCodec, CaptionUsernameAndMediaWithoutText) {
  auto captioned = Parse(R"({"update_id":1,"message":{"message_id":2,"date":1,"chat":{"id":-5,"type":"group"},
    "from":{"id":9,"username":"bob"},"photo":[{"file_id":"x"}],"caption":"look"}})");
  ASSERT_EQ(captioned.events.size(), 1u);
  EXPECT_EQ(captioned.events[0].text, "look");
  EXPECT_EQ(captioned.events[0].name, "bob");

  auto sticker = Parse(R"({"update_id":1,"message":{"message_id":3,"date":1,"chat":{"id":-5,"type":"group"},
    "from":{"id":9,"first_name":"B"},"sticker":{"file_id":"s"}}})");
  ASSERT_EQ(sticker.events.size(), 1u);
  EXPECT_EQ(sticker.events[0].text, "");
  EXPECT_EQ(sticker.events[0].extra, "\"media\":\"sticker\"");
}

TEST(TelegramCodec, PrivateChatsAndOtherKindsAreIgnoredByName) {
  auto dm = Parse(R"({"update_id":1,"message":{"message_id":2,"date":1,"chat":{"id":9,"type":"private"},
    "from":{"id":9,"first_name":"B"},"text":"hi bot"}})");
  EXPECT_TRUE(dm.events.empty());
  EXPECT_EQ(dm.ignored, "private_message");

  auto edited = Parse(R"({"update_id":2,"edited_message":{"message_id":2,"date":1,"chat":{"id":-5,"type":"group"}}})");
  EXPECT_TRUE(edited.events.empty());
  EXPECT_EQ(edited.ignored, "edited_message");
  EXPECT_EQ(edited.update_id, 2);

  auto future = Parse(R"({"update_id":3,"business_message_v99":{"anything":[1,2,3]}})");
  EXPECT_EQ(future.ignored, "business_message_v99");
}

TEST(TelegramCodec, MalformedInputIsAnErrorNotACrash) {
  ChatMigrations m;
  ParsedUpdate out;
  std::string why;
  EXPECT_FALSE(ParseUpdateText("{\"update_id\":", {}, &m, nullptr, &out, &why));
  EXPECT_EQ(why, "not valid JSON");
  EXPECT_FALSE(ParseUpdateText("[1,2]", {}, &m, nullptr, &out, &why));
  EXPECT_NE(why.find("object"), std::string::npos);
  EXPECT_FALSE(ParseUpdateText(R"({"update_id":"7","message":{}})", {}, &m, nullptr, &out, &why));
  EXPECT_NE(why.find("update_id"), std::string::npos);
  EXPECT_FALSE(ParseUpdateText(R"({"update_id":7,"message":{"chat":{"id":"x"}}})", {}, &m, nullptr, &out, &why));
  EXPECT_EQ(why, "message.chat.id: missing or not an integer");
  EXPECT_FALSE(ParseUpdateText(R"({"update_id":7,"message":{"date":1,"chat":{"id":-1,"type":"group"},
    "from":{"id":3},"text":"x"}})", {}, &m, nullptr, &out, &why));
  EXPECT_EQ(why, "message.message_id: missing or not an integer");
  EXPECT_TRUE(out.events.empty());
}

const char* kJoinViaLink = R"({"update_id":900000123,"chat_member":{
  "chat":{"id":-1001234567890,"title":"Ops Test Community","type":"supergroup"},
  "from":{"id":5550001,"is_bot":false,"first_name":"Alice"},"date":1715000000,
  "old_chat_member":{"status":"left","user":{"id":5550001,"is_bot":false,"first_name":"Alice"}},
  "new_chat_member":{"status":"member","user":{"id":5550001,"is_bot":false,"first_name":"Alice"}},
  "invite_link":{"invite_link":"https://t.me/+AbCdEfGhIjK12345","creator":{"id":7770001,"is_bot":true,"first_name":"OpsBot"},
    "creates_join_request":false,"is_primary":false,"is_revoked":false,"name":"spring-poster-A"}}})";

TEST(TelegramCodec, ChatMemberJoinIsAttributedToTheLinkName) {
  auto u = Parse(kJoinViaLink);
  ASSERT_EQ(u.events.size(), 1u);
  EXPECT_EQ(u.events[0].type, EventType::kJoin);
  EXPECT_EQ(u.events[0].group, "tg:-1001234567890");
  EXPECT_EQ(u.events[0].member, "tg:5550001");
  EXPECT_EQ(u.events[0].via, "spring-poster-A");
}

TEST(TelegramCodec, JoinThroughANamelessBotLinkUsesTheLinkBook) {
  std::string text = kJoinViaLink;
  text.replace(text.find("\"name\":\"spring-poster-A\""), std::string("\"name\":\"spring-poster-A\"").size(), "\"name\":\"\"");
  EXPECT_EQ(Parse(text).events.at(0).via, "");
  InviteLinkBook links;
  links.Remember("https://t.me/+AbCdEfGhIjK12345", "code-7");
  EXPECT_EQ(Parse(text, nullptr, &links).events.at(0).via, "code-7");
}

TEST(TelegramCodec, ChatMemberLeaveKickAndRestrictedMembership) {
  auto base = [](const std::string& from_id, const std::string& old_status, const std::string& new_status) {
    return R"({"update_id":5,"chat_member":{"chat":{"id":-10,"type":"supergroup"},"from":{"id":)" + from_id +
           R"(},"date":100,"old_chat_member":{"status":")" + old_status + R"(","is_member":true,"user":{"id":42}},
           "new_chat_member":{"status":")" + new_status + R"(","is_member":false,"user":{"id":42,"first_name":"Z"}}}})";
  };
  auto left = Parse(base("42", "member", "left"));
  ASSERT_EQ(left.events.size(), 1u);
  EXPECT_EQ(left.events[0].type, EventType::kLeave);
  EXPECT_EQ(left.events[0].extra, "");

  auto kicked = Parse(base("7", "member", "kicked"));
  ASSERT_EQ(kicked.events.size(), 1u);
  EXPECT_EQ(kicked.events[0].type, EventType::kLeave);
  // removed_by as before; by and ban are the canonical removal fields (shoal/staff_event.h).
  EXPECT_EQ(kicked.events[0].extra, R"("removed_by":"tg:7","by":"tg:7","ban":true)");

  // restricted + is_member:true counts as in the chat; going to restricted with is_member:false is a leave.
  auto restricted = Parse(base("7", "restricted", "restricted"));
  EXPECT_EQ(restricted.events.size(), 1u);
  auto promoted = Parse(base("7", "member", "administrator"));
  EXPECT_TRUE(promoted.events.empty());
  EXPECT_EQ(promoted.ignored, "chat_member_status");

  auto added = Parse(base("7", "left", "member"));
  ASSERT_EQ(added.events.size(), 1u);
  EXPECT_EQ(added.events[0].via, "tg:7");  // added by another member, no link
}

// A member who stays in the chat: muted (restricted, can_send_messages false), the mute's end
// changed, lifted; other restrictions are not a mute.
TEST(TelegramCodec, ChatMemberMutesAndLiftsBecomeRestrictEvents) {
  auto update = [](const std::string& from_id, const std::string& old_member, const std::string& new_member) {
    return R"({"update_id":6,"chat_member":{"chat":{"id":-10,"type":"supergroup"},"from":{"id":)" + from_id +
           R"(,"first_name":"Admin"},"date":1000,"old_chat_member":)" + old_member + R"(,"new_chat_member":)" + new_member + "}}";
  };
  const std::string member = R"({"status":"member","user":{"id":42}})";
  auto restricted = [](bool can_send, int64_t until) {
    return R"({"status":"restricted","is_member":true,"can_send_messages":)" + std::string(can_send ? "true" : "false") +
           R"(,"until_date":)" + std::to_string(until) + R"(,"user":{"id":42,"first_name":"Z"}})";
  };
  auto muted = Parse(update("7", member, restricted(false, 1600)));
  ASSERT_EQ(muted.events.size(), 1u);
  EXPECT_EQ(EventToJson(muted.events[0]),
            R"({"type":"restrict","ts":"1970-01-01T00:16:40Z","group":"tg:-10","member":"tg:42","name":"Z","seconds":600,"by":"tg:7"})");
  auto forever = Parse(update("7", member, restricted(false, 0)));
  EXPECT_NE(EventToJson(forever.events.at(0)).find(R"("seconds":-1,"by":"tg:7")"), std::string::npos);
  auto longer = Parse(update("7", restricted(false, 1600), restricted(false, 5000)));
  EXPECT_NE(EventToJson(longer.events.at(0)).find(R"("seconds":4000)"), std::string::npos);
  auto lifted = Parse(update("7", restricted(false, 1600), member));
  EXPECT_NE(EventToJson(lifted.events.at(0)).find(R"("seconds":0,"by":"tg:7")"), std::string::npos);
  auto media_only = Parse(update("7", member, restricted(true, 0)));
  EXPECT_TRUE(media_only.events.empty());
  EXPECT_EQ(media_only.ignored, "chat_member_status");
  // The bot's own restrictChatMember coming back: marked by_self when the bot's id is known.
  UpdateOptions own;
  own.bot_user_id = 7;
  auto self = Parse(update("7", member, restricted(false, 1600)), nullptr, nullptr, own);
  EXPECT_NE(EventToJson(self.events.at(0)).find(R"("by":"tg:7","by_self":true)"), std::string::npos);
}

TEST(TelegramCodec, ServiceJoinMessagesOnlyWhenChatMemberIsNotUsed) {
  const char* text = R"({"update_id":8,"message":{"message_id":9,"date":5,"chat":{"id":-3,"type":"group"},
    "from":{"id":1,"first_name":"Inviter"},"new_chat_members":[{"id":1,"first_name":"Inviter"},{"id":2,"first_name":"New"}]}})";
  auto covered = Parse(text);
  EXPECT_TRUE(covered.events.empty());
  EXPECT_EQ(covered.ignored, "new_chat_members");

  UpdateOptions service;
  service.joins_from_chat_member = false;
  auto joins = Parse(text, nullptr, nullptr, service);
  ASSERT_EQ(joins.events.size(), 2u);
  EXPECT_EQ(joins.events[0].via, "");  // joined by themselves
  EXPECT_EQ(joins.events[1].member, "tg:2");
  EXPECT_EQ(joins.events[1].via, "tg:1");

  auto left = Parse(R"({"update_id":9,"message":{"message_id":10,"date":6,"chat":{"id":-3,"type":"group"},
    "from":{"id":2},"left_chat_member":{"id":2,"first_name":"New"}}})", nullptr, nullptr, service);
  ASSERT_EQ(left.events.size(), 1u);
  EXPECT_EQ(left.events[0].type, EventType::kLeave);
}

TEST(TelegramCodec, JoinRequestCarriesRequestIdBioAndLink) {
  auto u = Parse(R"({"update_id":11,"chat_join_request":{"chat":{"id":-100777,"type":"supergroup"},
    "from":{"id":31,"first_name":"Req"},"user_chat_id":31,"date":200,"bio":"from the website",
    "invite_link":{"invite_link":"https://t.me/+x","name":"web-1","creates_join_request":true}}})");
  ASSERT_EQ(u.events.size(), 1u);
  const Event& e = u.events[0];
  EXPECT_EQ(e.type, EventType::kJoinRequest);
  EXPECT_EQ(e.request_id, "-100777:31");
  EXPECT_EQ(e.answer, "from the website");
  EXPECT_EQ(e.via, "web-1");
}

TEST(TelegramCodec, ReactionsReportOnlyAddedEmoji) {
  auto u = Parse(R"({"update_id":12,"message_reaction":{"chat":{"id":-4,"type":"supergroup"},"message_id":55,
    "user":{"id":8,"first_name":"R"},"date":300,"old_reaction":[{"type":"emoji","emoji":"👍"}],
    "new_reaction":[{"type":"emoji","emoji":"👍"},{"type":"emoji","emoji":"🔥"},{"type":"custom_emoji","custom_emoji_id":"1"}]}})");
  ASSERT_EQ(u.events.size(), 1u);
  EXPECT_EQ(u.events[0].type, EventType::kReaction);
  EXPECT_EQ(u.events[0].emoji, "🔥");
  EXPECT_EQ(u.events[0].msg_id, "55");
  auto removed = Parse(R"({"update_id":13,"message_reaction":{"chat":{"id":-4,"type":"supergroup"},"message_id":55,
    "user":{"id":8},"date":301,"old_reaction":[{"type":"emoji","emoji":"👍"}],"new_reaction":[]}})");
  EXPECT_TRUE(removed.events.empty());
  EXPECT_EQ(removed.ignored, "reaction_removed");
}

TEST(TelegramCodec, MigrationRedirectsLaterUpdatesAndActions) {
  ChatMigrations m;
  auto moved = Parse(R"({"update_id":20,"message":{"message_id":1,"date":1,"chat":{"id":-555,"type":"group"},
    "from":{"id":1},"migrate_to_chat_id":-1009990001}})", &m);
  EXPECT_EQ(moved.ignored, "migrate_to_chat_id");
  EXPECT_EQ(m.Resolve(-555), -1009990001);
  EXPECT_EQ(m.Resolve(-1009990001), -1009990001);

  auto late = Parse(R"({"update_id":21,"message":{"message_id":2,"date":2,"chat":{"id":-555,"type":"group"},
    "from":{"id":1},"text":"old chat"}})", &m);
  EXPECT_EQ(late.events.at(0).group, "tg:-1009990001");

  Action send;
  send.type = ActionType::kSend;
  send.group = "tg:-555";
  send.text = "hi";
  auto plan = PlanAction(send, m, 0);
  ASSERT_EQ(plan.calls.size(), 1u);
  EXPECT_EQ(plan.calls[0].body["chat_id"], -1009990001);

  // The new supergroup's first message names where it came from.
  ChatMigrations other;
  Parse(R"({"update_id":22,"message":{"message_id":1,"date":1,"chat":{"id":-100888,"type":"supergroup"},
    "from":{"id":1},"migrate_from_chat_id":-77}})", &other);
  EXPECT_EQ(other.Resolve(-77), -100888);
}

Action Make(ActionType type) {
  Action a;
  a.type = type;
  a.group = "tg:-100";
  a.member = "tg:42";
  return a;
}

TEST(TelegramCodec, ActionsBecomeBotApiCalls) {
  ChatMigrations m;
  Action send = Make(ActionType::kSend);
  send.text = "hello";
  send.msg_id = "9";
  auto p = PlanAction(send, m, 1000);
  ASSERT_EQ(p.calls.size(), 1u);
  EXPECT_EQ(p.calls[0].method, "sendMessage");
  EXPECT_EQ(p.calls[0].body["text"], "hello");
  EXPECT_EQ(p.calls[0].body["reply_parameters"]["message_id"], 9);

  Action dm = Make(ActionType::kDm);
  dm.group.clear();
  dm.text = "psst";
  p = PlanAction(dm, m, 1000);
  EXPECT_EQ(p.calls.at(0).body["chat_id"], 42);

  Action del = Make(ActionType::kDelete);
  del.msg_id = "77";
  p = PlanAction(del, m, 1000);
  EXPECT_EQ(p.calls.at(0).method, "deleteMessage");
  EXPECT_EQ(p.calls.at(0).body["message_id"], 77);
  del.msg_id = "abc";
  EXPECT_EQ(PlanAction(del, m, 1000).outcome->code, DeliveryResult::Code::kRejected);

  Action mute = Make(ActionType::kMute);
  mute.seconds = 600;
  p = PlanAction(mute, m, 1000);
  EXPECT_EQ(p.calls.at(0).method, "restrictChatMember");
  EXPECT_EQ(p.calls.at(0).body["until_date"], 1600);
  EXPECT_EQ(p.calls.at(0).body["permissions"]["can_send_messages"], false);
  mute.seconds = 5;  // under Telegram's 30 s "forever" threshold
  EXPECT_EQ(PlanAction(mute, m, 1000).calls.at(0).body["until_date"], 1030);
  mute.seconds = 0;
  p = PlanAction(mute, m, 1000);
  EXPECT_EQ(p.calls.at(0).body["permissions"]["can_send_messages"], true);
  EXPECT_FALSE(p.calls.at(0).body.contains("until_date"));

  Action kick = Make(ActionType::kKick);
  p = PlanAction(kick, m, 0);
  ASSERT_EQ(p.calls.size(), 2u);
  EXPECT_EQ(p.calls[0].method, "banChatMember");
  EXPECT_EQ(p.calls[1].method, "unbanChatMember");
  EXPECT_EQ(p.calls[1].body["only_if_banned"], true);
  kick.ban = true;
  p = PlanAction(kick, m, 0);
  ASSERT_EQ(p.calls.size(), 1u);
  EXPECT_EQ(p.calls[0].method, "banChatMember");

  EXPECT_EQ(PlanAction(Make(ActionType::kUnban), m, 0).calls.at(0).method, "unbanChatMember");

  Action approve = Make(ActionType::kApprove);
  approve.group.clear();
  approve.member.clear();
  approve.request_id = "-100777:31";
  p = PlanAction(approve, m, 0);
  EXPECT_EQ(p.calls.at(0).method, "approveChatJoinRequest");
  EXPECT_EQ(p.calls.at(0).body["chat_id"], -100777);
  EXPECT_EQ(p.calls.at(0).body["user_id"], 31);
  EXPECT_EQ(PlanAction(Make(ActionType::kReject), m, 0).calls.at(0).method, "declineChatJoinRequest");

  Action whole = Make(ActionType::kWholeMute);
  whole.seconds = 3600;
  p = PlanAction(whole, m, 0);
  EXPECT_EQ(p.calls.at(0).method, "setChatPermissions");
  EXPECT_EQ(p.calls.at(0).body["permissions"]["can_send_messages"], false);
}

TEST(TelegramCodec, UnsupportedActionsAndBadIdsSayWhy) {
  ChatMigrations m;
  for (ActionType t : {ActionType::kSetCard, ActionType::kCreateGroup, ActionType::kDisband}) {
    auto p = PlanAction(Make(t), m, 0);
    ASSERT_TRUE(p.outcome) << ActionTypeName(t);
    EXPECT_EQ(p.outcome->code, DeliveryResult::Code::kUnsupported);
    EXPECT_TRUE(p.calls.empty());
    EXPECT_FALSE(Supports(TelegramCapabilities(), t));
  }
  for (ActionType t : {ActionType::kSend, ActionType::kMute, ActionType::kKick, ActionType::kApprove}) {
    EXPECT_TRUE(Supports(TelegramCapabilities(), t));
  }
  Action wrong = Make(ActionType::kKick);
  wrong.member = "qq:42";
  auto p = PlanAction(wrong, m, 0);
  ASSERT_TRUE(p.outcome);
  EXPECT_EQ(p.outcome->code, DeliveryResult::Code::kRejected);
  EXPECT_NE(p.outcome->detail.find("qq:42"), std::string::npos);
}

TEST(TelegramCodec, InviteLinkPerShoalCode) {
  ChatMigrations m;
  m.Record(-5, -1005);
  InviteSpec spec;
  spec.code = "spring-A";
  spec.group = "tg:-5";
  spec.uses = 100;
  spec.expires = 1767225600 * kMicrosPerSecond;
  BotApiCall call;
  std::string why;
  ASSERT_TRUE(InviteLinkRequest(spec, m, &call, &why)) << why;
  EXPECT_EQ(call.method, "createChatInviteLink");
  EXPECT_EQ(call.body["chat_id"], -1005);
  EXPECT_EQ(call.body["name"], "spring-A");
  EXPECT_EQ(call.body["member_limit"], 100);
  EXPECT_EQ(call.body["expire_date"], 1767225600);
  spec.uses = 0;
  spec.expires = 0;
  ASSERT_TRUE(InviteLinkRequest(spec, m, &call, &why));
  EXPECT_FALSE(call.body.contains("member_limit"));
  EXPECT_FALSE(call.body.contains("expire_date"));
  spec.code = std::string(33, 'a');
  EXPECT_FALSE(InviteLinkRequest(spec, m, &call, &why));
  EXPECT_NE(why.find("32"), std::string::npos);
}

TEST(TelegramCodec, RevokingALinkNamesItsMigratedChat) {
  ChatMigrations m;
  m.Record(-5, -1005);
  BotApiCall call;
  std::string why;
  ASSERT_TRUE(RevokeInviteLinkRequest("tg:-5", "https://t.me/+x", m, &call, &why)) << why;
  EXPECT_EQ(call.method, "revokeChatInviteLink");
  EXPECT_EQ(call.body["chat_id"], -1005);
  EXPECT_EQ(call.body["invite_link"], "https://t.me/+x");
  EXPECT_FALSE(RevokeInviteLinkRequest("qq:5", "https://t.me/+x", m, &call, &why));
  EXPECT_NE(why.find("qq:5"), std::string::npos);
  EXPECT_FALSE(RevokeInviteLinkRequest("tg:-5", "", m, &call, &why));
}

TEST(TelegramCodec, ResponsesBecomeDeliveryResults) {
  json result;
  auto ok = InterpretResponse(200, R"({"ok":true,"result":{"message_id":123,"chat":{"id":-1}}})", nullptr, &result);
  EXPECT_EQ(ok.code, DeliveryResult::Code::kDelivered);
  EXPECT_EQ(ok.platform_ref, "123");
  EXPECT_EQ(result["chat"]["id"], -1);

  auto slow = InterpretResponse(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 17","parameters":{"retry_after":17}})");
  EXPECT_EQ(slow.code, DeliveryResult::Code::kRateLimited);
  EXPECT_EQ(slow.retry_after, 17 * kMicrosPerSecond);

  EXPECT_EQ(InterpretResponse(502, "<html>bad gateway</html>").code, DeliveryResult::Code::kRetry);
  EXPECT_EQ(InterpretResponse(500, R"({"ok":false,"error_code":500,"description":"Internal"})").code,
            DeliveryResult::Code::kRetry);
  auto forbidden = InterpretResponse(403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was kicked"})");
  EXPECT_EQ(forbidden.code, DeliveryResult::Code::kRejected);
  EXPECT_EQ(forbidden.detail, "Forbidden: bot was kicked");
  EXPECT_EQ(InterpretResponse(400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})").code,
            DeliveryResult::Code::kRejected);

  int64_t moved = 0;
  auto migrated = InterpretResponse(
      400, R"({"ok":false,"error_code":400,"description":"group upgraded","parameters":{"migrate_to_chat_id":-1002}})", &moved);
  EXPECT_EQ(migrated.code, DeliveryResult::Code::kRetry);
  EXPECT_EQ(moved, -1002);
}

}  // namespace
}  // namespace shoal
