// Helpers for the OneBot adapter's tests (header-only: not part of the product).
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "shoal/adapter.h"

namespace shoal::onebot::testing {

inline constexpr std::chrono::seconds kWait{30};  // generous: the machine may be loaded

// Collects what the adapter submits; can refuse like a failing store.
class RecordingSink final : public EventSink {
 public:
  void Submit(std::vector<Event> events, std::function<void(Ack)> done) override {
    Ack ack;
    {
      std::lock_guard lock(mu_);
      ack.stored = !refuse_;
      if (ack.stored) {
        ack.accepted = events.size();
        batches_.push_back(events.size());
        for (auto& e : events) events_.push_back(std::move(e));
      }
      cv_.notify_all();
    }
    done(std::move(ack));
  }
  bool WaitFor(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kWait, [&] { return events_.size() >= n; });
  }
  std::vector<Event> events() {
    std::lock_guard lock(mu_);
    return events_;
  }
  std::vector<size_t> batches() {
    std::lock_guard lock(mu_);
    return batches_;
  }
  void Refuse(bool refuse) {
    std::lock_guard lock(mu_);
    refuse_ = refuse;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Event> events_;
  std::vector<size_t> batches_;  // events per submission
  bool refuse_ = false;
};

// Polls a counter the I/O thread bumps; no fixed sleeps decide the outcome.
template <typename F>
inline bool Eventually(F f) {
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (!f()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace shoal::onebot::testing
