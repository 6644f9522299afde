#include "adapters/adapters_config.h"

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
      int64_t n = 0;
      try {
        size_t used = 0;
        n = std::stoll(id, &used);
        if (used != id.size() || n <= 0) n = 0;
      } catch (...) {
        n = 0;
      }
      if (n == 0) ob.Error("accounts", "'" + id + "' is not a QQ number", "the bot account's number, e.g. 10001000");
      else o.accounts.push_back(n);
    }
    o.call_timeout = std::chrono::milliseconds(ob.Duration("call_timeout", 10 * kMicrosPerSecond, 1000) / 1000);
    o.max_frame_bytes = static_cast<size_t>(ob.Int("max_frame_bytes", static_cast<int64_t>(o.max_frame_bytes), 1024, 1 << 26));
    ReadLimits(ob, &o.limits);
    for (const auto& c : config.communities)
      for (const auto& g : c.groups) {
        if (g.account.empty() || PlatformOf(g.id) != "qq") continue;
        try {
          o.group_accounts[g.id] = std::stoll(g.account);
        } catch (...) {
          ob.Warn("", "group " + g.id + " names account '" + g.account + "', which is not a QQ number; ignored");
        }
      }
    if (o.access_token.empty() && o.listen != "127.0.0.1" && o.listen != "::1" && o.listen != "localhost")
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
