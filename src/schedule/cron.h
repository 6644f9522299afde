// Five-field cron expressions ("minute hour day-of-month month day-of-week"):
// lists, ranges, steps, month and weekday names, and @hourly/@daily/@weekly/@monthly.
// Evaluated on a time zone's local calendar, DST-correct: a local time that does
// not exist (spring forward) runs at the instant the clocks jumped to, a repeated
// one (fall back) runs once, at the earlier instant.
#pragma once
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shoal/zone.h"

namespace shoal {

constexpr Micros kNever = INT64_MAX;

class CronSpec {
 public:
  // Null with *why ("hour: 25 is outside 0-23") on a bad expression.
  static std::optional<CronSpec> Parse(std::string_view text, std::string* why = nullptr);
  // One minute of every day: "HH:MM" as the cron "MM HH * * *".
  static CronSpec Daily(int minute_of_day);

  // The first matching instant strictly after `after`; kNever when none within eight years.
  Micros Next(Micros after, const TimeZone& zone) const;
  // Whether a local day (days since 1970-01-01) is one of the spec's days.
  bool MatchesDay(int64_t local_day) const;
  bool MatchesMinute(int minute_of_day) const { return hours_[minute_of_day / 60] && minutes_[minute_of_day % 60]; }
  const std::string& text() const { return text_; }

 private:
  int FirstMinuteFrom(int minute_of_day) const;  // -1 when none left today
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;      // 1..31
  std::bitset<13> months_;    // 1..12
  std::bitset<7> weekdays_;   // 0 = Sunday
  bool any_day_ = true, any_weekday_ = true;  // "*" in those fields (cron's either-day rule)
  std::string text_;
};

}  // namespace shoal
