#include <nlohmann/json.hpp>

#include "shoal/action.h"
#include "shoal/event_codec.h"

namespace shoal {

namespace {

struct ActionName {
  std::string_view name;
  ActionType type;
};
constexpr ActionName kActionNames[] = {
    {"send", ActionType::kSend},       {"dm", ActionType::kDm},
    {"delete", ActionType::kDelete},   {"mute", ActionType::kMute},
    {"kick", ActionType::kKick},       {"unban", ActionType::kUnban},
    {"approve", ActionType::kApprove}, {"reject", ActionType::kReject},
    {"create_group", ActionType::kCreateGroup}, {"disband", ActionType::kDisband},
    {"announce", ActionType::kAnnounce}, {"whole_mute", ActionType::kWholeMute},
    {"set_card", ActionType::kSetCard}, {"task", ActionType::kTask},
    {"alert", ActionType::kAlert},
};

void Field(const char* name, const std::string& v, std::string* out) {
  if (v.empty()) return;
  out->append(",\"");
  out->append(name);
  out->append("\":");
  AppendJsonString(v, out);
}

}  // namespace

std::string_view ActionTypeName(ActionType t) {
  for (const auto& n : kActionNames) {
    if (n.type == t) return n.name;
  }
  return "?";
}

std::optional<ActionType> ActionTypeFromName(std::string_view name) {
  for (const auto& n : kActionNames) {
    if (n.name == name) return n.type;
  }
  return std::nullopt;
}

void AppendActionJson(const Action& a, std::string* out) {
  out->append("{\"action\":\"");
  out->append(ActionTypeName(a.type));
  out->append("\",\"ts\":\"");
  AppendRfc3339(a.ts, out);
  out->push_back('"');
  Field("group", a.group, out);
  Field("member", a.member, out);
  Field("name", a.name, out);
  Field("msg_id", a.msg_id, out);
  Field("request_id", a.request_id, out);
  if (a.type == ActionType::kMute || a.type == ActionType::kWholeMute || a.seconds != 0) {
    out->append(",\"seconds\":");
    out->append(std::to_string(a.seconds));
  }
  if (a.type == ActionType::kKick) out->append(a.ban ? ",\"ban\":true" : ",\"ban\":false");
  Field("text", a.text, out);
  if (!a.extra.empty()) {
    out->push_back(',');
    out->append(a.extra);
  }
  Field("reason", a.reason, out);
  Field("key", a.key, out);
  out->push_back('}');
}

std::string ActionToJson(const Action& a) {
  std::string s;
  AppendActionJson(a, &s);
  return s;
}

std::optional<Action> ActionFromJson(std::string_view json, std::string* why) {
  // Ordered, so extra fields print back in the order they were written: the outbox then hands
  // a platform the very line the engine emitted.
  auto j = nlohmann::ordered_json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    if (why) *why = "not a JSON object";
    return std::nullopt;
  }
  Action a;
  std::string extra;
  for (auto& item : j.items()) {
    const std::string& k = item.key();
    auto& v = item.value();  // a named reference, not a structured binding: lambdas capture it portably
    auto str = [&](std::string* dst) {
      if (!v.is_string()) return false;
      *dst = v.get<std::string>();
      return true;
    };
    bool ok = true;
    if (k == "action") {
      std::string n;
      ok = str(&n);
      auto t = ActionTypeFromName(n);
      if (!t) {
        if (why) *why = "unknown action '" + n + "'";
        return std::nullopt;
      }
      a.type = *t;
    } else if (k == "ts") {
      std::string s;
      ok = str(&s);
      auto ts = ParseRfc3339(s, why);
      if (!ts) return std::nullopt;
      a.ts = *ts;
    } else if (k == "group") ok = str(&a.group);
    else if (k == "member") ok = str(&a.member);
    else if (k == "text") ok = str(&a.text);
    else if (k == "msg_id") ok = str(&a.msg_id);
    else if (k == "request_id") ok = str(&a.request_id);
    else if (k == "name") ok = str(&a.name);
    else if (k == "reason") ok = str(&a.reason);
    else if (k == "key") ok = str(&a.key);
    else if (k == "seconds") {
      ok = v.is_number_integer();
      if (ok) a.seconds = v.get<int64_t>();
    } else if (k == "ban") {
      ok = v.is_boolean();
      if (ok) a.ban = v.get<bool>();
    } else {
      if (!extra.empty()) extra.push_back(',');
      AppendJsonString(k, &extra);
      extra.push_back(':');
      extra += v.dump();
    }
    if (!ok) {
      if (why) *why = "field '" + k + "' has the wrong type";
      return std::nullopt;
    }
  }
  a.extra = std::move(extra);
  return a;
}

}  // namespace shoal
