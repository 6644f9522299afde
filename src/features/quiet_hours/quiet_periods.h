// When a scheduled quiet period next starts and how long it lasts: daily local
// clock windows ("23:00"–"07:00" crosses midnight), limited to ISO weekdays or
// to one local date (a lecture). Pure functions of time, tested alone.
#pragma once
#include <cstdint>
#include <optional>

#include "shoal/time.h"
#include "shoal/zone.h"

namespace shoal {

struct QuietWindow {
  int from = 0, to = 0;       // local minutes after midnight; to <= from crosses midnight
  uint8_t weekdays = 0x7f;    // bit (weekday-1), ISO weekdays 1 = Monday … 7 = Sunday
  int64_t date = INT64_MIN;   // local day number when the window happens on one date only
};

struct QuietSpan {
  Micros start = 0, end = 0;
};

// ISO weekday (1 = Monday) of a local day number (days since 1970-01-01, a Thursday).
int WeekdayOfLocalDay(int64_t day);

// The window that starts on local day `day`, if it happens that day.
std::optional<QuietSpan> WindowOnDay(const QuietWindow& w, int64_t day, const TimeZone& zone);

// The first window starting strictly after `now`; nullopt when none will (a past date).
std::optional<QuietSpan> NextWindow(const QuietWindow& w, Micros now, const TimeZone& zone);

// The window in progress at `now` (started at or before, ends after), if any.
std::optional<QuietSpan> CurrentWindow(const QuietWindow& w, Micros now, const TimeZone& zone);

}  // namespace shoal
