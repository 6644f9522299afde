// A tenant's or community's time zone (IANA name, DST-correct), for calendar
// days and local clock times. Backed by the system tzdata via Howard Hinnant's date.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "shoal/time.h"

namespace shoal {

class TimeZone {
 public:
  // Null (and *why set) for an unknown name.
  static std::shared_ptr<const TimeZone> Find(const std::string& name, std::string* why = nullptr);
  static std::shared_ptr<const TimeZone> Utc();

  const std::string& name() const { return name_; }
  int OffsetMinutes(Micros utc) const;
  // Local calendar day number (days since 1970-01-01 in local time).
  int64_t LocalDay(Micros utc) const;
  // Minutes after local midnight.
  int LocalMinuteOfDay(Micros utc) const;
  // ISO weekday of the local date: 1 = Monday … 7 = Sunday.
  int LocalWeekday(Micros utc) const;
  // The UTC instant of a local day + minute. In a DST gap the later instant is used;
  // in an overlap, the earlier.
  Micros ToUtc(int64_t local_day, int minute_of_day) const;
  // A Timestamp carrying this zone's offset at that instant.
  Timestamp Stamp(Micros utc) const;
  // "2026-01-05" for a local day.
  static std::string DayString(int64_t local_day);

 private:
  TimeZone() = default;
  std::string name_;
  const void* zone_ = nullptr;  // const date::time_zone*; null = UTC
};

}  // namespace shoal
