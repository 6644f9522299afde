#include "features/cleanup/cleanup_rules.h"

#include <algorithm>

namespace shoal {

Micros LastActivity(const MemberActivity& m) { return std::max(m.joined_at, m.last_message); }

bool RuleMatches(const CleanupRule& rule, const MemberActivity& m, Micros now, int64_t today) {
  switch (rule.kind) {
    case CleanupRuleKind::kNoMessageFor:
      return now - LastActivity(m) >= rule.span;
    case CleanupRuleKind::kNeverSpokeWithin:
      return m.last_message < m.joined_at && now - m.joined_at >= rule.span;
    case CleanupRuleKind::kNoCheckinFor: {
      int64_t days = rule.span / kMicrosPerDay;
      int64_t since = m.last_checkin_day ? std::max(*m.last_checkin_day, m.join_day) : m.join_day;
      return today - since > days;
    }
  }
  return false;
}

std::string DefaultRuleLabel(CleanupRuleKind kind, Micros span) {
  std::string unit = span % kMicrosPerDay == 0 ? std::to_string(span / kMicrosPerDay) + "d"
                                               : std::to_string(span / kMicrosPerHour) + "h";
  switch (kind) {
    case CleanupRuleKind::kNoMessageFor: return "no_message_" + unit;
    case CleanupRuleKind::kNeverSpokeWithin: return "never_spoke_" + unit;
    case CleanupRuleKind::kNoCheckinFor: return "no_checkin_" + unit;
  }
  return "rule";
}

}  // namespace shoal
