// A PlatformAdapter that delivers nowhere: it records every call it receives and answers
// with scripted outcomes (timeouts as kRetry, 429 with retry_after, kRejected, kUnsupported,
// slowness), then kDelivered. For tests and the demo; thread-safe.
#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "shoal/adapter.h"

namespace shoal {

class FakePlatform final : public PlatformAdapter {
 public:
  // Every capability on unless `caps` says otherwise.
  static PlatformCapabilities AllCapabilities();
  explicit FakePlatform(std::string platform = "fake", PlatformCapabilities caps = AllCapabilities(),
                        PlatformLimits limits = {}, const Clock* clock = nullptr);

  std::string_view platform() const override { return platform_; }
  const PlatformCapabilities& capabilities() const override { return caps_; }
  const PlatformLimits& limits() const override { return limits_; }
  std::string AccountFor(std::string_view group) const override;
  DeliveryResult Deliver(const Action& action) override;
  bool concurrent_deliveries() const override { return concurrent_; }
  // Deliver may be called from several threads at once (the default) or not.
  void SetConcurrent(bool concurrent) { concurrent_ = concurrent; }

  // The next `times` calls answer `result` (queued after earlier scripts).
  void FailNext(const DeliveryResult& result, int times = 1);
  // Every call to this chat (group, or member of a DM) answers `result` until cleared.
  void FailChat(const std::string& chat, const DeliveryResult& result);
  void ClearChat(const std::string& chat);
  // Messages delivered to this chat come back without a platform id (as some platforms answer).
  void WithoutIds(const std::string& chat);
  // Each call sleeps this long first (a slow platform).
  void SetLatency(std::chrono::milliseconds latency);
  void SetAccount(const std::string& group, const std::string& account);

  struct Call {
    Micros at = 0;  // the clock's time of the call (0 without a clock)
    Action action;
    DeliveryResult::Code answered = DeliveryResult::Code::kDelivered;
  };
  std::vector<Call> calls() const;
  // Keys the fake accepted, in order (what the platform "has").
  std::vector<std::string> delivered_keys() const;
  // The most calls that were under way at once: in all, and into one chat.
  size_t max_concurrent() const;
  size_t max_concurrent_per_chat() const;

 private:
  std::string platform_;
  PlatformCapabilities caps_;
  PlatformLimits limits_;
  const Clock* clock_;
  mutable std::mutex mu_;
  std::deque<DeliveryResult> script_;
  std::map<std::string, DeliveryResult> failing_chats_;
  std::set<std::string> without_ids_;
  std::map<std::string, std::string, std::less<>> accounts_;
  std::chrono::milliseconds latency_{0};
  std::vector<Call> calls_;
  uint64_t made_ = 0;  // ids for what was "posted"
  bool concurrent_ = true;
  size_t under_way_ = 0, max_under_way_ = 0, max_per_chat_ = 0;
  std::map<std::string, size_t> under_way_per_chat_;
};

}  // namespace shoal
