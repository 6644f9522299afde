// The QQ adapter over OneBot v11 (protocols.md §1.2): one listening port serves both
// transports an implementation (NapCat, Lagrange, go-cqhttp) can push with, and Shoal can
// also be the client of the two an implementation serves.
//
// - Reverse WebSocket, "Universal" role: the implementation dials in with X-Self-ID and, when
//   access_token is set, `Authorization: Bearer <t>` / `Token <t>` / a bare token, or
//   `?access_token=`. A refused handshake gets 401 (no token) or 403 (wrong token, unknown or
//   malformed X-Self-ID) before any upgrade. Several accounts connect at once; a reconnect
//   replaces the old socket. Events go to the EventSink; each group is served by the account
//   that reported it. API calls go out on the same socket and are matched to answers by echo
//   (= the action key) within call_timeout. Event frames read back to back are handed to
//   the sink together (coalesce_max).
// - HTTP POST events: `X-Signature: sha1=<hex>` (HMAC-SHA1 of the raw body with `secret`,
//   either hex case) is checked when a secret is set; the answer (204) waits until the
//   events are durable, 503 when the store refused them, so OneBot retries.
// - Forward WebSocket (`connect`): Shoal dials ws://host:port/path of each configured
//   account with `Authorization: Bearer <t>`, and the open connection then works exactly as
//   a reverse one (same frame handling, coalescing, echo matching). A refused handshake
//   (401/403) or an answer to no call with retcode 1401/1403 (NapCat's way) is a refused
//   token. Whenever
//   the connection cannot be made or drops, the next dial waits ReconnectBackoff
//   (reconnect_base doubling to reconnect_cap, jittered); a connection that carried frames
//   resets the wait.
// - HTTP API (`http_api`): for an account with no open WebSocket, a call is POSTed to
//   <url>/<action> (JSON params, `Authorization: Bearer <t>`); its events come by HTTP POST.
//   The answer maps as on WebSocket (http_api.h): retcode != 0 rejected, 5xx or not sent
//   kRetry, sent but unanswered as below.
//
// At most once: a call whose frame never left (no connection, write failed) is kRetry. A
// call that was sent but got no answer (timeout, disconnect) is uncertain: messages
// (send_group_msg, send_private_msg) come back kRejected "uncertain: …" and so become dead
// letters for an operator, never a second post; moderation calls (delete, kick, mute, card,
// request answers) are idempotent on QQ and come back kRetry.
//
// Bad input — malformed frames, unknown post types, over-size frames, forged signatures,
// wrong tokens, a peer vanishing mid-frame, heartbeat floods — is refused or survived,
// logged (rate-limited) and counted in stats(); it never stops the adapter.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "adapters/onebot/onebot_codec.h"
#include "shoal/adapter.h"

namespace shoal::onebot {

// A connection Shoal makes: a forward WebSocket (ws://) or an HTTP API (http://, https://).
struct OneBotEndpoint {
  std::string url;
  int64_t account = 0;       // the QQ account behind it, known before its first frame
  std::string access_token;  // sent as `Authorization: Bearer <t>`; "" = none
};

struct OneBotOptions {
  // kNoListener: no port at all, only the connections Shoal makes (`connect`); go-cqhttp's
  // forward WebSocket default is 6700, Shoal's own default port.
  static constexpr const char* kNoListener = "none";
  std::string listen = "127.0.0.1";
  int port = 6700;                 // 0 = any free port (see port())
  std::string access_token;        // "" = no token required
  std::string secret;              // HTTP POST signature key; "" = posts are not signed
  std::vector<int64_t> accounts;   // self ids allowed to dial in (reverse WS); empty = any
  // group -> the account that serves it, from the config's `account:` on a group; an
  // account reporting the group later takes over.
  std::map<std::string, int64_t, std::less<>> group_accounts;
  std::chrono::milliseconds call_timeout{10'000};
  size_t max_frame_bytes = 1 << 20;
  int16_t offset_minutes = 480;    // the UTC offset events' ts are written in
  PlatformLimits limits = DefaultLimits();
  int threads = 1;
  // Events that a WebSocket delivers back to back (the next frame already waiting in the
  // socket) go to the sink as one submission of up to this many; 1 = one per frame. Nothing
  // waits for a batch to fill: the last frame read submits what has gathered.
  size_t coalesce_max = 512;
  bool simd_parse = true;  // false: nlohmann alone (ParseEventDom), the benchmark's baseline
  std::vector<OneBotEndpoint> connect;   // forward WebSockets to dial (URLs checked by config)
  std::vector<OneBotEndpoint> http_api;  // HTTP APIs to call when an account has no WebSocket
  std::chrono::milliseconds reconnect_base{1'000};
  std::chrono::milliseconds reconnect_cap{60'000};
  uint64_t reconnect_seed = 0;  // jitter; 0 = from std::random_device
};

struct OneBotStats {
  std::atomic<uint64_t> connections{0};      // WebSockets opened (accepted or dialed)
  std::atomic<uint64_t> refused{0};          // reverse handshakes refused (token, X-Self-ID)
  std::atomic<uint64_t> frames{0};           // frames and POST bodies received
  std::atomic<uint64_t> events{0};           // canonical events handed to the sink
  std::atomic<uint64_t> invalid_events{0};   // parsed but refused by validation or the sink
  std::atomic<uint64_t> ignored{0};          // understood, nothing for the engine
  std::atomic<uint64_t> bad_frames{0};       // malformed, unknown post_type, unmatched answers
  std::atomic<uint64_t> heartbeats{0};
  std::atomic<uint64_t> oversized{0};        // frames or bodies over max_frame_bytes
  std::atomic<uint64_t> bad_signatures{0};   // HTTP POST with a missing or wrong X-Signature
  std::atomic<uint64_t> calls{0};            // API calls sent
  std::atomic<uint64_t> call_timeouts{0};    // sent, no answer in time (or the socket closed)
  std::atomic<uint64_t> dials{0};            // forward WebSocket connection attempts
  std::atomic<uint64_t> dial_failures{0};    // attempts that did not open (refused token included)
};

class OneBotAdapter final : public PlatformAdapter {
 public:
  // `sink` outlives the adapter.
  OneBotAdapter(OneBotOptions options, EventSink* sink);
  ~OneBotAdapter() override;

  // Opens the reverse-WS / HTTP POST port; true without opening one when listen is kNoListener.
  bool Listen(std::string* why);
  int port() const;
  void Start();  // I/O threads; the forward WebSockets start dialing
  void Stop();   // closes every connection, fails calls in flight, joins the threads

  std::string_view platform() const override { return "qq"; }
  const PlatformCapabilities& capabilities() const override { return caps_; }
  const PlatformLimits& limits() const override { return options_.limits; }
  // The account (self id) that reported the group; "" until one has.
  std::string AccountFor(std::string_view group) const override;
  DeliveryResult Deliver(const Action& action) override;
  // Each call waits on its own PendingCall, found by echo; the connection map is locked.
  bool concurrent_deliveries() const override { return true; }

  const OneBotStats& stats() const { return stats_; }
  std::vector<int64_t> connected_accounts() const;

  struct Impl;

 private:
  OneBotOptions options_;
  PlatformCapabilities caps_ = Capabilities();
  OneBotStats stats_;
  std::unique_ptr<Impl> impl_;
};

// The token an Authorization header carries: the text after the first space ("Bearer t",
// "Token t"), or the whole value when there is none. Empty for an empty header.
std::string_view AuthorizationToken(std::string_view header);

}  // namespace shoal::onebot
