#include "adapters/onebot/reconnect_backoff.h"

#include <algorithm>

namespace shoal::onebot {

ReconnectBackoff::ReconnectBackoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, uint64_t seed)
    : base_(std::max(base, std::chrono::milliseconds(1))), cap_(std::max(cap, base_)), rng_(seed) {}

std::chrono::milliseconds ReconnectBackoff::Next() {
  int64_t d = base_.count();
  // Doubling stops at the cap, so a connection down for days cannot overflow the shift.
  for (int i = 0; i < failures_ && d < cap_.count(); ++i) d *= 2;
  d = std::min(d, static_cast<int64_t>(cap_.count()));
  ++failures_;
  return std::chrono::milliseconds(d / 2 + static_cast<int64_t>(rng_.Unit() * static_cast<double>(d - d / 2)));
}

}  // namespace shoal::onebot
