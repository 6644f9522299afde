// The canonical action: what features emit and the outbox delivers.
// Every action carries the ts of its cause, a machine-readable reason and a
// unique idempotency key (see DESIGN.md).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shoal/time.h"

namespace shoal {

enum class ActionType : uint8_t {
  kSend,         // group, text
  kDm,           // member, text
  kDelete,       // group, msg_id
  kMute,         // group, member, seconds (0 lifts a mute)
  kKick,         // group, member, ban
  kUnban,        // group, member
  kApprove,      // request_id, (group, member)
  kReject,       // request_id, (group, member)
  kCreateGroup,  // name, (group = template/pool)
  kDisband,      // group
  kAnnounce,     // group, text
  kWholeMute,    // group, seconds (0 lifts)
  kSetCard,      // group, member, name
  kTask,         // group, text: work for a human operator (assisted send, unsupported action)
  kAlert,        // text: a notice for staff (dashboard / staff group)
};
std::string_view ActionTypeName(ActionType t);
std::optional<ActionType> ActionTypeFromName(std::string_view name);

struct Action {
  ActionType type = ActionType::kSend;
  Timestamp ts;
  std::string group;
  std::string member;
  std::string text;
  std::string msg_id;
  std::string request_id;
  std::string name;
  int64_t seconds = 0;
  bool ban = false;
  std::string reason;  // "ad:contact", "checkin:streak7", …
  std::string key;     // unique, deterministic: "<step>.<n>"
  // Further fields as JSON object members ("\"points\":5"), printed after the fixed ones.
  std::string extra;
};

// One JSON object, no trailing newline; field order fixed so output is byte-stable.
std::string ActionToJson(const Action& a);
void AppendActionJson(const Action& a, std::string* out);
// Parses what ActionToJson wrote (used by the outbox and tests).
std::optional<Action> ActionFromJson(std::string_view json, std::string* why = nullptr);

}  // namespace shoal
