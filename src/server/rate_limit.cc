#include "server/rate_limit.h"

#include <algorithm>
#include <chrono>

namespace shoal {

bool RateLimiter::Allow(std::string_view key, int64_t now_micros, int64_t* retry_after_seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end() && buckets_.size() >= max_keys_) {
    for (auto b = buckets_.begin(); b != buckets_.end();) b = b->second.Full(now_micros) ? buckets_.erase(b) : std::next(b);
  }
  if (it == buckets_.end()) it = buckets_.emplace(std::string(key), TokenBucket(rate_, burst_, now_micros)).first;
  TokenBucket& b = it->second;
  if (b.TryTake(now_micros)) return true;
  *retry_after_seconds = std::max<int64_t>(1, (b.WaitFor(now_micros) + 999'999) / 1'000'000);
  return false;
}

int64_t SteadyNowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

size_t RateLimiter::keys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace shoal
