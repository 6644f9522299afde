// A token bucket: `rate` tokens a second, holding at most `burst`. The caller passes the
// time on every call, so its clock (a ManualClock in tests) decides; nothing reads the
// wall clock here. Not thread-safe: one owner (the dispatcher's thread, or a locked map).
#pragma once
#include "shoal/time.h"

namespace shoal {

class TokenBucket {
 public:
  // Starts full at `now`. rate <= 0 means unlimited (every Take succeeds).
  TokenBucket(double rate_per_second, double burst, Micros now);

  // Whether one token can be taken at `now`.
  bool Ready(Micros now);
  // Takes one token if Ready(now).
  bool TryTake(Micros now);
  // Whether the bucket has refilled to `burst` by `now` (and holds nothing back): a full bucket
  // behaves exactly like a new one.
  bool Full(Micros now);
  // Micros from `now` until a token is available (0 when Ready).
  Micros WaitFor(Micros now);
  // Nothing is taken before `until` (a platform's retry_after); never shortens a hold.
  void HoldUntil(Micros until);

 private:
  void Refill(Micros now);

  double rate_;
  double burst_;
  double tokens_;
  Micros updated_;
  Micros hold_until_ = 0;
};

}  // namespace shoal
