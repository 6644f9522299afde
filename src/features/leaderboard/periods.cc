#include "features/leaderboard/periods.h"

#include <climits>

namespace shoal {

std::string_view PeriodName(Period p) {
  static constexpr std::string_view kNames[] = {"day", "week", "month", "season", "all"};
  return kNames[static_cast<int>(p)];
}

std::optional<Period> PeriodFromName(std::string_view name) {
  for (int i = 0; i < kPeriodCount; ++i)
    if (PeriodName(static_cast<Period>(i)) == name) return static_cast<Period>(i);
  return std::nullopt;
}

namespace {
int64_t MonthIndex(int64_t day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  return static_cast<int64_t>(y) * 12 + (m - 1);
}
int64_t FirstDayOfMonth(int64_t month_index) {
  int64_t y = month_index >= 0 ? month_index / 12 : (month_index - 11) / 12;
  return DaysFromCivil(static_cast<int>(y), static_cast<unsigned>(month_index - y * 12 + 1), 1);
}
}  // namespace

int64_t PeriodIdOfDay(Period p, int64_t day) {
  switch (p) {
    case Period::kDay: return day;
    case Period::kWeek: {
      int64_t since_monday = (day + 3) % 7;  // 1970-01-01 was a Thursday
      if (since_monday < 0) since_monday += 7;
      return day - since_monday;
    }
    case Period::kMonth: return MonthIndex(day);
    case Period::kSeason: return MonthIndex(day) / 3;
    case Period::kAll: return 0;
  }
  return 0;
}

int64_t PeriodId(Period p, const TimeZone& zone, Micros utc) { return PeriodIdOfDay(p, zone.LocalDay(utc)); }

Micros PeriodEnd(Period p, const TimeZone& zone, Micros utc) {
  int64_t id = PeriodId(p, zone, utc);
  switch (p) {
    case Period::kDay: return zone.ToUtc(id + 1, 0);
    case Period::kWeek: return zone.ToUtc(id + 7, 0);
    case Period::kMonth: return zone.ToUtc(FirstDayOfMonth(id + 1), 0);
    case Period::kSeason: return zone.ToUtc(FirstDayOfMonth((id + 1) * 3), 0);
    case Period::kAll: return INT64_MAX;
  }
  return INT64_MAX;
}

std::string PeriodLabel(Period p, int64_t id) {
  switch (p) {
    case Period::kDay: return TimeZone::DayString(id);
    case Period::kWeek: return TimeZone::DayString(id) + "~";
    case Period::kMonth: return TimeZone::DayString(FirstDayOfMonth(id)).substr(0, 7);
    case Period::kSeason: return std::to_string(id * 3 / 12) + "-Q" + std::to_string(id % 4 + 1);
    case Period::kAll: return "all";
  }
  return "";
}

}  // namespace shoal
