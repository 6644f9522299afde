#include "outbox/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace shoal {

TokenBucket::TokenBucket(double rate_per_second, double burst, Micros now)
    : rate_(rate_per_second), burst_(std::max(1.0, burst)), tokens_(burst_), updated_(now) {}

void TokenBucket::Refill(Micros now) {
  if (now <= updated_) return;  // a clock that steps back never mints tokens
  tokens_ = std::min(burst_, tokens_ + static_cast<double>(now - updated_) / 1e6 * rate_);
  updated_ = now;
}

bool TokenBucket::Ready(Micros now) {
  if (now < hold_until_) return false;
  if (rate_ <= 0) return true;
  Refill(now);
  return tokens_ >= 1.0;
}

bool TokenBucket::TryTake(Micros now) {
  if (!Ready(now)) return false;
  if (rate_ > 0) tokens_ -= 1.0;
  return true;
}

bool TokenBucket::Full(Micros now) {
  if (now < hold_until_) return false;
  if (rate_ <= 0) return true;
  Refill(now);
  return tokens_ >= burst_;
}

Micros TokenBucket::WaitFor(Micros now) {
  Micros hold = std::max<Micros>(0, hold_until_ - now);
  if (rate_ <= 0) return hold;
  Refill(now);
  if (tokens_ >= 1.0) return hold;
  auto refill = static_cast<Micros>(std::ceil((1.0 - tokens_) / rate_ * 1e6));
  return std::max(hold, refill);
}

void TokenBucket::HoldUntil(Micros until) { hold_until_ = std::max(hold_until_, until); }

}  // namespace shoal
