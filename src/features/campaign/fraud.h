// Fraud signals for referral campaigns (HoneyGate/Modr8-style leave tracking):
// an inviter is suspect when many invitees never speak, join in a burst, or
// leave within a day. Pure functions over one inviter's invitees.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "shoal/time.h"

namespace shoal {

struct FraudRules {
  int64_t min_invitees = 3;       // no verdict on fewer
  Micros silent_after = 3 * kMicrosPerDay;  // an invitee this old who never spoke is silent
  double silent_share = 0.8;
  int64_t burst = 5;              // this many joins …
  Micros burst_within = 10 * kMicrosPerMinute;  // … within this window
  Micros early_leave = kMicrosPerDay;
  double early_share = 0.5;
};

struct InviteeRecord {
  Micros joined = 0;
  Micros left = 0;  // 0 = still there
  bool spoke = false;
};

// "silent", "burst", "early_leave" (in that order) for the signals that fire at `now`.
std::vector<std::string> FraudSignals(const std::vector<InviteeRecord>& invitees, Micros now, const FraudRules& rules);

// True when the newest of `joins` (sorted) completes a burst.
bool IsBurst(const std::vector<Micros>& joins, const FraudRules& rules);

}  // namespace shoal
