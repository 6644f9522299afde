#include "features/common/command_args.h"

#include <cstdio>

namespace shoal {

bool ParseDuration(const std::string& s, Micros* out);  // config_section.cc: the one duration grammar

namespace {
// Length of the separator at text[pos] (ASCII whitespace or U+3000), or 0.
size_t SpaceAt(std::string_view text, size_t pos) {
  char c = text[pos];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  if (text.substr(pos, 3) == "\xE3\x80\x80") return 3;
  return 0;
}
}  // namespace

std::optional<std::string_view> CommandRest(std::string_view text, std::string_view command) {
  if (command.empty() || text.substr(0, command.size()) != command) return std::nullopt;
  std::string_view rest = text.substr(command.size());
  if (rest.empty()) return rest;
  if (SpaceAt(rest, 0) == 0) return std::nullopt;  // "/signupx" is another word
  return rest;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  for (size_t i = 0; i < text.size();) {
    if (size_t n = SpaceAt(text, i)) {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
      i += n;
    } else {
      cur.push_back(text[i++]);
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

CommandLine ParseCommandLine(std::string_view args) {
  CommandLine line;
  for (auto& w : SplitWords(args)) {
    size_t eq = w.find('=');
    bool ascii_key = eq != std::string::npos && eq > 0;
    for (size_t i = 0; ascii_key && i < eq; ++i) ascii_key = static_cast<unsigned char>(w[i]) < 0x80;
    if (ascii_key) line.options[w.substr(0, eq)] = w.substr(eq + 1);
    else line.words.push_back(std::move(w));
  }
  return line;
}

std::optional<Micros> ParseDurationWord(std::string_view word) {
  Micros v = 0;
  if (!ParseDuration(std::string(word), &v)) return std::nullopt;
  return v;
}

std::optional<Micros> ParseLocalDateTime(std::string_view text, const TimeZone& zone) {
  if (auto ts = ParseRfc3339(text)) return ts->utc;
  int y, mo, d, h, mi, s = 0;
  char sep, extra;
  std::string t(text);
  int n = std::sscanf(t.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%c", &y, &mo, &d, &sep, &h, &mi, &s, &extra);
  if ((n != 6 && n != 7) || (sep != 'T' && sep != ' ') || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
      mi < 0 || mi > 59 || s < 0 || s > 59)
    return std::nullopt;
  int64_t day = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int yy;
  unsigned mm, dd;
  CivilFromDays(day, &yy, &mm, &dd);
  if (static_cast<int>(dd) != d) return std::nullopt;  // 2026-02-30
  return zone.ToUtc(day, h * 60 + mi) + s * kMicrosPerSecond;
}

std::string FormatLocalDateTime(Micros utc, const TimeZone& zone) {
  int minute = zone.LocalMinuteOfDay(utc);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return TimeZone::DayString(zone.LocalDay(utc)) + " " + buf;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string_view t = cur;
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (!t.empty()) out.emplace_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ',') {
      flush();
      ++i;
    } else if (text.substr(i, 3) == "\xEF\xBC\x8C") {  // U+FF0C fullwidth comma
      flush();
      i += 3;
    } else {
      cur.push_back(text[i++]);
    }
  }
  flush();
  return out;
}

}  // namespace shoal
