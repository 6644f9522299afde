// Telegram invite links for Shoal invite codes. Every `invite` event that creates a code for a
// tg: group (src/growth/invite_event.h) is offered here once the engine has applied it; a
// worker thread calls createChatInviteLink with the code as the link's `name` (member_limit
// and expire_date from the code's limits), so a join through the link comes back as a
// chat_member update whose invite_link names the code, and is attributed to it. Transient
// failures (timeouts, 5xx, 429) are retried with backoff; a refusal (no right to invite, a code
// over Telegram's 32 characters) is logged and counted. Links live in the adapter's
// InviteLinkBook and LinkFor; a code created again gets a fresh link.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "adapters/telegram/telegram_adapter.h"

namespace shoal {

struct InviteLinkOptions {
  int max_attempts = 5;
  std::chrono::milliseconds backoff{2'000};  // doubled after each failed attempt
};

class TelegramInviteLinker {
 public:
  // The adapter must outlive the linker.
  TelegramInviteLinker(TelegramAdapter* adapter, InviteLinkOptions options = {});
  ~TelegramInviteLinker();

  void Start();
  // Finishes the call in flight and stops; what is queued is dropped (and logged).
  void Stop();

  // An applied event: a code created for a tg: group is queued. Never blocks on the network.
  void Offer(const Event& e);

  // The link made for `code`, "" when none (yet).
  std::string LinkFor(const std::string& code) const;
  uint64_t created() const;
  uint64_t failed() const;
  // Waits until nothing is queued or being made (tests).
  bool WaitIdle(std::chrono::milliseconds timeout) const;

 private:
  void Loop();

  TelegramAdapter* adapter_;
  InviteLinkOptions options_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::deque<InviteSpec> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::map<std::string, std::string> links_;  // code -> link
  uint64_t created_ = 0;
  uint64_t failed_ = 0;
  std::thread thread_;
};

}  // namespace shoal
