// Scenario files: readable behaviour tests in the spirit of DuckDB's
// sqllogictest. A file is a config (merged over tests/scenarios/base.yaml),
// then events in and the actions expected out, line by line:
//
//   # comment
//   config                      YAML until a line `end`, merged over the base config
//   time 2026-01-05T09:00:00+08:00   the clock for events without "ts" (also `time +5m`)
//   > {"type":"join","group":"qq:1","member":"qq:7","name":"小明"}
//   < {"action":"send","group":"qq:1","reason":"welcome"}   expected action (fields given must match)
//   <~ {"text":"欢迎"}          like <, but string fields match as substrings
//   reject unknown group        the event above must be rejected with this text in the error
//   tick +1h                    advance time (timers fire); expect their actions with < lines
//   report /communities/c1/features/checkin/members/qq:7/streak = 3
//   restart                     snapshot, build a fresh engine, restore (state must survive)
//
// After each `>` or `tick`, every emitted action must be matched, in order.
#pragma once
#include <string>
#include <vector>

namespace shoal {

struct ScenarioResult {
  bool ok = true;
  std::vector<std::string> failures;  // "file:line: what differed"
  int events = 0;
  int expectations = 0;
};

struct ScenarioOptions {
  std::string base_config_path;  // merged under the file's config block; may be empty
  // Snapshot and restore the engine before every event: proves every feature's Save/Load.
  bool restart_before_each_event = false;
};

ScenarioResult RunScenarioFile(const std::string& path, const ScenarioOptions& options);
ScenarioResult RunScenarioText(const std::string& text, const std::string& name, const ScenarioOptions& options);

}  // namespace shoal
