// The delivery side of the config: `outbox:` (retries and backoff) and `adapters:` (one
// section per platform connection: `onebot:`, and `xmpp:` (src/adapters/xmpp/xmpp_config.h);
// `telegram:` and `wecom:` register their own readers through config/adapter_sections.h). Read from the loaded YAML with
// ConfigSection, so problems carry file:line:column and unknown keys get a hint; config
// loading runs it too, so `shoal check` reports them.
//
//   outbox: {max_attempts: 8, backoff_base: 1s, backoff_cap: 10m, max_in_flight: 32}
//   adapters:
//     onebot:
//       listen: 127.0.0.1        # reverse WebSocket and HTTP POST on one port ("none": no port)
//       port: 6700
//       access_token: "…"        # checked on every handshake ("" = none)
//       secret: "…"              # HTTP POST X-Signature key ("" = unsigned)
//       accounts: [10001000]     # QQ accounts allowed to connect (empty = any)
//       connect:                 # forward WebSockets Shoal dials (ws:// only), one per account
//         - {url: ws://127.0.0.1:3001/, account: 10001000, access_token: "…"}  # token defaults to the one above
//       http_api:                # HTTP APIs for calls when the account has no WebSocket
//         - {url: http://127.0.0.1:3000, account: 10002000}
//       reconnect_base: 1s       # first wait before dialing again; doubles (jittered) up to
//       reconnect_cap: 1m
//       call_timeout: 10s
//       max_frame_bytes: 1048576
//       limits: {per_chat_per_second: 1, per_chat_per_minute: 20, per_account_per_second: 2}
//     record: {platform: qq, path: delivered.jsonl}   # deliver into a file (tests, demo)
#pragma once
#include <optional>

#include "adapters/onebot/onebot_adapter.h"
#include "adapters/xmpp/xmpp_adapter.h"
#include "outbox/dispatcher.h"
#include "shoal/config.h"

namespace shoal {

// A platform whose actions go into a file (src/outbox/recording_platform.h).
struct RecordOptions {
  std::string platform;
  std::string path;
};

struct AdaptersConfig {
  DispatcherOptions outbox;
  bool onebot_enabled = false;  // the section is present
  onebot::OneBotOptions onebot;
  std::optional<xmpp::XmppAdapterOptions> xmpp;  // the `xmpp:` section, when present and valid
  std::optional<RecordOptions> record;            // the `record:` section
};

AdaptersConfig LoadAdaptersConfig(const Config& config, Diagnostics* diag);

}  // namespace shoal
