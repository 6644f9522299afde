// Flood detector: too many messages in a short time, the same text again and again, or a
// burst of very short messages, per member and group. Keeps only the last few messages
// of each member, so memory is bounded by the active members.
#pragma once
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include "moderation/detection.h"
#include "shoal/snapshot_io.h"
#include "shoal/time.h"

namespace shoal {

struct FloodConfig {
  bool enabled = true;
  int64_t max_messages = 8;                 // more than this many in `window` is a flood
  Micros window = 10 * kMicrosPerSecond;
  int64_t repeats = 3;                      // the same normalised text this many times in repeat_window
  Micros repeat_window = 5 * kMicrosPerMinute;
  int64_t short_messages = 6;               // this many messages of ≤ short_chars in `window`
  int64_t short_chars = 2;
};

class FloodTracker {
 public:
  // Records one message; returns a detection (reason "flood" / "flood:repeat" / "flood:short")
  // when it makes the member a flooder.
  std::optional<Detection> Record(const std::string& group, const std::string& member, Micros now,
                                  uint64_t text_hash, size_t chars, const FloodConfig& cfg);
  // Forgets members idle for longer than `keep` (called now and then; output does not depend on it).
  void Prune(Micros now, Micros keep);
  void Save(SnapshotWriter& w) const;
  bool Load(SnapshotReader& r);
  size_t tracked() const { return recent_.size(); }

 private:
  struct Recent {
    Micros ts;
    uint64_t hash;
    uint32_t chars;
  };
  std::unordered_map<std::string, std::deque<Recent>> recent_;  // "group\nmember"
};

}  // namespace shoal
