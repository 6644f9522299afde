// When a planned post happens: any number of cron specs (daily slots are crons)
// and one-off instants, evaluated in one time zone. Pure: no state, no clock.
#pragma once
#include <cstdint>
#include <vector>

#include "schedule/cron.h"

namespace shoal {

struct Recurrence {
  std::vector<CronSpec> crons;
  std::vector<Micros> once;  // sorted UTC instants

  // The first occurrence strictly after `after`; kNever when there is none.
  Micros Next(Micros after, const TimeZone& zone) const;
  // Occurrences in (after, until]: how many (capped at `cap`) and the last one.
  int64_t CountBetween(Micros after, Micros until, const TimeZone& zone, Micros* last, int64_t cap = 100'000) const;
  bool empty() const { return crons.empty() && once.empty(); }
};

}  // namespace shoal
