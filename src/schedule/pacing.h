// Pacing a post to many groups: spread evenly over a window in a shuffled order
// (config order when there is no window),
// plus a random jitter per group, then pushed later where needed so that one bot
// account sends one message at a time (account_gap apart) and one platform is
// never hit faster than its gap; different accounts send in parallel.
// Deterministic: the Rng comes from the engine, and the lanes' next free
// instants are state the caller keeps (and snapshots) across posts.
#pragma once
#include <cstdint>
#include <vector>

#include "shoal/rng.h"
#include "shoal/time.h"

namespace shoal {

struct PacingConfig {
  Micros spread = 0;       // the window a post to many groups is spread over
  Micros jitter = 0;       // extra random delay per group, up to this
  Micros account_gap = 0;  // between two sends by one bot account
};

struct PaceItem {
  uint32_t target;    // caller's id (a group)
  uint32_t account;   // lane index: the bot account that sends there
  uint32_t platform;  // lane index: the platform
};

struct PaceLanes {
  std::vector<Micros> account_free;   // per account lane: earliest next send
  std::vector<Micros> platform_free;  // per platform lane
  std::vector<Micros> platform_gap;   // per platform lane: minimum spacing
};

struct PacedSend {
  Micros at;
  uint32_t target;
};

// Send times for `items` starting at `start`, sorted by time (ties by input order).
std::vector<PacedSend> Pace(Micros start, const std::vector<PaceItem>& items, const PacingConfig& cfg, Rng& rng,
                            PaceLanes* lanes);

}  // namespace shoal
