// Time as Shoal sees it: UTC microseconds plus the offset the source wrote.
// The engine never reads the wall clock; every instant comes from an event,
// a tick, or an injected Clock.
#pragma once
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shoal {

using Micros = int64_t;  // microseconds since the Unix epoch, UTC
constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr Micros kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr Micros kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr Micros kMicrosPerDay = 24 * kMicrosPerHour;

// An instant and the UTC offset it was written with, so it prints back as written.
struct Timestamp {
  Micros utc = 0;
  int16_t offset_minutes = 0;  // +480 for +08:00
  bool zulu = false;           // written with "Z" rather than "+00:00"

  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Parses RFC 3339 with a mandatory offset ("2026-01-05T09:00:00+08:00", "…Z",
// optional fraction up to microseconds). Returns nullopt and sets *why on error.
std::optional<Timestamp> ParseRfc3339(std::string_view text, std::string* why = nullptr);

// Formats as RFC 3339 in the timestamp's own offset; fractions only when non-zero. Total: a
// time outside years 0000–9999 (a sentinel, a damaged snapshot) prints as the nearer bound.
std::string FormatRfc3339(const Timestamp& ts);
void AppendRfc3339(const Timestamp& ts, std::string* out);

// Days since 1970-01-01 for a civil date, and back (Howard Hinnant's algorithms).
int64_t DaysFromCivil(int y, unsigned m, unsigned d);
void CivilFromDays(int64_t days, int* y, unsigned* m, unsigned* d);

// A source of "now" for code outside the engine (server, outbox). Tests inject fakes.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros Now() const = 0;
};
class SystemClock final : public Clock {
 public:
  Micros Now() const override;
};
// A clock tests move by hand; safe to read from another thread while the test moves it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Micros now = 0) : now_(now) {}
  Micros Now() const override { return now_.load(std::memory_order_acquire); }
  void Set(Micros now) { now_.store(now, std::memory_order_release); }
  void Advance(Micros by) { now_.fetch_add(by, std::memory_order_acq_rel); }
 private:
  std::atomic<Micros> now_;
};

}  // namespace shoal
