// How long the forward WebSocket dialer waits before its next attempt: base·2^n after n
// failures in a row, capped, with "equal jitter" (uniform in [d/2, d]) drawn from a seeded
// Rng, as the outbox spaces its retries, so that many connections dropped at once by one
// restarting implementation do not all dial back in the same instant. Pure: no clock.
#pragma once
#include <chrono>
#include <cstdint>

#include "shoal/rng.h"

namespace shoal::onebot {

class ReconnectBackoff {
 public:
  ReconnectBackoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, uint64_t seed);

  // The wait before the next attempt; each call counts one more failure.
  std::chrono::milliseconds Next();
  // A connection worked: the next wait starts from base again.
  void Reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  std::chrono::milliseconds base_, cap_;
  Rng rng_;
  int failures_ = 0;
};

}  // namespace shoal::onebot
