#include "shoal/zone.h"

#include <date/tz.h>

#include <mutex>
#include <unordered_map>

namespace shoal {

namespace {
const date::time_zone* Z(const void* p) { return static_cast<const date::time_zone*>(p); }
}  // namespace

std::shared_ptr<const TimeZone> TimeZone::Utc() {
  static const std::shared_ptr<const TimeZone> utc = [] {
    auto* z = new TimeZone();
    z->name_ = "UTC";
    return std::shared_ptr<const TimeZone>(z);
  }();
  return utc;
}

std::shared_ptr<const TimeZone> TimeZone::Find(const std::string& name, std::string* why) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") return Utc();
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const TimeZone>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(name);
  } catch (const std::exception& e) {
    if (why) *why = "unknown time zone '" + name + "' (use an IANA name such as Asia/Shanghai)";
    return nullptr;
  }
  auto* z = new TimeZone();
  z->name_ = name;
  z->zone_ = tz;
  std::shared_ptr<const TimeZone> p(z);
  cache.emplace(name, p);
  return p;
}

int TimeZone::OffsetMinutes(Micros utc) const {
  if (!zone_) return 0;
  auto info = Z(zone_)->get_info(date::sys_time<std::chrono::microseconds>(std::chrono::microseconds(utc)));
  return static_cast<int>(info.offset.count() / 60);
}

namespace {
int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
}  // namespace

int64_t TimeZone::LocalDay(Micros utc) const {
  Micros local = utc + static_cast<Micros>(OffsetMinutes(utc)) * kMicrosPerMinute;
  return FloorDiv(local, kMicrosPerDay);
}

int TimeZone::LocalMinuteOfDay(Micros utc) const {
  Micros local = utc + static_cast<Micros>(OffsetMinutes(utc)) * kMicrosPerMinute;
  return static_cast<int>((local - FloorDiv(local, kMicrosPerDay) * kMicrosPerDay) / kMicrosPerMinute);
}

int TimeZone::LocalWeekday(Micros utc) const {
  int64_t day = LocalDay(utc);  // 1970-01-01 was a Thursday (4)
  int64_t w = (day + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

Micros TimeZone::ToUtc(int64_t local_day, int minute_of_day) const {
  Micros local = local_day * kMicrosPerDay + static_cast<Micros>(minute_of_day) * kMicrosPerMinute;
  if (!zone_) return local;
  using LocalUs = date::local_time<std::chrono::microseconds>;
  auto info = Z(zone_)->get_info(LocalUs(std::chrono::microseconds(local)));
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // overlap: first (earlier) instant
      return local - std::chrono::duration_cast<std::chrono::microseconds>(info.first.offset).count();
    case date::local_info::nonexistent:  // gap: the instant the clocks jumped to
      return local - std::chrono::duration_cast<std::chrono::microseconds>(info.first.offset).count();
  }
  return local;
}

Timestamp TimeZone::Stamp(Micros utc) const {
  Timestamp ts;
  ts.utc = utc;
  ts.offset_minutes = static_cast<int16_t>(OffsetMinutes(utc));
  ts.zulu = zone_ == nullptr;
  return ts;
}

std::string TimeZone::DayString(int64_t local_day) {
  int y;
  unsigned m, d;
  CivilFromDays(local_day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

}  // namespace shoal
