#include "adapters/adapters_config.h"

#include <set>

#include "adapters/http_client.h"
#include "adapters/onebot/forward_ws.h"
#include "adapters/xmpp/xmpp_config.h"
#include "config/adapter_sections.h"

namespace shoal {

namespace {

void ReadLimits(ConfigSection& section, PlatformLimits* l) {
  ConfigSection s = section.Child("limits");
  l->per_chat_per_second = s.Number("per_chat_per_second", l->per_chat_per_second, 0);
  l->per_chat_per_minute = s.Number("per_chat_per_minute", l->per_chat_per_minute, 0);
  l->per_account_per_second = s.Number("per_account_per_second", l->per_account_per_second, 0);
  l->per_platform_per_second = s.Number("per_platform_per_second", l->per_platform_per_second, 0);
  s.Finish();
}

// A QQ number: digits, positive. 0 when it is not one.
int64_t QqNumber(const std::string& text) {
  try {
    size_t used = 0;
    int64_t n = std::stoll(text, &used);
    return used == text.size() && n > 0 ? n : 0;
  } catch (...) {
    return 0;
  }
}

// `connect:` (forward WebSockets, ws://) or `http_api:` (http://, https://): a list of
// {url, account, access_token}; the token defaults to the section's own.
void ReadEndpoints(ConfigSection& ob, const std::string& key, bool websocket, const std::string& token,
                   std::vector<onebot::OneBotEndpoint>* out) {
  std::set<int64_t> seen;
  for (ConfigSection& e : ob.List(key)) {
    onebot::OneBotEndpoint ep;
    // Named at the entry: a key that is not there has no line of its own.
    for (const char* required : {"url", "account"})
      if (!e.Has(required))
        e.Error("", std::string("has no ") + required, "{url: …, account: <QQ number>, access_token: …}");
    ep.url = e.Str("url");
    HttpUrl url;
    std::string why;
    bool ok = !ep.url.empty() && (websocket ? onebot::ParseWsUrl(ep.url, &url, &why) : ParseHttpUrl(ep.url, &url, &why));
    if (!ep.url.empty() && !ok)
      e.Error("url", why,
              websocket ? "the implementation's forward WebSocket server, e.g. ws://127.0.0.1:3001/"
                        : "the implementation's HTTP API server, e.g. http://127.0.0.1:3000");
    if (ok && websocket && (url.prefix == "/api" || url.prefix == "/event"))
      e.Warn("url", url.prefix == "/api" ? "/api carries calls only: no events will arrive on it"
                                          : "/event carries events only: calls will go unanswered",
             "use the Universal endpoint, /");
    std::string account = e.Str("account");
    ep.account = QqNumber(account);
    if (!account.empty() && ep.account == 0)
      e.Error("account", "'" + account + "' is not a QQ number", "the bot account behind this connection, e.g. 10001000");
    else if (ep.account != 0 && !seen.insert(ep.account).second)
      e.Error("account", "account " + account + " has two " + key + " entries", "one per account");
    ep.access_token = e.Str("access_token", token);
    e.Finish();
    if (ok && ep.account != 0) out->push_back(std::move(ep));
  }
}

}  // namespace

AdaptersConfig LoadAdaptersConfig(const Config& config, Diagnostics* diag) {
  AdaptersConfig out;
  YAML::Node root = config.root.IsMap() ? config.root : YAML::Node();
  ConfigSection outbox(root.IsMap() ? root["outbox"] : YAML::Node(), "outbox", config.file, diag);
  out.outbox.max_in_flight = DispatcherOptions::kDefaultMaxInFlight;
  if (outbox.Present()) {
    out.outbox.max_attempts = static_cast<int>(outbox.Int("max_attempts", out.outbox.max_attempts, 1, 1000));
    out.outbox.backoff_base = outbox.Duration("backoff_base", out.outbox.backoff_base, 1000);
    out.outbox.backoff_cap = outbox.Duration("backoff_cap", out.outbox.backoff_cap, 1000);
    out.outbox.per_chat_kept = static_cast<size_t>(
        outbox.Int("per_chat_kept", static_cast<int64_t>(out.outbox.per_chat_kept), 2, 1'000'000));
    out.outbox.report_outcomes = outbox.Bool("report_outcomes", out.outbox.report_outcomes);
    out.outbox.max_in_flight = static_cast<size_t>(
        outbox.Int("max_in_flight", static_cast<int64_t>(out.outbox.max_in_flight), 1, 1024));
    out.outbox.kept = static_cast<size_t>(outbox.Int("kept", static_cast<int64_t>(out.outbox.kept), 2, 100'000'000));
    if (out.outbox.backoff_cap < out.outbox.backoff_base)
      outbox.Error("backoff_cap", "shorter than backoff_base", "the cap bounds the growing delay from above");
    outbox.Finish();
  }
  ConfigSection adapters(root.IsMap() ? root["adapters"] : YAML::Node(), "adapters", config.file, diag);
  if (!adapters.Present()) return out;
  ConfigSection ob = adapters.Child("onebot");
  if (ob.Present()) {
    out.onebot_enabled = true;
    auto& o = out.onebot;
    o.listen = ob.Str("listen", o.listen);
    o.port = static_cast<int>(ob.Int("port", o.port, 0, 65535));
    o.access_token = ob.Str("access_token", "");
    o.secret = ob.Str("secret", "");
    for (const auto& id : ob.Strings("accounts")) {
      int64_t n = QqNumber(id);
      if (n == 0) ob.Error("accounts", "'" + id + "' is not a QQ number", "the bot account's number, e.g. 10001000");
      else o.accounts.push_back(n);
    }
    o.call_timeout = std::chrono::milliseconds(ob.Duration("call_timeout", 10 * kMicrosPerSecond, 1000) / 1000);
    o.max_frame_bytes = static_cast<size_t>(ob.Int("max_frame_bytes", static_cast<int64_t>(o.max_frame_bytes), 1024, 1 << 26));
    ReadLimits(ob, &o.limits);
    ReadEndpoints(ob, "connect", /*websocket=*/true, o.access_token, &o.connect);
    ReadEndpoints(ob, "http_api", /*websocket=*/false, o.access_token, &o.http_api);
    o.reconnect_base = std::chrono::milliseconds(ob.Duration("reconnect_base", 1 * kMicrosPerSecond, 1000) / 1000);
    o.reconnect_cap = std::chrono::milliseconds(ob.Duration("reconnect_cap", kMicrosPerMinute, 1000) / 1000);
    if (o.reconnect_cap < o.reconnect_base)
      ob.Error("reconnect_cap", "shorter than reconnect_base", "the cap bounds the growing wait between dials from above");
    for (const auto& c : config.communities)
      for (const auto& g : c.groups) {
        if (g.account.empty() || PlatformOf(g.id) != "qq") continue;
        try {
          o.group_accounts[g.id] = std::stoll(g.account);
        } catch (...) {
          ob.Warn("", "group " + g.id + " names account '" + g.account + "', which is not a QQ number; ignored");
        }
      }
    if (o.listen == onebot::OneBotOptions::kNoListener) {
      if (o.connect.empty())
        ob.Error("listen", "none, and no connect entries: no QQ account could reach Shoal",
                 "list the implementations' WebSocket servers under connect, or listen on an address");
      else if (!o.http_api.empty())
        ob.Warn("listen", "none: the http_api accounts' events (sent by HTTP POST) have no way in",
                "listen on an address, or give those accounts a connect entry");
    }
    bool loopback = o.listen == "127.0.0.1" || o.listen == "::1" || o.listen == "localhost";
    if (o.access_token.empty() && o.listen != onebot::OneBotOptions::kNoListener && !loopback)
      ob.Warn("access_token", "no access token on a non-loopback address: anyone who reaches the port can post events",
              "set access_token to the token configured in NapCat/Lagrange/go-cqhttp");
  }
  ob.Finish();
  out.xmpp = xmpp::ReadXmppConfig(adapters.Child("xmpp"), config);
  ConfigSection rec = adapters.Child("record");
  if (rec.Present()) {
    RecordOptions r{rec.RequiredStr("platform"), rec.RequiredStr("path")};
    if (!r.platform.empty() && (r.platform.find(':') != std::string::npos || r.platform.size() > 16))
      rec.Error("platform", "'" + r.platform + "' is not a platform name", "the id prefix of its groups, e.g. qq");
    if (!r.platform.empty() && r.platform == "qq" && out.onebot_enabled)
      rec.Error("platform", "qq is already served by adapters.onebot", "one adapter per platform");
    out.record = std::move(r);
  }
  rec.Finish();
  CheckAdapterSections(adapters);  // telegram, wecom, ...: each registered in its own file; then Finish
  return out;
}

}  // namespace shoal
