// Platform times arrive as Unix seconds in untrusted JSON or XML; multiplied into microseconds
// as they are, a large one overflows. Every adapter converts through here.
#pragma once
#include <algorithm>
#include <cstdint>

#include "shoal/time.h"

namespace shoal {

constexpr int64_t kLastUnixSecond = 253402300799;  // 9999-12-31T23:59:59Z, RFC 3339's last

// Seconds (a time or a duration) as Micros, clamped to [0, kLastUnixSecond]: never overflows.
inline Micros MicrosFromUnixSeconds(int64_t seconds) {
  return std::clamp<int64_t>(seconds, 0, kLastUnixSecond) * kMicrosPerSecond;
}

}  // namespace shoal
