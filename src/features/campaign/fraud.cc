#include "features/campaign/fraud.h"

#include <algorithm>

namespace shoal {

bool IsBurst(const std::vector<Micros>& joins, const FraudRules& rules) {
  if (rules.burst <= 1 || static_cast<int64_t>(joins.size()) < rules.burst) return false;
  return joins.back() - joins[joins.size() - rules.burst] <= rules.burst_within;
}

std::vector<std::string> FraudSignals(const std::vector<InviteeRecord>& invitees, Micros now, const FraudRules& rules) {
  std::vector<std::string> out;
  if (static_cast<int64_t>(invitees.size()) < rules.min_invitees) return out;
  int64_t old_enough = 0, silent = 0, decided = 0, early = 0;
  std::vector<Micros> joins;
  for (const auto& i : invitees) {
    joins.push_back(i.joined);
    if (now - i.joined >= rules.silent_after) {
      ++old_enough;
      if (!i.spoke) ++silent;
    }
    // Early leavers are known once they leave; stayers once the window has passed.
    if (i.left && i.left - i.joined < rules.early_leave) {
      ++early;
      ++decided;
    } else if (i.left || now - i.joined >= rules.early_leave) {
      ++decided;
    }
  }
  if (old_enough >= rules.min_invitees && silent >= rules.silent_share * old_enough) out.push_back("silent");
  std::sort(joins.begin(), joins.end());
  const size_t k = static_cast<size_t>(std::max<int64_t>(rules.burst, 0));
  for (size_t i = 0; k > 1 && i + k <= joins.size(); ++i) {
    if (joins[i + k - 1] - joins[i] <= rules.burst_within) {
      out.push_back("burst");
      break;
    }
  }
  if (decided >= rules.min_invitees && early >= rules.early_share * decided) out.push_back("early_leave");
  return out;
}

}  // namespace shoal
