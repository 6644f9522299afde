// The canonical event: what every adapter produces and the engine consumes.
// Field names and JSON shape are the stable interface listed in DESIGN.md.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/time.h"

namespace shoal {

enum class EventType : uint8_t {
  kMessage,
  kJoin,
  kLeave,
  kJoinRequest,
  kReaction,
  kConversion,
  kTick,  // time passes; scheduled work fires. Also written by users to advance time in replays.
  // An operator created or revoked an invite code (`shoal invite create`, POST /v1/invites); fields
  // code, channel, uses, expires, revoke travel in `extra` (see src/growth/invite_event.h).
  kInvite,
  // The outbox's final outcome for one action (delivered with the platform's msg_id, rejected,
  // unsupported, dead, task), written by the server; fields key, action, outcome, reason, error,
  // slot travel in `extra` (see src/outbox/delivery_event.h). Only tenant features see it.
  kDelivery,
  // Moderation done on the platform (by staff, by the author, or Shoal's own calls coming
  // back): a message removed, a member or the whole group muted or unmuted. Fields by,
  // by_self, seconds, whole travel in `extra` (see shoal/staff_event.h).
  kRecall,
  kRestrict,
};
std::string_view EventTypeName(EventType t);
std::optional<EventType> EventTypeFromName(std::string_view name);

struct Event {
  EventType type = EventType::kMessage;
  Timestamp ts;
  std::string group;       // "platform:native_id"
  std::string member;      // "platform:native_id"
  std::string name;        // display name
  std::string text;        // message text (original, never normalised here)
  std::string msg_id;
  std::string reply_to;
  std::string via;         // join: invite code or inviter member id
  std::string answer;      // join_request
  std::string request_id;  // join_request
  std::string emoji;       // reaction
  std::string goal;        // conversion
  double value = 0;        // conversion
  // Unknown fields, kept verbatim as the members of a JSON object ("\"a\":1,\"b\":[2]").
  std::string extra;
  // Assigned by ingest: position in the durable log (1-based). 0 = not yet logged.
  uint64_t seq = 0;
};

// Limits applied by validation. Defaults match the example config.
struct EventLimits {
  size_t max_line_bytes = 64 * 1024;
  size_t max_text_bytes = 8 * 1024;
  size_t max_id_bytes = 128;
  size_t max_name_bytes = 256;
};

// A validation or parse problem: which field and why, in words a user can act on.
struct EventError {
  std::string field;  // "" when the line as a whole is bad
  std::string message;
  std::string ToString() const;
};

}  // namespace shoal
