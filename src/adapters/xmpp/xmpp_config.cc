#include "adapters/xmpp/xmpp_config.h"

#include <cstdlib>

#include "adapters/xmpp/jid.h"

namespace shoal::xmpp {

std::optional<XmppAdapterOptions> ReadXmppConfig(ConfigSection s, const Config& config,
                                                 const char* (*getenv)(const char*)) {
  if (!s.Present()) return std::nullopt;
  Diagnostics* diag = s.diagnostics();
  size_t errors_before = diag ? diag->error_count() : 0;
  XmppAdapterOptions o;
  o.account.jid = s.RequiredStr("jid");
  if (!o.account.jid.empty() && BareJid(o.account.jid).find('@') == std::string_view::npos) {
    s.Error("jid", "'" + o.account.jid + "' is not an account JID", "write user@domain");
  }
  std::string password = s.Str("password");
  std::string password_env = s.Str("password_env");
  if (password.empty() == password_env.empty()) {
    s.Error("password", "give exactly one of password and password_env",
            "password_env: NAME reads the password from that environment variable");
  } else if (!password_env.empty()) {
    const char* v = getenv ? getenv(password_env.c_str()) : std::getenv(password_env.c_str());
    if (!v || !*v) s.Warn("password_env", "environment variable " + password_env + " is not set");
    password = v ? v : "";
  }
  o.account.password = password;
  o.account.host = s.Str("host", "");
  o.account.port = static_cast<uint16_t>(s.Int("port", 5222, 1, 65535));
  std::string tls = s.Str("tls", "optional");
  if (tls == "required") {
    o.account.require_tls = true;
  } else if (tls == "trust") {
    o.account.trust_tls = true;
  } else if (tls != "optional") {
    s.Error("tls", "'" + tls + "' is not a TLS mode", "optional, required or trust");
  }
  o.nick = s.Str("nick", "shoal");
  o.reply_timeout = std::chrono::milliseconds(s.Duration("timeout", 10 * kMicrosPerSecond, kMicrosPerSecond) / 1000);
  o.rooms = s.Strings("rooms");
  if (o.rooms.empty()) s.Error("rooms", "no rooms: the bot would serve nothing", "rooms: [room@conference.example.org]");
  for (const auto& room : o.rooms) {
    if (room.find('@') == std::string::npos || room.find('/') != std::string::npos) {
      s.Error("rooms", "'" + room + "' is not a bare room JID", "write room@conference.example.org");
    } else if (!config.FindGroup(XmppId(room))) {
      s.Error("rooms", "room '" + room + "' is not a configured group", "add a group with id \"xmpp:" + room + "\"");
    }
  }
  s.Finish();
  if (diag && diag->error_count() > errors_before) return std::nullopt;
  return o;
}

std::optional<XmppAdapterOptions> ReadXmppConfig(const Config& config, Diagnostics* diag,
                                                 const char* (*getenv)(const char*)) {
  const YAML::Node& root = config.root;
  if (!root.IsDefined() || !root.IsMap()) return std::nullopt;
  YAML::Node adapters = root["adapters"];
  if (!adapters.IsDefined() || !adapters.IsMap()) return std::nullopt;
  return ReadXmppConfig(ConfigSection(adapters["xmpp"], "adapters.xmpp", config.file, diag), config, getenv);
}

}  // namespace shoal::xmpp
