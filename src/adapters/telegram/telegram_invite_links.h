// Telegram invite links for Shoal invite codes: one link per code, made once, kept across
// restarts and revoked with the code. Every `invite` event (src/growth/invite_event.h) is
// offered here once the engine has applied it; a worker thread does the Bot API calls:
// - A code created for a tg: group gets createChatInviteLink with the code as the link's
//   `name` (member_limit and expire_date from the code's limits), so a join through the link
//   comes back as a chat_member update naming the code. A code that already has a link in
//   that group keeps it (no second link); one moved to another group has the old revoked first.
// - A revoked code has its link revoked (revokeChatInviteLink) and forgotten, so the code made
//   again later gets a fresh link.
// Transient failures (timeouts, 5xx, 429) are retried with backoff; a refusal, or a failure past
// the last attempt, is logged and counted. Links are saved to `links_file` after every change
// (telegram_link_file.h) and loaded by Start into the adapter's InviteLinkBook. The file is a
// cache: Reconcile, given the engine's codes at start, remakes links a lost or corrupt file
// forgot and revokes those of codes revoked while the linker was down.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/telegram/telegram_adapter.h"
#include "adapters/telegram/telegram_link_file.h"

namespace shoal {

struct InviteLinkOptions {
  int max_attempts = 5;
  std::chrono::milliseconds backoff{2'000};  // doubled after each failed attempt
  std::string links_file;  // "" = links kept in memory only
};

class TelegramInviteLinker {
 public:
  // The adapter must outlive the linker.
  TelegramInviteLinker(TelegramAdapter* adapter, InviteLinkOptions options = {});
  ~TelegramInviteLinker();

  // Loads the saved links (a damaged file is logged, kept aside as `<file>.corrupt`, and the
  // linker starts without them: see load_error) and starts the worker.
  void Start();
  // Finishes the call in flight and stops; what is queued is dropped (and logged): Reconcile
  // at the next start makes up for it.
  void Stop();

  // An applied event: an invite event is queued. Never blocks on the network or the disk.
  void Offer(const Event& e);
  // The codes the engine holds (a revoked one with spec.revoke set): queues the creation of
  // each missing link and the revocation of each revoked code's link.
  void Reconcile(const std::vector<InviteSpec>& codes);

  // The link made for `code`, "" when none (yet).
  std::string LinkFor(const std::string& code) const;
  uint64_t created() const;         // links made
  uint64_t failed() const;          // codes left without a link (refused, or out of attempts)
  uint64_t revoked() const;         // links revoked
  uint64_t revoke_failed() const;   // links forgotten but perhaps still open on Telegram
  // Why the saved links could not be loaded, "" when they were (or there were none).
  std::string load_error() const;
  // Waits until nothing is queued or being made (tests).
  bool WaitIdle(std::chrono::milliseconds timeout) const;

 private:
  void Loop();
  void Load();
  void Make(const InviteSpec& spec, std::unique_lock<std::mutex>& lock);
  void Revoke(const std::string& code, const char* because, std::unique_lock<std::mutex>& lock);
  // One Bot API call with the retry rules; the lock is released while the call runs.
  DeliveryResult WithRetries(const std::function<DeliveryResult()>& call, std::unique_lock<std::mutex>& lock);
  // Writes links_ to the file (the lock is released for the disk).
  void Save(std::unique_lock<std::mutex>& lock);

  TelegramAdapter* adapter_;
  InviteLinkOptions options_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::deque<InviteSpec> queue_;  // creations and revocations (spec.revoke), in order
  bool busy_ = false;
  bool stopping_ = false;
  StoredInviteLinks links_;  // code -> group and link
  uint64_t created_ = 0, failed_ = 0, revoked_ = 0, revoke_failed_ = 0;
  std::string load_error_;
  std::thread thread_;
};

}  // namespace shoal
