#include "analytics/lifecycle.h"

#include <algorithm>
#include <cstdio>

namespace shoal::analytics {

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Sums over the local days [from, to].
void Window(const DailySeries& days, int64_t from, int64_t to, int64_t* messages, int64_t* speaker_days,
            int64_t* net_members) {
  *messages = *speaker_days = 0;
  if (net_members) *net_members = 0;
  for (auto it = days.lower_bound(from); it != days.end() && it->first <= to; ++it) {
    *messages += it->second.messages;
    *speaker_days += it->second.speakers;
    if (net_members) *net_members += it->second.joins - it->second.leaves;
  }
}

}  // namespace

GroupHealth AssessGroup(const DailySeries& days, int64_t first_day, int64_t as_of, int64_t members_now,
                        const LifecycleRules& rules) {
  GroupHealth h;
  h.age_days = std::max<int64_t>(0, as_of - first_day);
  Window(days, as_of - 6, as_of, &h.messages_7d, &h.speaker_days_7d, &h.member_change_7d);
  Window(days, as_of - 13, as_of - 7, &h.messages_prev_7d, &h.speaker_days_prev_7d, nullptr);
  h.quiet_days = h.age_days + 1;
  for (auto it = days.upper_bound(as_of); it != days.begin();) {
    --it;
    if (it->second.messages > 0) {
      h.quiet_days = as_of - it->first;
      break;
    }
  }
  const bool has_trend = h.messages_prev_7d >= rules.min_messages;
  const double msg_ratio = has_trend ? static_cast<double>(h.messages_7d) / h.messages_prev_7d : 1.0;
  const double spk_ratio =
      h.speaker_days_prev_7d > 0 ? static_cast<double>(h.speaker_days_7d) / h.speaker_days_prev_7d : 1.0;

  if (h.quiet_days >= rules.dead_days) {
    h.stage = "dead";
    h.rule = "no member message for " + std::to_string(h.quiet_days) + " days (dead_days " +
             std::to_string(rules.dead_days) + ")";
    return h;  // a dead group is past warning
  }
  if (h.age_days < rules.cold_start_days) {
    h.stage = "cold_start";
    h.rule = "age " + std::to_string(h.age_days) + " days < cold_start_days " + std::to_string(rules.cold_start_days);
  } else if (has_trend && msg_ratio < rules.decline_ratio) {
    h.stage = "declining";
    h.rule = "messages last 7 days " + std::to_string(h.messages_7d) + " / previous 7 days " +
             std::to_string(h.messages_prev_7d) + " = " + Num(msg_ratio) + " < decline_ratio " +
             Num(rules.decline_ratio);
  } else {
    int64_t members_before = members_now - h.member_change_7d;
    double growth = members_before > 0 ? static_cast<double>(h.member_change_7d) / members_before
                                       : (h.member_change_7d > 0 ? 1.0 : 0.0);
    if (members_now > 0 && growth >= rules.growth_ratio && h.member_change_7d > 0) {
      h.stage = "growing";
      h.rule = "members " + std::to_string(members_before) + " -> " + std::to_string(members_now) + " in 7 days (+" +
               Num(growth * 100) + "% >= growth_ratio " + Num(rules.growth_ratio * 100) + "%)";
    } else {
      h.stage = "active";
      h.rule = "member messages in the last " + std::to_string(h.quiet_days + 1) +
               " days, no decline below decline_ratio, no growth above growth_ratio";
    }
  }
  if (h.quiet_days >= rules.warn_quiet_days)
    h.signals.push_back("quiet " + std::to_string(h.quiet_days) + " days >= " + std::to_string(rules.warn_quiet_days));
  if (has_trend && msg_ratio <= rules.warn_trend_ratio)
    h.signals.push_back("messages " + std::to_string(h.messages_7d) + " vs " + std::to_string(h.messages_prev_7d) +
                        " the week before (" + Num(msg_ratio) + " <= " + Num(rules.warn_trend_ratio) + ")");
  if (h.speaker_days_prev_7d > 0 && spk_ratio <= rules.warn_speaker_ratio)
    h.signals.push_back("speaker-days " + std::to_string(h.speaker_days_7d) + " vs " +
                        std::to_string(h.speaker_days_prev_7d) + " (" + Num(spk_ratio) +
                        " <= " + Num(rules.warn_speaker_ratio) + ")");
  h.warning = static_cast<int64_t>(h.signals.size()) >= rules.warn_min_signals;
  return h;
}

WarningScore ScoreWarnings(const DailySeries& days, int64_t first_day, int64_t last_day, const LifecycleRules& rules,
                           int64_t quiet_len, int64_t horizon) {
  WarningScore s;
  const int64_t start = first_day + rules.cold_start_days;
  if (start > last_day) return s;
  auto msgs = [&](int64_t d) {
    auto it = days.find(d);
    return it == days.end() ? 0 : it->second.messages;
  };
  std::vector<char> warned(static_cast<size_t>(last_day - start + 1));
  for (int64_t d = start; d <= last_day; ++d)
    warned[d - start] = AssessGroup(days, first_day, d, 0, rules).warning;
  auto is_warned = [&](int64_t d) { return d >= start && d <= last_day && warned[d - start]; };

  std::vector<int64_t> silences;
  for (int64_t d = start; d + quiet_len - 1 <= last_day; ++d) {
    if (msgs(d) != 0 || msgs(d - 1) == 0) continue;
    bool silent = true;
    for (int64_t k = d; k < d + quiet_len && silent; ++k) silent = msgs(k) == 0;
    if (silent) silences.push_back(d);
  }
  int64_t stretch_start = start;  // a warning belongs to the active stretch it was raised in
  for (int64_t sd : silences) {
    ++s.silences;
    int64_t first_warn = INT64_MIN;
    for (int64_t d = std::max(sd - horizon, stretch_start); d < sd + quiet_len; ++d) {
      if (is_warned(d)) {
        first_warn = d;
        break;
      }
    }
    stretch_start = sd + quiet_len;
    while (stretch_start <= last_day && msgs(stretch_start) == 0) ++stretch_start;
    if (first_warn == INT64_MIN) {
      ++s.missed;
      continue;
    }
    (first_warn <= sd ? s.warned_ahead : s.warned_late)++;
    s.lead_days.push_back(sd - first_warn);
  }
  for (int64_t d = start; d + horizon <= last_day; ++d) {
    if (!is_warned(d) || is_warned(d - 1)) continue;
    ++s.episodes;
    bool explained = std::any_of(silences.begin(), silences.end(),
                                 [&](int64_t sd) { return d <= sd + quiet_len - 1 && sd <= d + horizon; });
    if (!explained) ++s.false_alarms;
  }
  return s;
}

void AddScore(WarningScore& into, const WarningScore& more) {
  into.silences += more.silences;
  into.warned_ahead += more.warned_ahead;
  into.warned_late += more.warned_late;
  into.missed += more.missed;
  into.lead_days.insert(into.lead_days.end(), more.lead_days.begin(), more.lead_days.end());
  into.episodes += more.episodes;
  into.false_alarms += more.false_alarms;
}

}  // namespace shoal::analytics
