#include "schedule/cron.h"

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace shoal {

namespace {

struct Field {
  const char* name;
  int lo, hi;
  const char* const* names;  // 3-letter names for lo.., or null
};
constexpr const char* kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr Field kFields[5] = {{"minute", 0, 59, nullptr},
                              {"hour", 0, 23, nullptr},
                              {"day of month", 1, 31, nullptr},
                              {"month", 1, 12, kMonthNames},
                              {"day of week", 0, 7, kDayNames}};

bool ParseValue(std::string_view s, const Field& f, int* out) {
  if (f.names && s.size() == 3) {
    int n = f.hi == 12 ? 12 : 7;
    for (int i = 0; i < n; ++i) {
      bool eq = true;
      for (int k = 0; k < 3; ++k) eq &= std::tolower(static_cast<unsigned char>(s[k])) == f.names[i][k];
      if (eq) {
        *out = f.lo + i;
        return true;
      }
    }
  }
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

// One field ("1-5/2,10") into bits lo..hi; false with *why on a bad item.
bool ParseField(std::string_view text, const Field& f, std::vector<bool>* bits, std::string* why) {
  bits->assign(f.hi + 1, false);
  auto fail = [&](const std::string& msg) {
    if (why) *why = std::string(f.name) + ": " + msg;
    return false;
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) return fail("empty item in '" + std::string(text) + "'");
    int step = 1;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
      std::string_view st = item.substr(slash + 1);
      auto [ptr, ec] = std::from_chars(st.data(), st.data() + st.size(), step);
      if (ec != std::errc() || ptr != st.data() + st.size() || step < 1 || step > f.hi)
        return fail("bad step '" + std::string(st) + "'");
      item = item.substr(0, slash);
    }
    int lo = f.lo, hi = f.hi;
    if (item != "*") {
      size_t dash = item.find('-');
      if (!ParseValue(item.substr(0, dash), f, &lo))
        return fail("'" + std::string(item.substr(0, dash)) + "' is not a number or name");
      hi = lo;
      if (dash != std::string_view::npos) {
        if (!ParseValue(item.substr(dash + 1), f, &hi))
          return fail("'" + std::string(item.substr(dash + 1)) + "' is not a number or name");
      } else if (step > 1) {
        hi = f.hi;  // "5/15" means 5-max/15, as in Vixie cron
      }
      for (int v : {lo, hi}) {
        if (v < f.lo || v > f.hi)
          return fail(std::to_string(v) + " is outside " + std::to_string(f.lo) + "-" + std::to_string(f.hi));
      }
      if (hi < lo) return fail("range " + std::to_string(lo) + "-" + std::to_string(hi) + " runs backwards");
    }
    for (int v = lo; v <= hi; v += step) (*bits)[v] = true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return true;
}

constexpr int kMaxDaysInMonth[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr int64_t kSearchDays = 366 * 8 + 2;  // Feb 29 recurs within eight years

}  // namespace

std::optional<CronSpec> CronSpec::Parse(std::string_view text, std::string* why) {
  std::string expanded(text);
  if (text == "@hourly") expanded = "0 * * * *";
  else if (text == "@daily" || text == "@midnight") expanded = "0 0 * * *";
  else if (text == "@weekly") expanded = "0 0 * * 0";
  else if (text == "@monthly") expanded = "0 0 1 * *";
  else if (text == "@yearly" || text == "@annually") expanded = "0 0 1 1 *";
  else if (!text.empty() && text[0] == '@') {
    if (why) *why = "unknown macro '" + std::string(text) + "' (use @hourly, @daily, @weekly, @monthly or @yearly)";
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  std::string_view rest = expanded;
  while (!rest.empty()) {
    size_t b = rest.find_first_not_of(" \t");
    if (b == std::string_view::npos) break;
    rest.remove_prefix(b);
    size_t e = rest.find_first_of(" \t");
    parts.push_back(rest.substr(0, e));
    rest = e == std::string_view::npos ? std::string_view() : rest.substr(e);
  }
  if (parts.size() != 5) {
    if (why)
      *why = "needs 5 fields (minute hour day-of-month month day-of-week), found " + std::to_string(parts.size());
    return std::nullopt;
  }
  CronSpec spec;
  spec.text_ = std::string(text);
  std::vector<bool> bits;
  for (int i = 0; i < 5; ++i) {
    if (!ParseField(parts[i], kFields[i], &bits, why)) return std::nullopt;
    for (int v = kFields[i].lo; v <= kFields[i].hi; ++v) {
      if (!bits[v]) continue;
      switch (i) {
        case 0: spec.minutes_.set(v); break;
        case 1: spec.hours_.set(v); break;
        case 2: spec.days_.set(v); break;
        case 3: spec.months_.set(v); break;
        case 4: spec.weekdays_.set(v % 7); break;  // 7 is Sunday too
      }
    }
  }
  spec.any_day_ = parts[2][0] == '*';
  spec.any_weekday_ = parts[4][0] == '*';
  // A day-of-month that no chosen month has ("0 9 31 2 *") would never run: say so now.
  if (spec.any_weekday_ && !spec.any_day_) {
    bool possible = false;
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= kMaxDaysInMonth[m] && spec.months_[m]; ++d) possible |= spec.days_[d];
    }
    if (!possible) {
      if (why) *why = "never runs: no chosen month has that day of the month";
      return std::nullopt;
    }
  }
  return spec;
}

CronSpec CronSpec::Daily(int minute_of_day) {
  CronSpec spec;
  spec.minutes_.set(minute_of_day % 60);
  spec.hours_.set(minute_of_day / 60);
  spec.days_.set();
  spec.days_.reset(0);
  spec.months_.set();
  spec.months_.reset(0);
  spec.weekdays_.set();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d %d * * *", minute_of_day % 60, minute_of_day / 60);
  spec.text_ = buf;
  return spec;
}

bool CronSpec::MatchesDay(int64_t local_day) const {
  int y;
  unsigned m, d;
  CivilFromDays(local_day, &y, &m, &d);
  if (!months_[m]) return false;
  int64_t w = (local_day + 4) % 7;  // 1970-01-01 was a Thursday
  if (w < 0) w += 7;
  bool dom = days_[d], dow = weekdays_[static_cast<size_t>(w)];
  if (any_day_ && any_weekday_) return true;
  if (any_day_) return dow;
  if (any_weekday_) return dom;
  return dom || dow;  // both restricted: either matches (cron's rule)
}

int CronSpec::FirstMinuteFrom(int from) const {
  for (int h = from / 60; h < 24; ++h) {
    if (!hours_[h]) continue;
    for (int m = h == from / 60 ? from % 60 : 0; m < 60; ++m) {
      if (minutes_[m]) return h * 60 + m;
    }
  }
  return -1;
}

Micros CronSpec::Next(Micros after, const TimeZone& zone) const {
  int64_t first = zone.LocalDay(after);
  for (int64_t day = first; day < first + kSearchDays; ++day) {
    if (!MatchesDay(day)) continue;
    Micros start = zone.ToUtc(day, 0);
    Micros end = zone.ToUtc(day + 1, 0);
    bool plain = zone.LocalMinuteOfDay(start) == 0 && zone.OffsetMinutes(start) == zone.OffsetMinutes(end - 1);
    if (plain) {
      // No clock change today: local minutes map to instants in order.
      int from = after < start ? 0 : static_cast<int>((after - start) / kMicrosPerMinute) + 1;
      if (from >= 24 * 60) continue;
      int m = FirstMinuteFrom(from);
      if (m >= 0) return start + static_cast<Micros>(m) * kMicrosPerMinute;
      continue;
    }
    // A clock change today: map each matching minute and keep the earliest after `after`.
    Micros best = kNever;
    for (int m = FirstMinuteFrom(0); m >= 0; m = m + 1 < 24 * 60 ? FirstMinuteFrom(m + 1) : -1) {
      Micros t = zone.ToUtc(day, m);
      if (t > after && t < best) best = t;
    }
    if (best != kNever) return best;
  }
  return kNever;
}

}  // namespace shoal
