// Process counters for GET /metrics (Prometheus text format). Lock-free: any
// thread may bump them; Render() reads a consistent-enough view for scraping.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

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
  std::string Render() const;
};

}  // namespace shoal
