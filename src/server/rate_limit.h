// Per-caller request budget: a token bucket per key (the API token's name), refilled at
// `rate` per second up to `burst`. Thread-safe. Time comes from the caller (steady clock in
// the server, a counter in tests).
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "outbox/token_bucket.h"

namespace shoal {

class RateLimiter {
 public:
  RateLimiter(double rate_per_second, int64_t burst) : rate_(rate_per_second), burst_(static_cast<double>(burst)) {}

  // True when `key` may make a request at `now_micros`; otherwise *retry_after_seconds says
  // when the next one will be allowed (at least 1, as the Retry-After header wants).
  bool Allow(std::string_view key, int64_t now_micros, int64_t* retry_after_seconds);

 private:
  double rate_;
  double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, TokenBucket> buckets_;
};

}  // namespace shoal
