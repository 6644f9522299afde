// The `adapters: xmpp:` config section: the bot account and the rooms it serves.
//
//   adapters:
//     xmpp:
//       jid: opsbot@example.org          # the bot's account (a resource is optional)
//       password_env: SHOAL_XMPP_PASSWORD # or password: "…" (keep secrets out of the file)
//       host: 127.0.0.1                   # default: the JID's domain
//       port: 5222
//       tls: optional                     # optional | required | trust (self-signed test servers)
//       nick: shoal                       # the bot's nick in every room
//       timeout: 10s                      # how long a delivery waits for the room's answer
//       rooms: [lobby@conference.example.org]   # each must be a group "xmpp:<room>"
//
// Problems are reported with file:line:column like the rest of the config; config loading
// reads it with the other adapters' sections (src/adapters/adapters_config.cc), so
// `shoal check` reports them.
#pragma once
#include <optional>

#include "adapters/xmpp/xmpp_adapter.h"
#include "shoal/config.h"

namespace shoal::xmpp {

// Checks the section and returns the adapter's options; nullopt when the section is absent
// or has errors (each one in the section's diagnostics). `getenv` reads password_env.
std::optional<XmppAdapterOptions> ReadXmppConfig(ConfigSection section, const Config& config,
                                                 const char* (*getenv)(const char*) = nullptr);
// The same for a loaded config's `adapters.xmpp` (serve reads it this way).
std::optional<XmppAdapterOptions> ReadXmppConfig(const Config& config, Diagnostics* diag,
                                                 const char* (*getenv)(const char*) = nullptr);

}  // namespace shoal::xmpp
