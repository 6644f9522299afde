#include "schedule/recurrence.h"

#include <algorithm>

namespace shoal {

Micros Recurrence::Next(Micros after, const TimeZone& zone) const {
  Micros best = kNever;
  auto it = std::upper_bound(once.begin(), once.end(), after);
  if (it != once.end()) best = *it;
  for (const auto& c : crons) best = std::min(best, c.Next(after, zone));
  return best;
}

int64_t Recurrence::CountBetween(Micros after, Micros until, const TimeZone& zone, Micros* last, int64_t cap) const {
  int64_t n = 0;
  *last = kNever;
  for (Micros t = Next(after, zone); t <= until && n < cap; t = Next(t, zone)) {
    *last = t;
    ++n;
  }
  return n;
}

}  // namespace shoal
