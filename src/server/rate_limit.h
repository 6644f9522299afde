// Per-caller request budget: a token bucket per key (the API token's name, or a client
// address for logins), refilled at `rate` per second up to `burst`. Thread-safe. Time comes
// from the caller (steady clock in the server, a counter in tests). At most `max_keys`
// buckets are kept: past that, buckets that have refilled (forgetting them changes nothing)
// are dropped, so many distinct callers cannot grow memory without bound.
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
  RateLimiter(double rate_per_second, int64_t burst, size_t max_keys = 100000)
      : rate_(rate_per_second), burst_(static_cast<double>(burst)), max_keys_(max_keys) {}

  // True when `key` may make a request at `now_micros`; otherwise *retry_after_seconds says
  // when the next one will be allowed (at least 1, as the Retry-After header wants).
  bool Allow(std::string_view key, int64_t now_micros, int64_t* retry_after_seconds);
  size_t keys() const;

 private:
  double rate_;
  double burst_;
  size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, TokenBucket> buckets_;
};

// The server's steady clock in microseconds, for rate limits (never dates anything stored).
int64_t SteadyNowMicros();

}  // namespace shoal
