// Inactivity rules for cleanup, as pure functions of a member's activity:
// "no message for N days", "never spoke within N days of joining",
// "no check-in for N days". Kept apart from the feature so they are tested alone.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "shoal/time.h"

namespace shoal {

enum class CleanupRuleKind : uint8_t { kNoMessageFor, kNeverSpokeWithin, kNoCheckinFor };

struct CleanupRule {
  CleanupRuleKind kind = CleanupRuleKind::kNoMessageFor;
  Micros span = 30 * kMicrosPerDay;
  std::string label;  // "no_message_30d", or the operator's name: the reason suffix and report key
};

// What the roster and the check-in feature know about one present member of one group.
struct MemberActivity {
  Micros joined_at = 0;      // latest join (first message when the join was never seen)
  Micros last_message = 0;   // 0 = never spoke in this group
  int64_t join_day = 0;      // local day of joined_at
  std::optional<int64_t> last_checkin_day;  // local day; nullopt = never checked in
};

// The later of the last message and the latest join: silence is counted from there.
Micros LastActivity(const MemberActivity& m);

// Whether the rule matches at `now` (local day `today` for check-in rules).
//   no_message_for N:     silent (since the later of join and last message) for at least N
//   never_spoke_within N: no message since the latest join, which is at least N ago
//   no_checkin_for N:     more than N whole local days since the last check-in (or the join day)
bool RuleMatches(const CleanupRule& rule, const MemberActivity& m, Micros now, int64_t today);

// "no_message_30d" style labels for rules the operator did not name.
std::string DefaultRuleLabel(CleanupRuleKind kind, Micros span);

}  // namespace shoal
