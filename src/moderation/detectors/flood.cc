#include "moderation/detectors/flood.h"

#include <algorithm>
#include <map>

namespace shoal {

std::optional<Detection> FloodTracker::Record(const std::string& group, const std::string& member, Micros now,
                                              uint64_t text_hash, size_t chars, const FloodConfig& cfg) {
  if (!cfg.enabled) return std::nullopt;
  auto& q = recent_[group + "\n" + member];
  Micros horizon = now - std::max(cfg.window, cfg.repeat_window);
  while (!q.empty() && q.front().ts < horizon) q.pop_front();
  q.push_back({now, text_hash, static_cast<uint32_t>(std::min<size_t>(chars, 1u << 30))});
  size_t cap = static_cast<size_t>(std::max({cfg.max_messages, cfg.repeats, cfg.short_messages})) + 1;
  while (q.size() > cap) q.pop_front();

  int64_t in_window = 0, same = 0, shorts = 0;
  for (const auto& m : q) {
    if (m.ts >= now - cfg.window) {
      ++in_window;
      if (static_cast<int64_t>(m.chars) <= cfg.short_chars) ++shorts;
    }
    if (m.ts >= now - cfg.repeat_window && m.hash == text_hash) ++same;
  }
  if (cfg.repeats > 0 && same >= cfg.repeats)
    return Detection{"flood", Verdict::kSpam, 0.95, "same text " + std::to_string(same) + " times", "flood:repeat"};
  if (cfg.max_messages > 0 && in_window > cfg.max_messages)
    return Detection{"flood", Verdict::kSpam, 0.95,
                     std::to_string(in_window) + " messages in " + std::to_string(cfg.window / kMicrosPerSecond) + "s",
                     "flood"};
  if (cfg.short_messages > 0 && shorts >= cfg.short_messages)
    return Detection{"flood", Verdict::kSpam, 0.9, std::to_string(shorts) + " short messages", "flood:short"};
  return std::nullopt;
}

void FloodTracker::Prune(Micros now, Micros keep) {
  for (auto it = recent_.begin(); it != recent_.end();) {
    if (it->second.empty() || it->second.back().ts < now - keep) it = recent_.erase(it);
    else ++it;
  }
}

void FloodTracker::Save(SnapshotWriter& w) const {
  std::map<std::string, const std::deque<Recent>*> sorted;
  for (const auto& [k, q] : recent_) sorted.emplace(k, &q);
  w.U64(sorted.size());
  for (const auto& [k, q] : sorted) {
    w.Str(k);
    w.U64(q->size());
    for (const auto& m : *q) {
      w.I64(m.ts);
      w.U64(m.hash);
      w.U64(m.chars);
    }
  }
}

bool FloodTracker::Load(SnapshotReader& r) {
  recent_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string k = r.Str();
    auto& q = recent_[k];
    uint64_t m = r.Count();
    for (uint64_t j = 0; j < m && r.ok(); ++j) {
      Recent e;
      e.ts = r.I64();
      e.hash = r.U64();
      e.chars = static_cast<uint32_t>(r.U64());
      q.push_back(e);
    }
  }
  return r.ok();
}

}  // namespace shoal
