// The `delivery` event: the outbox's final word on one action, logged through ingest like any
// other event so the engine's state that depends on it (replace slots, outcome counts) is
// rebuilt by replay and restart. Written by the dispatcher, never by a platform:
//   {"type":"delivery","ts":"…","group":"tg:-1001","msg_id":"42","key":"17.0","action":"send",
//    "outcome":"delivered","reason":"welcome","slot":"welcome"}
//   {"type":"delivery","ts":"…","group":"qq:1","key":"18.0","action":"kick","outcome":"rejected",
//    "reason":"ad:contact","error":"rejected: no permission"}
// `key` is the action's key (required); `outcome` one of delivered, rejected, unsupported,
// dead, task (required); `action` the action's type and `reason` its reason; `msg_id` the
// platform's id of the message made (delivered only); `error` the platform's or the outbox's
// words (not for delivered); `slot` the action's replace_slot, present only when the message
// can be replaced (delivered, with a msg_id and a group, on a platform that can delete);
// a slot name holds letters, digits, '-', '_', '.' and ':' only.
#pragma once
#include <string>
#include <string_view>

#include "shoal/event.h"

namespace shoal {

enum class DeliveryOutcome : uint8_t { kDelivered, kRejected, kUnsupported, kDead, kTask };
std::string_view DeliveryOutcomeName(DeliveryOutcome o);
bool DeliveryOutcomeFromName(std::string_view name, DeliveryOutcome* out);

struct DeliveryReport {
  std::string key;
  std::string action;  // "send", "kick", …; "" when the action could not be read
  DeliveryOutcome outcome = DeliveryOutcome::kDelivered;
  std::string group;
  std::string reason;
  std::string msg_id;
  std::string error;
  std::string slot;
};

// Longest `error` kept: a platform's words past this are cut (on a UTF-8 boundary).
constexpr size_t kMaxDeliveryErrorBytes = 1024;

// 1-64 letters, digits, '-', '_', '.' or ':'.
bool IsSlotName(std::string_view slot);

// Reads a delivery event's fields; false with *err naming the field when one is bad.
bool ParseDeliveryEvent(const Event& e, DeliveryReport* out, EventError* err);

// The event for a report, dated `ts`; `error` is cut to kMaxDeliveryErrorBytes.
Event DeliveryEvent(const DeliveryReport& report, const Timestamp& ts);

// The step of the engine that emitted an action, from its key ("17.0" and "17.0.lift" -> 17);
// false when the key does not start with one.
bool StepOfKey(std::string_view key, uint64_t* step);

}  // namespace shoal
