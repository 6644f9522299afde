#include "adapters/onebot/onebot_codec.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "adapters/onebot/cq_code.h"
#include "adapters/onebot/frame_fields.h"
#include "adapters/onebot/simd_frame_reader.h"
#include "core/unix_time.h"
#include "shoal/event_codec.h"
#include "shoal/staff_event.h"

namespace shoal::onebot {

namespace {

using nlohmann::json;

// An id as JSON number or digit string; false when missing or not a whole number.
bool Id(const json& obj, const char* key, int64_t* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return false;
  if (it->is_number_integer()) {
    *out = it->get<int64_t>();
    return true;
  }
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
  }
  return false;
}

std::string Str(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return {};
}

std::string Qq(int64_t id) { return "qq:" + std::to_string(id); }

Parsed Fail(std::string why) {
  Parsed p;
  p.kind = Parsed::Kind::kError;
  p.error = std::move(why);
  return p;
}

Parsed Ignore(Parsed p, std::string note) {
  p.kind = Parsed::Kind::kIgnored;
  p.note = std::move(note);
  return p;
}

std::vector<Segment> Segments(const json& message) {
  if (message.is_string()) return ParseCqString(message.get_ref<const std::string&>());
  std::vector<Segment> out;
  auto add = [&](const json& seg) {
    if (!seg.is_object()) return;
    Segment s;
    s.type = Str(seg, "type");
    if (auto d = seg.find("data"); d != seg.end() && d->is_object())
      for (auto& [k, v] : d->items())
        s.data.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    out.push_back(std::move(s));
  };
  if (message.is_array()) {
    for (const auto& seg : message) add(seg);
  } else {
    add(message);  // a single segment object
  }
  return out;
}

void OptionalId(const json& j, const char* key, std::optional<int64_t>* out) {
  int64_t v = 0;
  if (Id(j, key, &v)) *out = v;
}

// The DOM reader of FrameFields.
FrameFields FieldsOf(const json& j) {
  FrameFields f;
  OptionalId(j, "time", &f.time);
  OptionalId(j, "self_id", &f.self_id);
  OptionalId(j, "group_id", &f.group_id);
  OptionalId(j, "user_id", &f.user_id);
  OptionalId(j, "operator_id", &f.operator_id);
  OptionalId(j, "interval", &f.interval);
  OptionalId(j, "duration", &f.duration);
  f.post_type = Str(j, "post_type");
  f.message_type = Str(j, "message_type");
  f.notice_type = Str(j, "notice_type");
  f.request_type = Str(j, "request_type");
  f.meta_event_type = Str(j, "meta_event_type");
  f.sub_type = Str(j, "sub_type");
  f.message_id = Str(j, "message_id");
  f.flag = Str(j, "flag");
  f.comment = Str(j, "comment");
  if (auto msg = j.find("message"); msg != j.end()) {
    f.has_message = true;
    f.segments = Segments(*msg);
  }
  if (auto s = j.find("sender"); s != j.end() && s->is_object()) {
    f.card = Str(*s, "card");
    f.nickname = Str(*s, "nickname");
  }
  if (auto s = j.find("status"); s != j.end() && s->is_object()) {
    auto online = s->find("online"), good = s->find("good");
    f.offline = (online != s->end() && online->is_boolean() && !online->get<bool>()) ||
                (good != s->end() && good->is_boolean() && !good->get<bool>());
  }
  return f;
}

Parsed Message(const FrameFields& f, Parsed p) {
  const std::string& type = f.message_type;
  if (type != "group") return Ignore(std::move(p), type + " message");
  if (!f.group_id) return Fail("message: group_id missing or not a number");
  if (!f.user_id) return Fail("message: user_id missing or not a number");
  if (!f.has_message) return Fail("message: no message field");
  Event& e = p.event;
  e.type = EventType::kMessage;
  e.group = Qq(*f.group_id);
  e.member = Qq(*f.user_id);
  e.text = RenderText(f.segments);
  e.reply_to = ReplyTo(f.segments);
  e.msg_id = f.message_id;
  e.name = f.card.empty() ? f.nickname : f.card;
  if (e.text.empty()) e.text = "[empty]";  // a message with nothing readable still counts as activity
  p.sub_type = f.sub_type;
  p.kind = Parsed::Kind::kEvent;
  return p;
}

// The extra fields of a join or leave: {"onebot_sub_type":…[,"operator":…]} without braces.
std::string MembershipExtra(const std::string& sub_type, int64_t op) {
  std::string out = "\"onebot_sub_type\":";
  AppendJsonString(sub_type, &out);
  if (op != 0) {
    out += ",\"operator\":";
    AppendJsonString(Qq(op), &out);
  }
  return out;
}

Parsed Notice(const FrameFields& f, Parsed p) {
  const std::string& type = f.notice_type;
  p.sub_type = f.sub_type;
  int64_t group = f.group_id.value_or(0), user = f.user_id.value_or(0), op = f.operator_id.value_or(0);
  Event& e = p.event;
  if (type == "group_increase" || type == "group_decrease") {
    if (!f.group_id || !f.user_id) return Fail(type + ": group_id and user_id are required numbers");
    e.type = type == "group_increase" ? EventType::kJoin : EventType::kLeave;
    e.group = Qq(group);
    e.member = Qq(user);
    // An admin's invite names the inviter; QQ gives no invite code.
    if (type == "group_increase" && p.sub_type == "invite" && op != 0 && op != user) e.via = Qq(op);
    e.extra = MembershipExtra(p.sub_type, op);
    // Removed by an admin (or by Shoal's own kick): who did it, in the canonical field.
    if (type == "group_decrease" && p.sub_type == "kick" && op != 0 && op != user)
      e.extra += "," + RemovalExtra(Qq(op), false, op == p.self_id);
    p.kind = Parsed::Kind::kEvent;
    return p;
  }
  // Moderation on the platform. Shoal's own calls come back here too (operator = the bot's
  // account): they are mapped all the same, marked by_self, so features tell them apart.
  const bool by_self = op != 0 && op == p.self_id;
  if (type == "group_ban") {
    if (!f.group_id || !f.operator_id) return Fail("group_ban: group_id and operator_id are required numbers");
    if (p.sub_type != "ban" && p.sub_type != "lift_ban") {
      std::string note = "group_ban " + p.sub_type + " " + Qq(group);  // built before p moves
      return Ignore(std::move(p), std::move(note));
    }
    // user_id 0 is the whole group, whose mute has no duration: on until lifted.
    int64_t duration = f.duration.value_or(0);
    int64_t seconds = p.sub_type == "lift_ban" ? 0 : user == 0 || duration <= 0 ? kMuteUntilLifted : duration;
    e.type = EventType::kRestrict;
    e.group = Qq(group);
    if (user != 0) e.member = Qq(user);
    e.extra = RestrictExtra(seconds, Qq(op), user == 0, by_self);
    p.kind = Parsed::Kind::kEvent;
    return p;
  }
  if (type == "group_recall") {
    if (!f.group_id || !f.operator_id) return Fail("group_recall: group_id and operator_id are required numbers");
    if (f.message_id.empty()) return Fail("group_recall: message_id missing");
    e.type = EventType::kRecall;
    e.group = Qq(group);
    if (user != 0) e.member = Qq(user);  // the author
    e.msg_id = f.message_id;
    e.extra = RecallExtra(Qq(op), by_self);
    p.kind = Parsed::Kind::kEvent;
    return p;
  }
  if (type.empty()) return Fail("notice without notice_type");
  return Ignore(std::move(p), "notice " + type);
}

Parsed Request(const FrameFields& f, Parsed p) {
  const std::string& type = f.request_type;
  p.sub_type = f.sub_type;
  if (type != "group") return Ignore(std::move(p), type + " request");
  if (!f.group_id || !f.user_id) return Fail("request: group_id and user_id are required numbers");
  int64_t group = *f.group_id, user = *f.user_id;
  const std::string& flag = f.flag;
  if (flag.empty()) return Fail("request: flag missing (it is needed to answer the request)");
  if (p.sub_type == "invite")  // the bot itself is invited into a group: an operator decides
    return Ignore(std::move(p), "bot invited into " + Qq(group) + " by " + Qq(user) + " (flag " + flag + ")");
  Event& e = p.event;
  e.type = EventType::kJoinRequest;
  e.group = Qq(group);
  e.member = Qq(user);
  e.answer = f.comment;
  e.request_id = flag;
  p.kind = Parsed::Kind::kEvent;
  return p;
}

Parsed Meta(const FrameFields& f, Parsed p) {
  const std::string& type = f.meta_event_type;
  p.sub_type = f.sub_type;
  if (type == "heartbeat") {
    p.kind = Parsed::Kind::kHeartbeat;
    p.interval_ms = f.interval.value_or(0);
    p.online = !f.offline;
    return p;
  }
  if (type == "lifecycle") {
    p.kind = Parsed::Kind::kLifecycle;
    return p;
  }
  return Fail("unknown meta_event_type '" + type + "'");
}

json MessageParam(const std::string& text) { return json::array({{{"type", "text"}, {"data", {{"text", text}}}}}); }

bool QqId(const std::string& id, const char* field, int64_t* out, std::string* why) {
  std::string_view v = id;
  if (!v.starts_with("qq:")) {
    *why = std::string(field) + " '" + id + "' is not a qq:<number> id";
    return false;
  }
  v.remove_prefix(3);
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty()) {
    *why = std::string(field) + " '" + id + "' is not a qq:<number> id";
    return false;
  }
  return true;
}

}  // namespace

Parsed BuildParsed(const FrameFields& f, int16_t offset_minutes) {
  Parsed p;
  p.self_id = f.self_id.value_or(0);
  if (!f.time) return Fail("time missing or not a number");
  // Unix seconds up to year 9999; beyond, the microsecond clock would overflow.
  if (*f.time < 0 || *f.time > kLastUnixSecond) return Fail("time out of range: " + std::to_string(*f.time));
  p.event.ts = Timestamp{.utc = *f.time * kMicrosPerSecond, .offset_minutes = offset_minutes, .zulu = offset_minutes == 0};
  const std::string& post = f.post_type;
  if (post == "message") return Message(f, std::move(p));
  if (post == "notice") return Notice(f, std::move(p));
  if (post == "request") return Request(f, std::move(p));
  if (post == "meta_event") return Meta(f, std::move(p));
  if (post == "message_sent") return Ignore(std::move(p), "the bot's own message");
  if (post.empty()) return Fail("no post_type");
  return Fail("unknown post_type '" + post + "'");
}

Parsed ParseEventDom(std::string_view text, int16_t offset_minutes) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Fail("not JSON");
  if (!j.is_object()) return Fail("not a JSON object");
  FrameFields f;
  try {
    f = FieldsOf(j);
  } catch (const std::exception& e) {  // a wrongly typed field deep inside
    return Fail(std::string("malformed ") + Str(j, "post_type") + " event: " + e.what());
  }
  return BuildParsed(f, offset_minutes);
}

Parsed ParseEvent(std::string_view text, int16_t offset_minutes) {
  thread_local SimdFrameReader reader;
  FrameFields f;
  if (reader.Read(text, &f)) return BuildParsed(f, offset_minutes);
  return ParseEventDom(text, offset_minutes);
}

bool IsResponseFrame(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  return j.is_object() && !j.contains("post_type") && (j.contains("status") || j.contains("retcode"));
}

bool ActionToCall(const Action& a, std::string* call_json, std::string* why) {
  json params = json::object();
  std::string api;
  int64_t group = 0, user = 0;
  auto need_group = [&] { return QqId(a.group, "group", &group, why); };
  auto need_user = [&] { return QqId(a.member, "member", &user, why); };
  switch (a.type) {
    case ActionType::kSend:
    case ActionType::kAnnounce:
      if (!need_group()) return false;
      api = "send_group_msg";
      params = {{"group_id", group}, {"message", MessageParam(a.text)}};
      break;
    case ActionType::kDm:
      if (!need_user()) return false;
      api = "send_private_msg";
      params = {{"user_id", user}, {"message", MessageParam(a.text)}};
      break;
    case ActionType::kDelete: {
      int64_t msg = 0;
      auto [p, ec] = std::from_chars(a.msg_id.data(), a.msg_id.data() + a.msg_id.size(), msg);
      if (ec != std::errc() || p != a.msg_id.data() + a.msg_id.size() || a.msg_id.empty()) {
        *why = "msg_id '" + a.msg_id + "' is not a OneBot message id";
        return false;
      }
      api = "delete_msg";
      params = {{"message_id", msg}};
      break;
    }
    case ActionType::kKick:
      if (!need_group() || !need_user()) return false;
      api = "set_group_kick";
      params = {{"group_id", group}, {"user_id", user}, {"reject_add_request", a.ban}};
      break;
    case ActionType::kMute:
      if (!need_group() || !need_user()) return false;
      api = "set_group_ban";  // duration always explicit: NapCat has no default
      params = {{"group_id", group}, {"user_id", user}, {"duration", std::clamp<int64_t>(a.seconds, 0, kMaxMuteSeconds)}};
      break;
    case ActionType::kWholeMute:
      if (!need_group()) return false;
      api = "set_group_whole_ban";
      params = {{"group_id", group}, {"enable", a.seconds != 0}};
      break;
    case ActionType::kApprove:
    case ActionType::kReject:
      if (a.request_id.empty()) {
        *why = "no request_id (the join request's flag)";
        return false;
      }
      api = "set_group_add_request";
      // sub_type and type both: go-cqhttp reads either, NapCat neither.
      params = {{"flag", a.request_id}, {"sub_type", "add"}, {"type", "add"}, {"approve", a.type == ActionType::kApprove}};
      if (a.type == ActionType::kReject && !a.text.empty()) params["reason"] = a.text;
      break;
    case ActionType::kSetCard:
      if (!need_group() || !need_user()) return false;
      api = "set_group_card";
      params = {{"group_id", group}, {"user_id", user}, {"card", a.name}};
      break;
    case ActionType::kDisband:
      if (!need_group()) return false;
      api = "set_group_leave";
      params = {{"group_id", group}, {"is_dismiss", true}};
      break;
    default:
      *why = "OneBot v11 has no call for " + std::string(ActionTypeName(a.type));
      return false;
  }
  json call = {{"action", api}, {"params", std::move(params)}, {"echo", a.key}};
  *call_json = call.dump();
  return true;
}

DeliveryResult ParseResponse(std::string_view text, std::string* echo) {
  echo->clear();
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return DeliveryResult::Retry("unreadable API answer");
  if (auto e = j.find("echo"); e != j.end()) *echo = e->is_string() ? e->get<std::string>() : e->dump();
  std::string status = Str(j, "status");
  int64_t retcode = -1;
  Id(j, "retcode", &retcode);
  if (status == "ok" || (status.empty() && retcode == 0)) {
    std::string ref;
    if (auto d = j.find("data"); d != j.end() && d->is_object()) ref = Str(*d, "message_id");
    return DeliveryResult::Delivered(ref);
  }
  if (status == "async" || retcode == 1) {
    DeliveryResult r = DeliveryResult::Delivered();
    r.detail = "async";
    return r;
  }
  std::string words;
  for (const char* key : {"msg", "wording", "message"}) {
    std::string w = Str(j, key);
    if (!w.empty() && words.find(w) == std::string::npos) words += (words.empty() ? "" : " ") + w;
  }
  std::string detail = "retcode " + std::to_string(retcode) + (words.empty() ? "" : " " + words);
  if (retcode == 1404) return DeliveryResult::Unsupported(detail);
  return DeliveryResult::Rejected(detail);
}

DeliveryResult UnansweredCall(bool message_call, const std::string& what) {
  if (message_call)
    return DeliveryResult::Rejected("uncertain: " + what + "; the message may have been posted, check before resending");
  return DeliveryResult::Retry(what);
}

PlatformCapabilities Capabilities() {
  PlatformCapabilities c;
  c.send_group = c.dm = c.delete_message = c.mute_timed = c.whole_mute = c.kick = c.ban = true;
  c.unban = false;  // no call lifts reject_add_request
  c.approve_requests = true;
  c.create_group = false;
  c.disband = true;  // set_group_leave is_dismiss: the owner account only
  c.set_card = true;
  return c;
}

PlatformLimits DefaultLimits() {
  PlatformLimits l;
  l.per_chat_per_second = 1;
  l.per_chat_per_minute = 20;
  l.per_account_per_second = 2;
  return l;
}

}  // namespace shoal::onebot
