// The platforms' inbound endpoints in the HTTP server, built from `adapters:` in the config:
// POST /v1/adapters/telegram/webhook (secret-token checked) or a getUpdates poller, and
// GET|POST /v1/adapters/wecom/callback (signature checked, decrypted). These routes carry their
// own authentication, so the Api hands them over before it asks for a bearer token.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "server/api.h"
#include "shoal/adapter.h"

namespace shoal {

class TelegramAdapter;
class TelegramWebhook;
class TelegramPoller;
class TelegramInviteLinker;
class WecomCallback;
class WecomAdapter;
class WecomApi;

class PlatformInbound {
 public:
  PlatformInbound();
  ~PlatformInbound();

  // Starts what the config asks for (nothing when it has no adapters). False with *why.
  // `store_path` is the store's file ("" for a memory store): adapter state kept across
  // restarts (the Telegram poll offset and invite links) lives beside it.
  bool Start(const Config& config, Ingest* ingest, const Clock* clock, std::string* why,
             const std::string& store_path = "");
  void Stop();

  // Called by ingest's writer after each event is applied (must not block): invite codes
  // created for Telegram groups get their chat invite links.
  void OnApplied(const Event& e);

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
  std::unique_ptr<TelegramInviteLinker> links_;
  // links_ as the writer thread sees it: set once the linker runs (events may be applied
  // while Start is still under way).
  std::atomic<TelegramInviteLinker*> live_links_{nullptr};
  std::unique_ptr<WecomCallback> wecom_;
  std::unique_ptr<WecomAdapter> wecom_adapter_;
  std::unique_ptr<WecomApi> wecom_api_;
};

}  // namespace shoal
