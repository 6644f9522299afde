// The Telegram platform adapter: delivers canonical actions as Bot API calls over HTTP
// (one attempt each, within a per-call timeout) and owns the state both directions share:
// the chat-migration map, the invite links the bot made, and the inbound counters. The
// inbound transports (webhook, long polling) are in telegram_inbound.h.
#pragma once
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "adapters/http_client.h"
#include "adapters/telegram/telegram_codec.h"
#include "shoal/adapter.h"

namespace shoal {

struct TelegramOptions {
  std::string token;
  std::string base_url = "https://api.telegram.org";
  std::string secret_token;  // webhook: the X-Telegram-Bot-Api-Secret-Token every request must carry
  std::string webhook_url;   // webhook: the public URL registered with setWebhook at start ("" = set by hand)
  std::chrono::milliseconds call_timeout{10'000};
  int poll_timeout_seconds = 25;  // getUpdates long-poll wait
  UpdateOptions updates;
};

// What the inbound side saw; read by metrics and tests.
struct TelegramCounters {
  std::atomic<uint64_t> updates{0};    // parsed updates (webhook + polling)
  std::atomic<uint64_t> events{0};     // canonical events made from them
  std::atomic<uint64_t> ignored{0};    // updates that made no event on purpose
  std::atomic<uint64_t> malformed{0};  // updates that could not be read
  std::atomic<uint64_t> webhook_refused{0};  // wrong or missing secret token
};

class TelegramAdapter final : public PlatformAdapter {
 public:
  // `clock` places timed mutes; it must outlive the adapter.
  TelegramAdapter(TelegramOptions options, const Clock* clock);

  // Checks the options (base URL, token). False with *why when they cannot work.
  bool Init(std::string* why);

  std::string_view platform() const override { return "tg"; }
  const PlatformCapabilities& capabilities() const override { return TelegramCapabilities(); }
  const PlatformLimits& limits() const override { return TelegramLimits(); }
  DeliveryResult Deliver(const Action& action) override;

  // createChatInviteLink for a Shoal invite code; remembers the link so joins through it are
  // attributed to the code. *link gets the URL on success.
  DeliveryResult CreateInviteLink(const InviteSpec& spec, std::string* link);
  // revokeChatInviteLink for a link the bot made in `group`: nobody joins through it again.
  DeliveryResult RevokeInviteLink(const std::string& group, const std::string& link);

  // Registers options().webhook_url with setWebhook (secret token, allowed_updates).
  DeliveryResult RegisterWebhook();

  // One Bot API call; *result gets the answer's `result` on success. A timeout of 0 means
  // options().call_timeout.
  DeliveryResult Call(const BotApiCall& call, nlohmann::json* result = nullptr,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(0), int64_t* migrated_to = nullptr);

  // Reads one Update into events, counting it (shared by webhook and polling). False when malformed.
  bool Absorb(const nlohmann::json& update, std::vector<Event>* events, int64_t* update_id, std::string* why);

  const TelegramOptions& options() const { return options_; }
  ChatMigrations& migrations() { return migrations_; }
  InviteLinkBook& links() { return links_; }
  TelegramCounters& counters() { return counters_; }

 private:
  TelegramOptions options_;
  const Clock* clock_;
  HttpUrl base_;
  ChatMigrations migrations_;
  InviteLinkBook links_;
  TelegramCounters counters_;
};

}  // namespace shoal
