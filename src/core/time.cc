#include "shoal/time.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace shoal {

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (*m <= 2));
}

namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool Fail(std::string* why, const char* msg) {
  if (why) *why = msg;
  return false;
}

unsigned DaysInMonth(int y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

}  // namespace

std::optional<Timestamp> ParseRfc3339(std::string_view s, std::string* why) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &h) ||
      s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &sec)) {
    Fail(why, "not an RFC 3339 time: expected YYYY-MM-DDTHH:MM:SS+HH:MM");
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > DaysInMonth(y, mo) || h > 23 || mi > 59 ||
      sec > 60) {
    Fail(why, "date or time out of range");
    return std::nullopt;
  }
  if (sec == 60) sec = 59;  // leap second: clamp rather than reject
  size_t pos = 19;
  int64_t frac_us = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t scale = 100000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (scale > 0) frac_us += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) {
      Fail(why, "empty fraction of a second");
      return std::nullopt;
    }
  }
  Timestamp ts;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ts.zulu = true;
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, &om) ||
        oh > 23 || om > 59) {
      Fail(why, "bad UTC offset: expected +HH:MM");
      return std::nullopt;
    }
    int off = oh * 60 + om;
    ts.offset_minutes = static_cast<int16_t>(s[pos] == '-' ? -off : off);
    pos += 6;
  } else {
    Fail(why, "missing UTC offset: write Z or +HH:MM (e.g. 2026-01-05T09:00:00+08:00)");
    return std::nullopt;
  }
  if (pos != s.size()) {
    Fail(why, "unexpected characters after the time");
    return std::nullopt;
  }
  int64_t days = DaysFromCivil(y, mo, d);
  int64_t local_s = days * 86400 + h * 3600 + mi * 60 + sec;
  ts.utc = (local_s - ts.offset_minutes * 60) * kMicrosPerSecond + frac_us;
  return ts;
}

void AppendRfc3339(const Timestamp& ts, std::string* out) {
  // Clamped to the years RFC 3339 can write (0000–9999), so a sentinel or a damaged snapshot's
  // time prints as a boundary instead of overflowing.
  constexpr Micros kFirst = -62167219200LL * kMicrosPerSecond;               // 0000-01-01T00:00:00
  constexpr Micros kLast = 253402300799LL * kMicrosPerSecond + 999999;       // 9999-12-31T23:59:59.999999
  Micros local = std::clamp(ts.utc, kFirst - kMicrosPerDay, kLast + kMicrosPerDay) +
                 static_cast<Micros>(ts.offset_minutes) * kMicrosPerMinute;
  local = std::clamp(local, kFirst, kLast);
  int64_t secs = local >= 0 ? local / kMicrosPerSecond : -((-local + kMicrosPerSecond - 1) / kMicrosPerSecond);
  int64_t frac = local - secs * kMicrosPerSecond;
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t sod = secs - days * 86400;
  int y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", y, m, d, static_cast<int>(sod / 3600),
                        static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60));
  out->append(buf, n);
  if (frac != 0) {
    if (frac % 1000 == 0) {
      n = std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(frac / 1000));
    } else {
      n = std::snprintf(buf, sizeof buf, ".%06d", static_cast<int>(frac));
    }
    out->append(buf, n);
  }
  if (ts.zulu) {
    out->push_back('Z');
  } else {
    int off = ts.offset_minutes;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    n = std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, off / 60, off % 60);
    out->append(buf, n);
  }
}

std::string FormatRfc3339(const Timestamp& ts) {
  std::string s;
  AppendRfc3339(ts, &s);
  return s;
}

Micros SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace shoal
