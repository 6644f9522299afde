#include "adapters/telegram/telegram_config.h"

#include "config/adapter_sections.h"

namespace shoal {

namespace {

bool IsSecretToken(const std::string& s) {
  if (s.empty() || s.size() > 256) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool LooksLikeBotToken(const std::string& s) {
  size_t colon = s.find(':');
  if (colon == 0 || colon == std::string::npos || colon + 1 == s.size()) return false;
  return s.find_first_not_of("0123456789") >= colon;
}

}  // namespace

void ReadTelegramSection(ConfigSection& section, TelegramSection* out) {
  TelegramOptions& o = out->options;
  o.token = section.RequiredStr("token");
  if (!o.token.empty() && !LooksLikeBotToken(o.token)) {
    section.Error("token", "not a bot token", "the token @BotFather gave, like 123456:ABC-DEF...");
  }
  o.secret_token = section.Str("secret_token", "");
  if (!o.secret_token.empty() && !IsSecretToken(o.secret_token)) {
    section.Error("secret_token", "must be 1-256 characters of A-Z a-z 0-9 _ -", "Telegram refuses other characters");
  }
  o.base_url = section.Str("base_url", o.base_url);
  HttpUrl url;
  std::string why;
  if (!ParseHttpUrl(o.base_url, &url, &why)) {
    section.Error("base_url", why);
  } else if (url.scheme == "http" && url.host != "127.0.0.1" && url.host != "localhost" && url.host != "::1") {
    section.Warn("base_url", "plain http to a remote host sends the bot token unencrypted",
                 "use https, or http only to a local proxy or Bot API server");
  }
  out->mode = section.Str("mode", out->mode);
  if (out->mode != "poll" && out->mode != "webhook") {
    section.Error("mode", "unknown mode '" + out->mode + "'", "poll (getUpdates) or webhook");
  } else if (out->mode == "webhook" && o.secret_token.empty()) {
    section.Error("secret_token", "missing: a webhook without a secret token accepts updates from anyone",
                  "set the same secret_token here and in setWebhook");
  }
  o.webhook_url = section.Str("webhook_url", "");
  if (out->mode == "webhook" && o.webhook_url.empty()) {
    section.Warn("mode", "no webhook_url: register the webhook yourself, with allowed_updates listing chat_member",
                 "or set webhook_url and serve calls setWebhook at start");
  } else if (!o.webhook_url.empty() && o.webhook_url.rfind("https://", 0) != 0) {
    section.Error("webhook_url", "Telegram only calls https webhooks (ports 443, 80, 88 or 8443)");
  }
  o.call_timeout = std::chrono::milliseconds(section.Duration("call_timeout", 10 * kMicrosPerSecond, 100'000) / 1000);
  o.poll_timeout_seconds =
      static_cast<int>(section.Duration("poll_timeout", 25 * kMicrosPerSecond) / kMicrosPerSecond);
  o.updates.joins_from_chat_member = section.Bool("joins_from_chat_member", true);
  out->offset_file = section.Str("offset_file", "");
}

bool TelegramSectionOf(const Config& config, TelegramSection* out) {
  return ReadAdapterSection(config, "telegram", ReadTelegramSection, out);
}

namespace {
const bool kRegistered = RegisterAdapterReader<TelegramSection>("telegram", ReadTelegramSection);
}  // namespace

}  // namespace shoal
