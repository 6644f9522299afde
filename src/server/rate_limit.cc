#include "server/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace shoal {

bool RateLimiter::Allow(std::string_view key, int64_t now_micros, int64_t* retry_after_seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) it = buckets_.emplace(std::string(key), Bucket{burst_, now_micros}).first;
  Bucket& b = it->second;
  double elapsed = std::max<int64_t>(0, now_micros - b.updated) / 1e6;
  b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
  b.updated = std::max(b.updated, now_micros);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  *retry_after_seconds = std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / rate_)));
  return false;
}

}  // namespace shoal
