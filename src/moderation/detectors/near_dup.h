// Cross-group near-duplicate detector: a 64-bit SimHash over character trigrams of the
// normalised text, and a tenant-wide index of recent messages searched by 16-bit bands
// (any two hashes within Hamming distance 3 share a band). The same ad posted in several
// groups or by several accounts is a signal no single-group bot can see.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shoal/snapshot_io.h"
#include "shoal/time.h"

namespace shoal {

// 0 when the text is too short (fewer than min_chars code points) to fingerprint.
uint64_t SimHash(std::string_view normalized, size_t min_chars);

struct DupConfig {
  bool enabled = true;
  Micros window = 30 * kMicrosPerMinute;
  int64_t groups = 3;    // near-copies in this many distinct groups …
  int64_t members = 3;   // … or from this many distinct accounts make it a cross-group ad
  int64_t min_chars = 12;
  int64_t max_distance = 3;
  int64_t capacity = 50000;  // recent messages remembered tenant-wide
};

struct DupEntry {
  Micros ts = 0;
  uint64_t hash = 0;
  std::string group, member, msg_id;
  bool removed = false;
};

struct DupMatch {
  int64_t groups = 1;   // distinct groups holding a near-copy, this one included
  int64_t members = 1;  // distinct members who posted one, this one included
  std::vector<uint64_t> earlier;  // sequence numbers of earlier near-copies not yet removed
};

class NearDupIndex {
 public:
  // Looks the message up, then remembers it. hash 0 (too short) matches nothing.
  DupMatch Record(uint64_t hash, const std::string& group, const std::string& member, const std::string& msg_id,
                  Micros now, const DupConfig& cfg);
  DupEntry* Find(uint64_t seq);
  uint64_t last_seq() const { return first_seq_ + entries_.size() - 1; }
  void Save(SnapshotWriter& w) const;
  bool Load(SnapshotReader& r);
  size_t size() const { return entries_.size(); }

 private:
  void Index(uint64_t seq, uint64_t hash);
  void Evict(Micros now, const DupConfig& cfg);
  std::deque<DupEntry> entries_;
  uint64_t first_seq_ = 0;  // sequence number of entries_.front()
  std::unordered_map<uint64_t, std::vector<uint64_t>> bands_;  // (band << 16 | value) -> seqs
};

}  // namespace shoal
