#include "growth/invite_event.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/event_error.h"
#include "shoal/event_codec.h"

namespace shoal {

bool IsInviteCode(std::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  for (unsigned char c : code) {
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

bool ParseInviteEvent(const Event& e, InviteSpec* out, EventError* err) {
  InviteSpec spec;
  nlohmann::json j = nlohmann::json::parse("{" + e.extra + "}", nullptr, false);
  if (j.is_discarded()) return Bad(err, "", "malformed fields");
  for (const auto& [key, value] : j.items()) {
    if (key == "code" || key == "channel") {
      if (!value.is_string()) return Bad(err, key, "must be a string");
    } else if (key == "uses") {
      if (!value.is_number_integer() || value.get<int64_t>() < 0)
        return Bad(err, key, "must be a whole number of uses, 0 or more (0 = unlimited)");
      spec.uses = value.get<int64_t>();
    } else if (key == "expires") {
      std::string why;
      auto ts = value.is_string() ? ParseRfc3339(value.get<std::string>(), &why) : std::nullopt;
      if (!ts) return Bad(err, key, "must be an RFC 3339 time with offset, e.g. 2026-02-01T00:00:00+08:00");
      spec.expires = ts->utc;
      if (spec.expires <= e.ts.utc) return Bad(err, key, "is not after the event's ts (the code would never work)");
    } else if (key == "revoke") {
      if (!value.is_boolean()) return Bad(err, key, "must be true or false");
      spec.revoke = value.get<bool>();
    }
  }
  if (!j.contains("code")) return Bad(err, "code", "missing (the invite code to create or revoke)");
  spec.code = j["code"].get<std::string>();
  if (!IsInviteCode(spec.code))
    return Bad(err, "code", "'" + spec.code + "' is not an invite code (1-64 letters, digits, '-', '_' or '.')");
  spec.channel = j.contains("channel") ? j["channel"].get<std::string>() : spec.code;
  if (spec.channel.empty()) spec.channel = spec.code;
  spec.group = e.group;
  spec.owner = e.member;
  if (out) *out = std::move(spec);
  return true;
}

std::string RandomInviteCode() {
  static const char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  if (sodium_init() < 0) return "";
  std::string code = "c";
  for (int i = 0; i < 9; ++i) code.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  return code;
}

std::string InviteEventJson(const InviteSpec& spec, const Timestamp& ts) {
  Event e;
  e.type = EventType::kInvite;
  e.ts = ts;
  e.group = spec.group;
  e.member = spec.owner;
  std::string extra = "\"code\":";
  AppendJsonString(spec.code, &extra);
  if (spec.revoke) {
    extra += ",\"revoke\":true";
  } else {
    extra += ",\"channel\":";
    AppendJsonString(spec.channel.empty() ? spec.code : spec.channel, &extra);
    if (spec.uses) extra += ",\"uses\":" + std::to_string(spec.uses);
    if (spec.expires) {
      Timestamp exp{.utc = spec.expires, .offset_minutes = ts.offset_minutes, .zulu = ts.zulu};
      extra += ",\"expires\":\"" + FormatRfc3339(exp) + "\"";
    }
  }
  e.extra = std::move(extra);
  return EventToJson(e);
}

}  // namespace shoal
