// The platform boundary: an adapter turns a platform's traffic into canonical
// events (inbound) and delivers canonical actions as the platform's calls
// (outbound). Nothing platform-specific passes it. The outbox dispatcher owns
// retries, rate limits and idempotency; an adapter makes one attempt per call
// and says plainly how it went.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/action.h"
#include "shoal/event.h"
#include "shoal/time.h"

namespace shoal {

// What a platform can do. An action outside these is never dropped silently: the
// dispatcher turns it into an operator task (kTask) or an "unsupported" dead letter.
struct PlatformCapabilities {
  bool send_group = true;
  bool dm = true;
  bool delete_message = false;
  bool mute_timed = false;     // mute a member for N seconds
  // Mute and unmute, but with no duration (XMPP voice): the outbox lifts a timed mute itself.
  bool mute_untimed = false;
  bool whole_mute = false;     // mute a whole group
  bool kick = false;
  bool ban = false;            // kick and keep out
  bool unban = false;
  bool approve_requests = false;
  bool create_group = false;
  bool disband = false;
  bool set_card = false;
  // Every send needs a human to confirm it (WeCom customer groups): sends become tasks.
  bool sends_need_human = false;
};

// Whether the platform can perform `type` at all.
bool Supports(const PlatformCapabilities& caps, ActionType type);

// Delivery limits of one platform (from its rules; overridable in config).
struct PlatformLimits {
  double per_chat_per_second = 1.0;  // messages into one chat
  double per_chat_per_minute = 20;   // sustained, per group
  double per_account_per_second = 30;  // all chats of one bot account
  double per_platform_per_second = 0;  // every account together; 0 = no cap beyond the accounts
};

// The outcome of one delivery attempt.
struct DeliveryResult {
  enum class Code : uint8_t {
    kDelivered,    // the platform accepted it
    kRetry,        // transient (timeout, 5xx, disconnected peer): try again later
    kRateLimited,  // the platform said slow down; retry_after says how long
    kRejected,     // permanent (no permission, unknown chat): dead letter
    kUnsupported,  // the platform cannot do this: operator task
  };
  Code code = Code::kDelivered;
  Micros retry_after = 0;       // kRateLimited: wait at least this long
  std::string detail;           // the platform's words, for the dead-letter list
  std::string platform_ref;     // the platform's id for what was made (message id), if any

  static DeliveryResult Delivered(std::string ref = {}) { return {Code::kDelivered, 0, {}, std::move(ref)}; }
  static DeliveryResult Retry(std::string why) { return {Code::kRetry, 0, std::move(why), {}}; }
  static DeliveryResult RateLimited(Micros after, std::string why) {
    return {Code::kRateLimited, after, std::move(why), {}};
  }
  static DeliveryResult Rejected(std::string why) { return {Code::kRejected, 0, std::move(why), {}}; }
  static DeliveryResult Unsupported(std::string why) { return {Code::kUnsupported, 0, std::move(why), {}}; }
};
std::string_view DeliveryCodeName(DeliveryResult::Code code);

// Where an adapter hands canonical events. `done` runs once they are durable (accepted
// > 0) or refused, so a transport can acknowledge its peer only after the log has them.
class EventSink {
 public:
  virtual ~EventSink() = default;
  struct Ack {
    bool stored = false;       // false: the store refused the batch; nothing was kept
    size_t accepted = 0;
    std::vector<std::string> errors;  // one line per refused event ("field: why")
  };
  virtual void Submit(std::vector<Event> events, std::function<void(Ack)> done) = 0;
};

// One platform's outbound side. Deliver is called one action at a time, unless the adapter
// says concurrent_deliveries(): then up to outbox.max_in_flight calls may be under way at
// once, from several threads (never two messages of one chat). It must not block longer than
// its own timeout.
class PlatformAdapter {
 public:
  virtual ~PlatformAdapter() = default;
  // The id prefix this adapter serves: "qq", "tg", "wecom", "xmpp".
  virtual std::string_view platform() const = 0;
  virtual const PlatformCapabilities& capabilities() const = 0;
  virtual const PlatformLimits& limits() const = 0;
  // The bot account that serves `group` ("" = the adapter's only account); pacing is per account.
  virtual std::string AccountFor(std::string_view group) const { return {}; }
  // One attempt. The action's key identifies it; an adapter that can tell the platform an
  // idempotency token passes the key on.
  virtual DeliveryResult Deliver(const Action& action) = 0;
  // True when Deliver is safe to call from several threads at once (it matches answers to
  // calls itself, as OneBot does by echo), so the outbox can overlap the platform's round trips.
  virtual bool concurrent_deliveries() const { return false; }
};

// "qq:123" -> "qq"; "" when the id has no prefix.
std::string_view PlatformOf(std::string_view id);

}  // namespace shoal
