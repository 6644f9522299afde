// OneBot v11 <-> canonical shoal, as pure functions (protocols.md §1.2.5, §1.4, §1.5):
// event frames become Events (ids "qq:<n>", msg_id the message_id as text, name the
// group card or else the nickname; group_ban and group_recall notices become restrict and
// recall events, shoal/staff_event.h), canonical Actions become API calls whose `echo` is the
// action's key, and the API's answer envelope becomes a DeliveryResult. Ids are read
// leniently (JSON numbers or digit strings, as some implementations send) and sent as
// numbers. Messages are sent as segment arrays, so text can never turn into a CQ code.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "shoal/action.h"
#include "shoal/adapter.h"
#include "shoal/event.h"

namespace shoal::onebot {

// What one pushed frame was.
struct Parsed {
  enum class Kind : uint8_t {
    kEvent,      // `event` is a canonical event for the engine
    kHeartbeat,  // meta_event heartbeat: online/good/interval_ms
    kLifecycle,  // meta_event lifecycle: sub_type (connect, enable, disable)
    kIgnored,    // understood, nothing for the engine (own messages, private chat, poke, …)
    kError,      // malformed or unknown: `error` says why
  };
  Kind kind = Kind::kError;
  Event event;
  int64_t self_id = 0;
  std::string sub_type;  // lifecycle sub_type, or the notice/request sub_type
  bool online = true;    // heartbeat status (false when online == false or good == false)
  int64_t interval_ms = 0;
  std::string note;   // kIgnored: what it was ("private message", "notice poke")
  std::string error;  // kError
};

// Parses one event frame. `offset_minutes` is the UTC offset the events' ts is written in
// (+480 for China). Never throws. Reads with simdjson (simd_frame_reader.h) and falls back
// to ParseEventDom for what only nlohmann reads exactly; the two always give the same Parsed.
Parsed ParseEvent(std::string_view json, int16_t offset_minutes = 480);
// The same with nlohmann's DOM alone: the reference the fast path is tested against (and
// the benchmark's baseline).
Parsed ParseEventDom(std::string_view json, int16_t offset_minutes = 480);

// Whether a frame on a Universal connection is an API answer (has status or retcode, no
// post_type) rather than an event.
bool IsResponseFrame(std::string_view json);

// An API call: {"action":…, "params":{…}, "echo": key}. False with *why when the action
// cannot be expressed (unsupported type, an id that is not qq:<number>).
bool ActionToCall(const Action& action, std::string* call_json, std::string* why);

// The answer to a call: status ok -> kDelivered (platform_ref = data.message_id when
// present); async -> kDelivered ("async": OneBot cannot tell more); failed -> kRejected
// with retcode and the implementation's msg/wording/message, except 1404 (unknown action)
// -> kUnsupported. *echo receives the echo as text ("" when absent).
DeliveryResult ParseResponse(std::string_view json, std::string* echo);

// A call that was sent and never answered (timeout, dropped connection, unreadable reply),
// whichever transport carried it: a message (message_call) may have been posted, so it is
// kRejected "uncertain: <what>; …" and never sent twice; a moderation call repeats
// harmlessly on QQ and is kRetry.
DeliveryResult UnansweredCall(bool message_call, const std::string& what);

// What OneBot v11 can do, and default limits (QQ's risk control is undocumented: one
// message a second per group, 20 a minute, two calls a second per account, after the
// spec's 500 ms _rate_limited queue).
PlatformCapabilities Capabilities();
PlatformLimits DefaultLimits();

// The longest mute OneBot implementations accept (go-cqhttp refuses 30 days and more).
constexpr int64_t kMaxMuteSeconds = 2591999;

}  // namespace shoal::onebot
