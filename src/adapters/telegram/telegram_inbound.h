// Telegram's two inbound transports. The webhook handler checks the secret token in constant
// time and answers only once the update's events are durable, so Telegram re-sends anything
// the log does not have. The poller calls getUpdates and confirms an update (offset =
// update_id + 1 on the next call) only after its events are durable, so a crash between
// fetching and storing loses nothing: the same updates come again. With an offset file the
// confirmed offset also survives a restart (telegram_offset.h), so the batch stored just
// before a crash is not fetched and counted a second time.
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
  std::string offset_file;  // where the offset is kept across restarts; "" = memory only
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
  // Starts from a known offset; 0 = whatever Telegram holds. The constructor reads the offset
  // file, when there is one.
  void set_offset(int64_t offset);
  // Offset writes that failed (the poll went on; a restart may fetch that batch again).
  uint64_t offset_write_failures() const;
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
  uint64_t offset_write_failures_ = 0;
  int64_t written_offset_ = 0;  // poller thread only
  std::thread thread_;
};

}  // namespace shoal
