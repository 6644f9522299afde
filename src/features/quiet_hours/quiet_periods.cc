#include "features/quiet_hours/quiet_periods.h"

namespace shoal {

int WeekdayOfLocalDay(int64_t day) {
  int64_t r = (day + 3) % 7;
  if (r < 0) r += 7;
  return static_cast<int>(r) + 1;
}

std::optional<QuietSpan> WindowOnDay(const QuietWindow& w, int64_t day, const TimeZone& zone) {
  if (w.date != INT64_MIN && day != w.date) return std::nullopt;
  if (!(w.weekdays & (1u << (WeekdayOfLocalDay(day) - 1)))) return std::nullopt;
  QuietSpan s;
  s.start = zone.ToUtc(day, w.from);
  s.end = zone.ToUtc(w.to > w.from ? day : day + 1, w.to);
  if (s.end <= s.start) return std::nullopt;  // swallowed by a DST jump
  return s;
}

std::optional<QuietSpan> NextWindow(const QuietWindow& w, Micros now, const TimeZone& zone) {
  int64_t today = zone.LocalDay(now);
  if (w.date != INT64_MIN) {
    auto s = WindowOnDay(w, w.date, zone);
    return s && s->start > now ? s : std::nullopt;
  }
  for (int64_t d = today; d <= today + 8; ++d) {
    auto s = WindowOnDay(w, d, zone);
    if (s && s->start > now) return s;
  }
  return std::nullopt;
}

std::optional<QuietSpan> CurrentWindow(const QuietWindow& w, Micros now, const TimeZone& zone) {
  int64_t today = zone.LocalDay(now);
  for (int64_t d : {today - 1, today}) {
    auto s = WindowOnDay(w, d, zone);
    if (s && s->start <= now && now < s->end) return s;
  }
  return std::nullopt;
}

}  // namespace shoal
