#include "shoal/staff_event.h"

#include <nlohmann/json.hpp>

#include "core/event_error.h"
#include "shoal/event_codec.h"

namespace shoal {

namespace {

// An optional boolean member: absent is false, anything but true/false is an error.
bool ReadBool(const nlohmann::json& j, const char* key, bool* out, EventError* err) {
  auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_boolean()) return Bad(err, key, "must be true or false");
  *out = it->get<bool>();
  return true;
}

bool ReadBy(const nlohmann::json& j, const char* what, std::string* out, EventError* err) {
  auto it = j.find("by");
  if (it == j.end()) return Bad(err, "by", std::string("missing (who ") + what + ": an id such as qq:2)");
  if (!it->is_string()) return Bad(err, "by", "must be a string");
  *out = it->get<std::string>();
  if (out->size() > 128) return Bad(err, "by", "longer than 128 bytes");
  if (!IsValidId(*out)) return Bad(err, "by", "not an id of the form platform:native_id (e.g. qq:2)");
  return true;
}

}  // namespace

bool ParseStaffEvent(const Event& e, StaffAct* out, EventError* err) {
  if (e.type != EventType::kRecall && e.type != EventType::kRestrict) return Bad(err, "type", "not a recall or restrict");
  if (e.group.empty()) return Bad(err, "group", "missing");
  // extra holds only members the codec did not know, already checked to be JSON.
  nlohmann::json j = nlohmann::json::parse("{" + e.extra + "}", nullptr, false);
  if (j.is_discarded()) return Bad(err, "", "malformed fields");
  StaffAct a;
  if (!ReadBool(j, "by_self", &a.by_self, err)) return false;
  if (e.type == EventType::kRecall) {
    if (e.msg_id.empty()) return Bad(err, "msg_id", "missing (the platform's id of the message removed)");
    if (!ReadBy(j, "removed it", &a.by, err)) return false;
    if (j.contains("seconds") || j.contains("whole"))
      return Bad(err, j.contains("seconds") ? "seconds" : "whole", "belongs to a restrict, not a recall");
  } else {
    auto s = j.find("seconds");
    if (s == j.end()) return Bad(err, "seconds", "missing (how long the mute lasts: 0 lifts it, -1 = until lifted)");
    if (!s->is_number_integer()) return Bad(err, "seconds", "must be a whole number (0 lifts the mute, -1 = until lifted)");
    a.seconds = s->get<int64_t>();
    if (a.seconds < kMuteUntilLifted || a.seconds > kMaxRestrictSeconds)
      return Bad(err, "seconds", "out of range (-1 = until lifted, 0 = lifted, at most ten years)");
    if (!ReadBy(j, "muted", &a.by, err) || !ReadBool(j, "whole", &a.whole, err)) return false;
    if (a.whole && !e.member.empty()) return Bad(err, "whole", "a whole-group mute names no member");
    if (!a.whole && e.member.empty())
      return Bad(err, "member", "missing (who was muted; \"whole\":true for a whole-group mute)");
  }
  if (out) *out = std::move(a);
  return true;
}

StaffAct ReadRemoval(const Event& e) {
  StaffAct a;
  if (e.type != EventType::kLeave || e.extra.empty()) return a;
  nlohmann::json j = nlohmann::json::parse("{" + e.extra + "}", nullptr, false);
  if (!j.is_object()) return a;
  if (auto by = j.find("by"); by != j.end() && by->is_string() && IsValidId(by->get_ref<const std::string&>()) &&
                              by->get_ref<const std::string&>() != e.member)
    a.by = by->get<std::string>();
  if (auto ban = j.find("ban"); ban != j.end() && ban->is_boolean()) a.ban = !a.by.empty() && ban->get<bool>();
  if (auto self = j.find("by_self"); self != j.end() && self->is_boolean()) a.by_self = !a.by.empty() && self->get<bool>();
  return a;
}

std::string RecallExtra(const std::string& by, bool by_self) {
  std::string x = "\"by\":";
  AppendJsonString(by, &x);
  if (by_self) x += ",\"by_self\":true";
  return x;
}

std::string RestrictExtra(int64_t seconds, const std::string& by, bool whole, bool by_self) {
  std::string x = "\"seconds\":" + std::to_string(seconds) + ",\"by\":";
  AppendJsonString(by, &x);
  if (whole) x += ",\"whole\":true";
  if (by_self) x += ",\"by_self\":true";
  return x;
}

std::string RemovalExtra(const std::string& by, bool ban, bool by_self) {
  std::string x = "\"by\":";
  AppendJsonString(by, &x);
  if (ban) x += ",\"ban\":true";
  if (by_self) x += ",\"by_self\":true";
  return x;
}

}  // namespace shoal
