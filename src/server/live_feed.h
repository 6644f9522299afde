// The live feed: every accepted event and every emitted action, as one JSON line each, fanned
// out to the subscribed WebSocket clients whose communities cover it. Publishing runs on the
// ingest writer thread and never blocks it: each subscriber has a bounded queue, and one that
// falls `capacity` lines behind is dropped (told why, then closed) rather than waited for.
#pragma once
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shoal/action.h"
#include "shoal/config.h"
#include "shoal/event.h"

namespace shoal {

class LiveSubscriber {
 public:
  // `communities` empty: every community. `wake` is called (from the publishing thread, without
  // locks held) when the queue goes from empty to non-empty or the subscriber is dropped.
  LiveSubscriber(std::vector<std::string> communities, size_t capacity, std::function<void()> wake);

  bool Wants(std::string_view community) const;
  // Takes every queued line; *dropped tells whether the subscriber fell behind and is cut off.
  std::vector<std::string> Take(bool* dropped);

 private:
  friend class LiveFeed;
  // False when the subscriber is (now) dropped.
  bool Push(const std::string& line);

  std::vector<std::string> communities_;
  size_t capacity_;
  std::function<void()> wake_;
  std::mutex mu_;
  std::deque<std::string> queue_;
  bool dropped_ = false;
};

class LiveFeed {
 public:
  explicit LiveFeed(const Config* config, size_t capacity = 4096) : config_(config), capacity_(capacity) {}

  std::shared_ptr<LiveSubscriber> Subscribe(std::vector<std::string> communities, std::function<void()> wake);
  void Unsubscribe(const LiveSubscriber* s);
  size_t subscribers() const { return count_.load(std::memory_order_relaxed); }

  // Called by the ingest writer after an event is applied, with the actions it produced.
  void Publish(const Event& e, const std::vector<Action>& actions);

  size_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  const Config* config_;
  size_t capacity_;
  std::mutex mu_;
  std::vector<std::shared_ptr<LiveSubscriber>> subs_;
  std::atomic<size_t> count_{0}, dropped_{0};
};

}  // namespace shoal
