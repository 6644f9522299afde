#include "adapters/telegram/telegram_codec.h"

#include <algorithm>
#include <charconv>

#include "core/unix_time.h"
#include "shoal/staff_event.h"

namespace shoal {

void ChatMigrations::Record(int64_t old_id, int64_t new_id) {
  if (old_id == new_id || old_id == 0 || new_id == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  to_[old_id] = new_id;
}

int64_t ChatMigrations::Resolve(int64_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  // A chat migrates at most once in practice; the bound only guards against a cycle.
  for (int hops = 0; hops < 8; ++hops) {
    auto it = to_.find(id);
    if (it == to_.end()) break;
    id = it->second;
  }
  return id;
}

size_t ChatMigrations::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return to_.size();
}

void InviteLinkBook::Remember(std::string link, std::string code) {
  std::lock_guard<std::mutex> lock(mu_);
  codes_[std::move(link)] = std::move(code);
}

std::string InviteLinkBook::CodeFor(std::string_view link) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = codes_.find(link);
  return it == codes_.end() ? std::string() : it->second;
}

bool TelegramIdOf(std::string_view id, int64_t* out) {
  if (id.size() < 4 || id.substr(0, 3) != "tg:") return false;
  std::string_view digits = id.substr(3);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *out);
  return ec == std::errc() && end == digits.data() + digits.size();
}

namespace {

using nlohmann::json;

const json* Member(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

bool IntField(const json& obj, const char* key, int64_t* out) {
  const json* v = Member(obj, key);
  if (!v || !v->is_number_integer()) return false;
  *out = v->get<int64_t>();
  return true;
}

std::string StrField(const json& obj, const char* key) {
  const json* v = Member(obj, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

bool Fail(std::string* why, std::string message) {
  if (why) *why = std::move(message);
  return false;
}

Timestamp FromUnix(int64_t seconds) {
  Timestamp ts;
  ts.utc = MicrosFromUnixSeconds(seconds);
  ts.zulu = true;
  return ts;
}

std::string DisplayName(const json& user) {
  std::string name = StrField(user, "first_name");
  std::string last = StrField(user, "last_name");
  if (!last.empty()) name += name.empty() ? last : " " + last;
  if (name.empty()) name = StrField(user, "username");
  return name;
}

// A user object -> "tg:<id>" and display name; false when it has no integer id.
bool ReadUser(const json* user, Event* e) {
  int64_t id = 0;
  if (!user || !IntField(*user, "id", &id)) return false;
  e->member = "tg:" + std::to_string(id);
  e->name = DisplayName(*user);
  return true;
}

// The chat of a message or member update; only groups are communities (private chats and
// channels are not). *group is "" for those.
bool ReadChat(const json& parent, ChatMigrations* migrations, std::string* group, std::string* type, int64_t* id,
              std::string* why) {
  const json* chat = Member(parent, "chat");
  if (!chat || !IntField(*chat, "id", id)) return Fail(why, "chat.id: missing or not an integer");
  *type = StrField(*chat, "type");
  group->clear();
  if (*type == "group" || *type == "supergroup") *group = "tg:" + std::to_string(migrations->Resolve(*id));
  return true;
}

// The chat of a member update, join request or reaction. Outside a group the update is
// ignored by name ("<kind>_in_<type>"): *group is then empty and the result true.
bool ReadGroupChat(const json& parent, const char* kind, ChatMigrations* migrations, std::string* group,
                   int64_t* chat_id, ParsedUpdate* out, std::string* why) {
  std::string type;
  if (!ReadChat(parent, migrations, group, &type, chat_id, why)) return false;
  if (group->empty()) out->ignored = std::string(kind) + "_in_" + (type.empty() ? "unknown" : type);
  return true;
}

bool ReadDate(const json& obj, Timestamp* ts, std::string* why) {
  int64_t date = 0;
  if (!IntField(obj, "date", &date)) return Fail(why, "date: missing or not an integer");
  *ts = FromUnix(date);
  return true;
}

// Who a join is credited to: the Shoal invite code of the link (its name, or a link the bot
// made), else the member who added them.
std::string JoinVia(const json& parent, const InviteLinkBook* links) {
  if (const json* link = Member(parent, "invite_link")) {
    std::string name = StrField(*link, "name");
    if (IsInviteCode(name)) return name;
    if (links) {
      std::string code = links->CodeFor(StrField(*link, "invite_link"));
      if (!code.empty()) return code;
    }
  }
  return {};
}

bool InChat(const json& member) {
  std::string status = StrField(member, "status");
  if (status == "creator" || status == "administrator" || status == "member") return true;
  if (status == "restricted") {
    const json* is_member = Member(member, "is_member");
    return is_member && is_member->is_boolean() && is_member->get<bool>();
  }
  return false;
}

// The kind of non-text content, so a sticker or photo still counts as a message.
std::string MediaKind(const json& message) {
  static const char* kKinds[] = {"photo", "video", "sticker", "animation", "document", "audio",
                                 "voice", "video_note", "poll", "location", "contact", "dice"};
  for (const char* k : kKinds) {
    if (Member(message, k)) return k;
  }
  return {};
}

bool ParseMessage(const json& message, const UpdateOptions& options, ChatMigrations* migrations,
                  ParsedUpdate* out, std::string* why) {
  std::string group, type;
  int64_t chat_id = 0;
  if (!ReadChat(message, migrations, &group, &type, &chat_id, why)) return false;
  Timestamp ts;
  if (!ReadDate(message, &ts, why)) return false;

  // Migration service messages: the old group says where it went, the new one where it came from.
  int64_t other = 0;
  if (IntField(message, "migrate_to_chat_id", &other)) {
    migrations->Record(chat_id, other);
    out->ignored = "migrate_to_chat_id";
    return true;
  }
  if (IntField(message, "migrate_from_chat_id", &other)) {
    migrations->Record(other, chat_id);
    out->ignored = "migrate_from_chat_id";
    return true;
  }
  if (group.empty()) {
    out->ignored = type == "private" ? "private_message" : "message_in_" + (type.empty() ? "unknown" : type);
    return true;
  }

  if (const json* joined = Member(message, "new_chat_members")) {
    if (options.joins_from_chat_member) {
      out->ignored = "new_chat_members";  // the chat_member update carries the same join, attributed
      return true;
    }
    if (!joined->is_array()) return Fail(why, "new_chat_members: not an array");
    Event inviter;
    bool has_inviter = ReadUser(Member(message, "from"), &inviter);
    for (const json& user : *joined) {
      Event e;
      e.type = EventType::kJoin;
      e.ts = ts;
      e.group = group;
      if (!ReadUser(&user, &e)) return Fail(why, "new_chat_members: a user without an integer id");
      if (has_inviter && inviter.member != e.member) e.via = inviter.member;
      out->events.push_back(std::move(e));
    }
    if (out->events.empty()) out->ignored = "new_chat_members_empty";
    return true;
  }
  if (const json* left = Member(message, "left_chat_member")) {
    if (options.joins_from_chat_member) {
      out->ignored = "left_chat_member";
      return true;
    }
    Event e;
    e.type = EventType::kLeave;
    e.ts = ts;
    e.group = group;
    if (!ReadUser(left, &e)) return Fail(why, "left_chat_member: a user without an integer id");
    out->events.push_back(std::move(e));
    return true;
  }

  Event e;
  e.type = EventType::kMessage;
  e.ts = ts;
  e.group = group;
  if (!ReadUser(Member(message, "from"), &e)) {
    // Anonymous admins and linked channels post as a chat; there is no member to credit.
    out->ignored = "message_without_sender";
    return true;
  }
  int64_t message_id = 0;
  if (!IntField(message, "message_id", &message_id)) return Fail(why, "message_id: missing or not an integer");
  e.msg_id = std::to_string(message_id);
  e.text = StrField(message, "text");
  if (e.text.empty()) e.text = StrField(message, "caption");
  if (const json* reply = Member(message, "reply_to_message")) {
    int64_t reply_id = 0;
    if (IntField(*reply, "message_id", &reply_id)) e.reply_to = std::to_string(reply_id);
  }
  if (e.text.empty()) {
    std::string kind = MediaKind(message);
    if (kind.empty()) {
      out->ignored = "service_message";  // title changes, pins, ...
      return true;
    }
    e.extra = "\"media\":\"" + kind + "\"";
  }
  out->events.push_back(std::move(e));
  return true;
}

// A member who may not send messages: restricted with can_send_messages false (other
// restrictions, such as no media, are not a mute).
bool Muted(const json& member) {
  if (StrField(member, "status") != "restricted") return false;
  const json* can_send = Member(member, "can_send_messages");
  return can_send && can_send->is_boolean() && !can_send->get<bool>();
}

// A mute placed or lifted on someone who stays in the chat: a restrict event, or nothing.
bool MuteChange(const json& update, const json& old_member, const json& new_member, const std::string& group,
                const UpdateOptions& options, ParsedUpdate* out, std::string* why) {
  const bool was = Muted(old_member), is = Muted(new_member);
  int64_t until = 0, old_until = 0;
  IntField(new_member, "until_date", &until);
  IntField(old_member, "until_date", &old_until);
  if (!was && !is) {
    out->ignored = "chat_member_status";  // promotions, other restrictions: not a mute
    return true;
  }
  if (was && is && until == old_until) {
    out->ignored = "chat_member_status";  // another permission changed; the mute stands
    return true;
  }
  Event e;
  e.type = EventType::kRestrict;
  if (!ReadDate(update, &e.ts, why)) return false;
  e.group = group;
  if (!ReadUser(Member(new_member, "user"), &e)) return Fail(why, "new_chat_member.user: missing or without an id");
  Event actor;
  if (!ReadUser(Member(update, "from"), &actor)) return Fail(why, "from: missing or without an id");
  int64_t seconds = 0;
  if (is) {
    // until_date 0 is "forever"; a date already past still was a mute, for at least a second.
    seconds = until == 0 ? kMuteUntilLifted : std::clamp<int64_t>(until - e.ts.utc / kMicrosPerSecond, 1, kMaxRestrictSeconds);
  }
  int64_t actor_id = 0;
  TelegramIdOf(actor.member, &actor_id);
  e.extra = RestrictExtra(seconds, actor.member, false, options.bot_user_id != 0 && actor_id == options.bot_user_id);
  out->events.push_back(std::move(e));
  return true;
}

bool ParseChatMember(const json& update, const UpdateOptions& options, const InviteLinkBook* links,
                     ChatMigrations* migrations, ParsedUpdate* out, std::string* why) {
  std::string group;
  int64_t chat_id = 0;
  if (!ReadGroupChat(update, "chat_member", migrations, &group, &chat_id, out, why)) return false;
  if (group.empty()) return true;
  const json* old_member = Member(update, "old_chat_member");
  const json* new_member = Member(update, "new_chat_member");
  if (!old_member || !new_member) return Fail(why, "chat_member: old_chat_member or new_chat_member missing");
  bool was_in = InChat(*old_member), is_in = InChat(*new_member);
  if (was_in == is_in) {
    if (is_in) return MuteChange(update, *old_member, *new_member, group, options, out, why);
    out->ignored = "chat_member_status";  // e.g. unbanned (kicked -> left): still not in the chat
    return true;
  }
  Event e;
  e.type = is_in ? EventType::kJoin : EventType::kLeave;
  if (!ReadDate(update, &e.ts, why)) return false;
  e.group = group;
  if (!ReadUser(Member(*new_member, "user"), &e)) return Fail(why, "new_chat_member.user: missing or without an id");
  Event actor;
  bool has_actor = ReadUser(Member(update, "from"), &actor) && actor.member != e.member;
  if (is_in) {
    e.via = JoinVia(update, links);
    if (e.via.empty() && has_actor) e.via = actor.member;  // added by another member
  } else if (has_actor) {
    // Removed by an admin; "kicked" is a ban (Telegram's kick is a ban, then an unban).
    int64_t actor_id = 0;
    TelegramIdOf(actor.member, &actor_id);
    e.extra = "\"removed_by\":\"" + actor.member + "\"," +
              RemovalExtra(actor.member, StrField(*new_member, "status") == "kicked",
                           options.bot_user_id != 0 && actor_id == options.bot_user_id);
  }
  out->events.push_back(std::move(e));
  return true;
}

bool ParseJoinRequest(const json& request, const InviteLinkBook* links, ChatMigrations* migrations, ParsedUpdate* out,
                      std::string* why) {
  std::string group;
  int64_t chat_id = 0;
  if (!ReadGroupChat(request, "chat_join_request", migrations, &group, &chat_id, out, why)) return false;
  if (group.empty()) return true;
  Event e;
  e.type = EventType::kJoinRequest;
  if (!ReadDate(request, &e.ts, why)) return false;
  e.group = group;
  if (!ReadUser(Member(request, "from"), &e)) return Fail(why, "chat_join_request.from: missing or without an id");
  // The chat id as the request names it (approval goes to the migrated chat through PlanAction).
  e.request_id = std::to_string(chat_id) + ":" + e.member.substr(3);
  e.answer = StrField(request, "bio");
  e.via = JoinVia(request, links);
  out->events.push_back(std::move(e));
  return true;
}

bool ParseReaction(const json& reaction, ChatMigrations* migrations, ParsedUpdate* out, std::string* why) {
  std::string group;
  int64_t chat_id = 0;
  if (!ReadGroupChat(reaction, "message_reaction", migrations, &group, &chat_id, out, why)) return false;
  if (group.empty()) return true;
  Event base;
  base.type = EventType::kReaction;
  if (!ReadDate(reaction, &base.ts, why)) return false;
  base.group = group;
  if (!ReadUser(Member(reaction, "user"), &base)) {
    out->ignored = "anonymous_reaction";  // reactions by a chat (actor_chat) credit no member
    return true;
  }
  int64_t message_id = 0;
  if (!IntField(reaction, "message_id", &message_id)) return Fail(why, "message_id: missing or not an integer");
  base.msg_id = std::to_string(message_id);
  auto emojis = [](const json* list) {
    std::vector<std::string> out;
    if (list && list->is_array()) {
      for (const json& r : *list) {
        std::string emoji = StrField(r, "emoji");
        if (StrField(r, "type") == "emoji" && !emoji.empty()) out.push_back(emoji);
      }
    }
    return out;
  };
  std::vector<std::string> before = emojis(Member(reaction, "old_reaction"));
  for (const std::string& emoji : emojis(Member(reaction, "new_reaction"))) {
    if (std::find(before.begin(), before.end(), emoji) != before.end()) continue;  // kept, not added
    Event e = base;
    e.emoji = emoji;
    out->events.push_back(std::move(e));
  }
  if (out->events.empty()) out->ignored = "reaction_removed";
  return true;
}

}  // namespace

const std::vector<std::string>& AllowedUpdates() {
  static const std::vector<std::string> kKinds = {"message", "chat_member", "chat_join_request", "message_reaction"};
  return kKinds;
}

bool ParseUpdate(const json& update, const UpdateOptions& options, ChatMigrations* migrations,
                 const InviteLinkBook* links, ParsedUpdate* out, std::string* why) {
  *out = ParsedUpdate();
  if (!update.is_object()) return Fail(why, "an update must be a JSON object");
  if (!IntField(update, "update_id", &out->update_id)) return Fail(why, "update_id: missing or not an integer");
  bool ok = true;
  std::string problem;
  if (const json* message = Member(update, "message")) {
    ok = ParseMessage(*message, options, migrations, out, &problem);
    if (!ok) problem = "message." + problem;
  } else if (const json* member = Member(update, "chat_member")) {
    ok = ParseChatMember(*member, options, links, migrations, out, &problem);
    if (!ok) problem = "chat_member." + problem;
  } else if (const json* request = Member(update, "chat_join_request")) {
    ok = ParseJoinRequest(*request, links, migrations, out, &problem);
    if (!ok) problem = "chat_join_request." + problem;
  } else if (const json* reaction = Member(update, "message_reaction")) {
    ok = ParseReaction(*reaction, migrations, out, &problem);
    if (!ok) problem = "message_reaction." + problem;
  } else {
    // Any other kind (edited_message, callback_query, my_chat_member, ...): named, not fatal.
    out->ignored = "unknown";
    for (auto it = update.begin(); it != update.end(); ++it) {
      if (it.key() != "update_id" && !it.key().empty()) {  // a "" key would name nothing
        out->ignored = it.key();
        break;
      }
    }
  }
  if (!ok) {
    out->events.clear();
    return Fail(why, problem);
  }
  return true;
}

bool ParseUpdateText(std::string_view text, const UpdateOptions& options, ChatMigrations* migrations,
                     const InviteLinkBook* links, ParsedUpdate* out, std::string* why) {
  json update = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (update.is_discarded()) {
    *out = ParsedUpdate();
    return Fail(why, "not valid JSON");
  }
  return ParseUpdate(update, options, migrations, links, out, why);
}

namespace {

// Every sending permission at one value: a member mute (false) or its lift (true).
json SendPermissions(bool allowed) {
  json p = json::object();
  for (const char* k : {"can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
                        "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
                        "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages"}) {
    p[k] = allowed;
  }
  return p;
}

ActionPlan Refuse(DeliveryResult result) {
  ActionPlan plan;
  plan.outcome = std::move(result);
  return plan;
}

}  // namespace

ActionPlan PlanAction(const Action& action, const ChatMigrations& migrations, int64_t now_unix) {
  std::string type(ActionTypeName(action.type));
  int64_t chat = 0, user = 0;
  bool has_chat = TelegramIdOf(action.group, &chat);
  bool has_user = TelegramIdOf(action.member, &user);
  if (has_chat) chat = migrations.Resolve(chat);
  auto need_chat = [&]() -> std::optional<ActionPlan> {
    if (has_chat) return std::nullopt;
    return Refuse(DeliveryResult::Rejected(type + ": group '" + action.group + "' is not a tg:<chat id>"));
  };
  auto need_user = [&]() -> std::optional<ActionPlan> {
    if (auto bad = need_chat()) return bad;
    if (has_user) return std::nullopt;
    return Refuse(DeliveryResult::Rejected(type + ": member '" + action.member + "' is not a tg:<user id>"));
  };
  ActionPlan plan;
  auto call = [&](const char* method, json body) { plan.calls.push_back({method, std::move(body)}); };
  switch (action.type) {
    case ActionType::kSend:
    case ActionType::kAnnounce: {
      if (auto bad = need_chat()) return *bad;
      json body = {{"chat_id", chat}, {"text", action.text}};
      int64_t reply = 0;
      if (!action.msg_id.empty() && TelegramIdOf("tg:" + action.msg_id, &reply)) {
        body["reply_parameters"] = {{"message_id", reply}, {"allow_sending_without_reply", true}};
      }
      call("sendMessage", std::move(body));
      break;
    }
    case ActionType::kDm:
      // A user's private chat with the bot has the user's id (the bot must have been started).
      if (!has_user) return Refuse(DeliveryResult::Rejected("dm: member '" + action.member + "' is not a tg:<user id>"));
      call("sendMessage", {{"chat_id", user}, {"text", action.text}});
      break;
    case ActionType::kDelete: {
      if (auto bad = need_chat()) return *bad;
      int64_t message_id = 0;
      if (!TelegramIdOf("tg:" + action.msg_id, &message_id)) {
        return Refuse(DeliveryResult::Rejected("delete: msg_id '" + action.msg_id + "' is not a Telegram message id"));
      }
      call("deleteMessage", {{"chat_id", chat}, {"message_id", message_id}});
      break;
    }
    case ActionType::kMute: {
      if (auto bad = need_user()) return *bad;
      json body = {{"chat_id", chat}, {"user_id", user}, {"use_independent_chat_permissions", true}};
      if (action.seconds > 0) {
        // Telegram reads an until_date under 30 s away as "forever": never let a short mute become that.
        body["permissions"] = SendPermissions(false);
        body["until_date"] = now_unix + std::max<int64_t>(action.seconds, 30);
      } else {
        body["permissions"] = SendPermissions(true);
      }
      call("restrictChatMember", std::move(body));
      break;
    }
    case ActionType::kKick:
      if (auto bad = need_user()) return *bad;
      call("banChatMember", {{"chat_id", chat}, {"user_id", user}});
      // A kick without a ban: lift the ban at once so they may come back.
      if (!action.ban) call("unbanChatMember", {{"chat_id", chat}, {"user_id", user}, {"only_if_banned", true}});
      break;
    case ActionType::kUnban:
      if (auto bad = need_user()) return *bad;
      call("unbanChatMember", {{"chat_id", chat}, {"user_id", user}, {"only_if_banned", true}});
      break;
    case ActionType::kApprove:
    case ActionType::kReject: {
      // request_id is "<chat id>:<user id>" as ParseUpdate wrote it; group/member are the fallback.
      size_t colon = action.request_id.rfind(':');
      int64_t req_chat = 0, req_user = 0;
      if (colon != std::string::npos && TelegramIdOf("tg:" + action.request_id.substr(0, colon), &req_chat) &&
          TelegramIdOf("tg:" + action.request_id.substr(colon + 1), &req_user)) {
        chat = migrations.Resolve(req_chat);
        user = req_user;
      } else if (auto bad = need_user()) {
        return *bad;
      }
      call(action.type == ActionType::kApprove ? "approveChatJoinRequest" : "declineChatJoinRequest",
           {{"chat_id", chat}, {"user_id", user}});
      break;
    }
    case ActionType::kWholeMute:
      // setChatPermissions has no end time: a timed whole mute ends with a later seconds=0 action.
      if (auto bad = need_chat()) return *bad;
      call("setChatPermissions", {{"chat_id", chat},
                                  {"permissions", SendPermissions(action.seconds <= 0)},
                                  {"use_independent_chat_permissions", true}});
      break;
    case ActionType::kSetCard:
      return Refuse(DeliveryResult::Unsupported(
          "set_card: Telegram has no per-member group nickname (custom titles exist only for admins)"));
    case ActionType::kCreateGroup:
      return Refuse(DeliveryResult::Unsupported("create_group: Telegram bots cannot create groups"));
    case ActionType::kDisband:
      return Refuse(DeliveryResult::Unsupported("disband: Telegram bots cannot delete a group"));
    case ActionType::kTask:
    case ActionType::kAlert:
      return Refuse(DeliveryResult::Unsupported(type + ": for people, not the platform"));
  }
  return plan;
}

const PlatformCapabilities& TelegramCapabilities() {
  static const PlatformCapabilities kCaps = [] {
    PlatformCapabilities c;
    c.send_group = true;
    c.dm = true;  // only to users who started the bot
    c.delete_message = true;  // under 48 h old
    c.mute_timed = true;      // supergroups
    c.whole_mute = true;
    c.kick = true;
    c.ban = true;
    c.unban = true;
    c.approve_requests = true;
    c.create_group = false;
    c.disband = false;
    c.set_card = false;
    c.sends_need_human = false;
    return c;
  }();
  return kCaps;
}

const PlatformLimits& TelegramLimits() {
  // Bot FAQ: about 1 message/s into a chat, 20/min into a group, about 30/s overall.
  static const PlatformLimits kLimits{1.0, 20, 30};
  return kLimits;
}

bool InviteLinkRequest(const InviteSpec& spec, const ChatMigrations& migrations, BotApiCall* out, std::string* why) {
  int64_t chat = 0;
  if (!TelegramIdOf(spec.group, &chat)) return Fail(why, "invite '" + spec.code + "': group '" + spec.group + "' is not a tg:<chat id>");
  if (spec.code.empty() || spec.code.size() > 32) {
    return Fail(why, "invite '" + spec.code + "': a Telegram link name holds at most 32 characters, so the code cannot name it");
  }
  out->method = "createChatInviteLink";
  out->body = {{"chat_id", migrations.Resolve(chat)}, {"name", spec.code}};
  if (spec.uses > 0) out->body["member_limit"] = std::min<int64_t>(spec.uses, 99999);
  if (spec.expires > 0) out->body["expire_date"] = spec.expires / kMicrosPerSecond;
  return true;
}

bool RevokeInviteLinkRequest(const std::string& group, const std::string& link, const ChatMigrations& migrations,
                             BotApiCall* out, std::string* why) {
  int64_t chat = 0;
  if (!TelegramIdOf(group, &chat)) return Fail(why, "invite link " + link + ": group '" + group + "' is not a tg:<chat id>");
  if (link.empty()) return Fail(why, "no invite link to revoke in " + group);
  out->method = "revokeChatInviteLink";
  out->body = {{"chat_id", migrations.Resolve(chat)}, {"invite_link", link}};
  return true;
}

BotApiCall SetWebhookCall(const std::string& url, const std::string& secret_token) {
  BotApiCall call{"setWebhook", {{"url", url}, {"allowed_updates", AllowedUpdates()}}};
  if (!secret_token.empty()) call.body["secret_token"] = secret_token;
  return call;
}

DeliveryResult InterpretResponse(int http_status, std::string_view body, int64_t* migrated_to, json* result) {
  json answer = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  bool is_envelope = answer.is_object() && Member(answer, "ok") && answer["ok"].is_boolean();
  if (!is_envelope) {
    std::string what = "HTTP " + std::to_string(http_status) + " without a Bot API answer";
    if (http_status >= 500 || http_status == 429) return DeliveryResult::Retry(what);
    return DeliveryResult::Rejected(what);
  }
  if (answer["ok"].get<bool>()) {
    std::string ref;
    if (const json* r = Member(answer, "result")) {
      int64_t message_id = 0;
      if (IntField(*r, "message_id", &message_id)) ref = std::to_string(message_id);
      if (result) *result = *r;
    }
    return DeliveryResult::Delivered(std::move(ref));
  }
  int64_t code = http_status;
  IntField(answer, "error_code", &code);
  std::string description = StrField(answer, "description");
  if (description.empty()) description = "error " + std::to_string(code);
  const json* params = Member(answer, "parameters");
  int64_t value = 0;
  if (params && IntField(*params, "migrate_to_chat_id", &value)) {
    if (migrated_to) *migrated_to = value;
    return DeliveryResult::Retry("chat migrated to " + std::to_string(value) + ": " + description);
  }
  if (code == 429) {
    int64_t after = 1;
    if (params) IntField(*params, "retry_after", &after);
    return DeliveryResult::RateLimited(MicrosFromUnixSeconds(std::max<int64_t>(after, 1)), description);
  }
  if (code >= 500) return DeliveryResult::Retry(description);
  return DeliveryResult::Rejected(description);
}

}  // namespace shoal
