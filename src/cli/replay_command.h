// `shoal replay` and `shoal report`: run the engine over a JSONL file of
// canonical events with no network. Bad lines are reported with their line
// number and skipped (or stop the run with stop_on_error); valid lines are never lost.
#pragma once
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "shoal/engine.h"

namespace shoal {

struct ReplayOptions {
  bool stop_on_error = false;
  bool progress = false;  // progress lines on stderr for long files
  std::ostream* errors = nullptr;  // one line per rejected event
};

struct ReplayResult {
  uint64_t lines = 0;
  uint64_t accepted = 0;
  uint64_t rejected = 0;
  uint64_t actions = 0;
  bool stopped_early = false;
  std::string io_error;  // set when the input could not be read
};

// Streams events from `in` through the engine; each action is passed to on_action as a JSON line.
ReplayResult ReplayStream(std::istream& in, Engine& engine, const ReplayOptions& options,
                          const std::function<void(const std::string& json_line)>& on_action);

}  // namespace shoal
