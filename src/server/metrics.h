// Process counters for GET /metrics (Prometheus text format). Lock-free: any
// thread may bump them; Render() reads a consistent-enough view for scraping.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shoal {

struct Metrics {
  std::atomic<uint64_t> events_accepted{0};
  std::atomic<uint64_t> events_rejected{0};
  std::atomic<uint64_t> actions{0};
  std::atomic<int64_t> outbox_pending{0};
  std::atomic<uint64_t> store_failures{0};
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> snapshots{0};
  std::atomic<uint64_t> ticks{0};  // clock ticks logged so timers fire without traffic
  std::atomic<uint64_t> auth_failures{0};  // 401: no token, malformed or unknown
  std::atomic<uint64_t> forbidden{0};      // 403: role or community scope
  std::atomic<uint64_t> rate_limited{0};   // 429
  // Batch commit latency histogram (seconds), cumulative buckets as Prometheus expects.
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.25,  1.0};
  std::array<std::atomic<uint64_t>, kBuckets.size()> commit_buckets{};
  std::atomic<uint64_t> commit_count{0};
  std::atomic<uint64_t> commit_micros_sum{0};
  std::atomic<uint64_t> batch_events_sum{0};

  void ObserveCommit(int64_t micros, size_t events);

  // Outbox delivery outcomes per platform ("qq", …): delivered, failed (an attempt to be
  // retried), dead (a dead letter), task (held for a person). Any thread.
  void CountDelivery(std::string_view platform, std::string_view outcome);
  uint64_t deliveries(std::string_view platform, std::string_view outcome) const;
  // More lines for Render() from a component that keeps its own counters (a platform
  // adapter); it must outlive every Render() call.
  void AddRenderer(std::function<void(std::string*)> render);

  std::string Render() const;

  // (platform, outcome) -> count, behind its own lock (CountDelivery, deliveries).
  mutable std::mutex deliveries_mu_;
  std::map<std::pair<std::string, std::string>, uint64_t, std::less<>> deliveries_;
  std::vector<std::function<void(std::string*)>> renderers_;
};

}  // namespace shoal
