// Operator and member chat commands ("/signup open 周六徒步 cap=20 fields=姓名,城市"):
// splitting on ASCII and ideographic spaces, key=value options, durations and
// local date-times written the way operators type them.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/time.h"
#include "shoal/zone.h"

namespace shoal {

// The text after `command` when text is exactly the command or the command and a space; nullopt otherwise.
std::optional<std::string_view> CommandRest(std::string_view text, std::string_view command);

// Words separated by ASCII whitespace or U+3000.
std::vector<std::string> SplitWords(std::string_view text);

// Positional words and key=value options (keys are ASCII; a value may itself contain '=').
struct CommandLine {
  std::vector<std::string> words;
  std::map<std::string, std::string, std::less<>> options;
};
CommandLine ParseCommandLine(std::string_view args);

// "90s", "10m", "2h", "7d", "1w" (the config grammar); nullopt otherwise.
std::optional<Micros> ParseDurationWord(std::string_view word);

// A local date-time in `zone`: "2026-11-28T18:00", "2026-11-28T18:00:30", or RFC 3339 with an offset.
std::optional<Micros> ParseLocalDateTime(std::string_view text, const TimeZone& zone);

// "2026-11-28 18:00" in `zone` (for replies and reports).
std::string FormatLocalDateTime(Micros utc, const TimeZone& zone);

// Comma-separated items (ASCII ',' or '，'), empty items dropped.
std::vector<std::string> SplitList(std::string_view text);

}  // namespace shoal
