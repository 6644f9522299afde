// Leaderboard periods on the community's local calendar: which day, week
// (Monday first), month, season (quarter) an instant falls in, when it ends,
// and a label for it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shoal/zone.h"

namespace shoal {

enum class Period : uint8_t { kDay = 0, kWeek = 1, kMonth = 2, kSeason = 3, kAll = 4 };
constexpr int kPeriodCount = 5;

std::string_view PeriodName(Period p);
std::optional<Period> PeriodFromName(std::string_view name);
// An id that increases with time: local day, Monday's local day, months since 1970, quarters, 0.
int64_t PeriodId(Period p, const TimeZone& zone, Micros utc);
// The same from a local day number (pure arithmetic: no time-zone lookup).
int64_t PeriodIdOfDay(Period p, int64_t local_day);
// The UTC instant the period containing `utc` ends (the next one starts); INT64_MAX for kAll.
Micros PeriodEnd(Period p, const TimeZone& zone, Micros utc);
// "2026-01-05", "2026-01-05~" (week of), "2026-01", "2026-Q1", "all".
std::string PeriodLabel(Period p, int64_t id);

}  // namespace shoal
