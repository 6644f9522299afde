// Telegram's two inbound transports. The webhook handler checks the secret token in constant
// time and answers only once the update's events are durable, so Telegram re-sends anything
// the log does not have. The poller calls getUpdates and confirms an update (offset =
// update_id + 1 on the next call) only after its events are durable, so a crash between
// fetching and storing loses nothing: the same updates come again.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "adapters/telegram/telegram_adapter.h"
#include "shoal/adapter.h"

namespace shoal {

class TelegramWebhook {
 public:
  // Both must outlive the handler.
  TelegramWebhook(TelegramAdapter* adapter, EventSink* sink);

  // `secret` is the X-Telegram-Bot-Api-Secret-Token header (null when absent). `reply` runs
  // once, possibly on another thread: 401 on a wrong or missing secret, 400 on a malformed
  // update (counted; nothing is kept), 503 when the store refused the events (Telegram
  // delivers the update again), 200 otherwise, including updates ignored by name.
  using Reply = std::function<void(unsigned status, std::string body)>;
  void Handle(const std::string* secret, std::string_view body, Reply reply);

 private:
  TelegramAdapter* adapter_;
  EventSink* sink_;
};

struct PollOptions {
  std::chrono::milliseconds backoff{2'000};  // after a failed call or a refused batch
};

class TelegramPoller {
 public:
  TelegramPoller(TelegramAdapter* adapter, EventSink* sink, PollOptions options = {});
  ~TelegramPoller();

  void Start();
  // Finishes the call in flight (bounded by the long-poll timeout) and stops.
  void Stop();

  // The next offset to ask for: every update below it is durable.
  int64_t offset() const;
  // Starts from a known offset (e.g. one kept across restarts); 0 = whatever Telegram holds.
  void set_offset(int64_t offset);
  uint64_t failed_polls() const;

  // One getUpdates round: fetch, submit, wait until durable, advance. False when the call
  // failed or the store refused the batch (the offset is then unchanged). Public for tests.
  bool PollOnce();

 private:
  void Loop();

  TelegramAdapter* adapter_;
  EventSink* sink_;
  PollOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  int64_t offset_ = 0;
  uint64_t failed_polls_ = 0;
  std::thread thread_;
};

}  // namespace shoal
