// A group's lifecycle stage (cold start, growing, active, declining, dead) and
// an early warning that it is about to go quiet, from explainable rules over its
// daily activity. Every verdict carries the numbers and the rule that decided it.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace shoal::analytics {

struct DayActivity {
  int64_t messages = 0;  // non-staff
  int64_t speakers = 0;  // distinct non-staff speakers that day
  int64_t joins = 0;
  int64_t leaves = 0;
};
using DailySeries = std::map<int64_t, DayActivity>;  // local day -> activity

struct LifecycleRules {
  int64_t cold_start_days = 7;     // younger groups are "cold_start"
  int64_t dead_days = 14;          // this many days without a member message: "dead"
  double decline_ratio = 0.6;      // last 7 days below this share of the 7 before: "declining"
  double growth_ratio = 0.05;      // members up by this share in 7 days: "growing"
  int64_t min_messages = 10;       // a trend needs at least this many messages in the earlier week
  int64_t warn_quiet_days = 3;     // signal: days since the last member message
  double warn_trend_ratio = 0.5;   // signal: messages this week / last week at or below
  double warn_speaker_ratio = 0.6; // signal: speaker-days this week / last week at or below
  int64_t warn_min_signals = 2;    // signals needed to warn
};

struct GroupHealth {
  std::string stage;
  std::string rule;  // the rule that decided the stage, with its numbers
  bool warning = false;
  std::vector<std::string> signals;  // which warning signals fired, with numbers
  int64_t age_days = 0;
  int64_t quiet_days = 0;  // days since the last member message (age when none)
  int64_t messages_7d = 0, messages_prev_7d = 0;
  int64_t speaker_days_7d = 0, speaker_days_prev_7d = 0;
  int64_t member_change_7d = 0;
};

// as_of: the local day being judged (inclusive); first_day: when the group was first seen.
GroupHealth AssessGroup(const DailySeries& days, int64_t first_day, int64_t as_of, int64_t members_now,
                        const LifecycleRules& rules);

// How well the warning predicts silence, replayed day by day over a history.
// A silence starts on the first of at least `quiet_len` days without member messages
// (after a day with some); a warning episode is a run of warned days.
struct WarningScore {
  int64_t silences = 0;           // silences that started in the judged range
  int64_t warned_ahead = 0;       // silences with a warning on or before their first silent day
  int64_t warned_late = 0;        // silences warned only after they began (within quiet_len days)
  int64_t missed = 0;
  std::vector<int64_t> lead_days; // first silent day - first warning day, for warned silences (negative = late)
  int64_t episodes = 0;           // warning episodes
  int64_t false_alarms = 0;       // episodes with no silence starting within `horizon` days
};
WarningScore ScoreWarnings(const DailySeries& days, int64_t first_day, int64_t last_day, const LifecycleRules& rules,
                           int64_t quiet_len = 7, int64_t horizon = 14);
void AddScore(WarningScore& into, const WarningScore& more);

}  // namespace shoal::analytics
