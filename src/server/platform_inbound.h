// The platforms' inbound endpoints in the HTTP server, built from `adapters:` in the config:
// POST /v1/adapters/telegram/webhook (secret-token checked) or a getUpdates poller, and
// GET|POST /v1/adapters/wecom/callback (signature checked, decrypted). These routes carry their
// own authentication, so the Api hands them over before it asks for a bearer token.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "server/api.h"
#include "shoal/adapter.h"

namespace shoal {

class TelegramAdapter;
class TelegramWebhook;
class TelegramPoller;
class WecomCallback;
class WecomAdapter;

class PlatformInbound {
 public:
  PlatformInbound();
  ~PlatformInbound();

  // Starts what the config asks for (nothing when it has no adapters). False with *why.
  bool Start(const Config& config, Ingest* ingest, const Clock* clock, std::string* why);
  void Stop();

  // Answers the platform routes; false (reply untouched) for any other path.
  bool Handle(const HttpRequest& req, const Api::Reply& reply);

  // The outbound side, for the dispatcher; null when Telegram is not configured.
  TelegramAdapter* telegram() const { return telegram_.get(); }
  // Every configured platform's outbound side (Telegram, WeCom), for the dispatcher.
  std::vector<PlatformAdapter*> adapters() const;

 private:
  std::unique_ptr<EventSink> sink_;
  std::unique_ptr<TelegramAdapter> telegram_;
  std::unique_ptr<TelegramWebhook> webhook_;
  std::unique_ptr<TelegramPoller> poller_;
  std::unique_ptr<WecomCallback> wecom_;
  std::unique_ptr<WecomAdapter> wecom_adapter_;
};

}  // namespace shoal
