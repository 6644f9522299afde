#include "moderation/detectors/near_dup.h"

#include <algorithm>
#include <bit>
#include <set>

#include "moderation/utf8.h"
#include "shoal/rng.h"

namespace shoal {

uint64_t SimHash(std::string_view t, size_t min_chars) {
  std::vector<char32_t> cps;
  cps.reserve(t.size());
  for (size_t pos = 0; pos < t.size();) {
    char32_t c = utf8::Next(t, &pos);
    // Spacing and punctuation are not content: "上线，注册" and "上线!注册" are the same ad.
    if (c < 0x80 ? !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) : (c >= 0x2000 && c <= 0x2BFF) ||
                                                                             (c >= 0x3000 && c <= 0x303F) ||
                                                                             (c >= 0xFF00 && c <= 0xFF20))
      continue;
    cps.push_back(c);
  }
  if (cps.size() < std::max<size_t>(min_chars, 3)) return 0;
  int32_t acc[64] = {};
  for (size_t i = 0; i + 3 <= cps.size(); ++i) {
    uint64_t h = MixSeed(MixSeed(cps[i], cps[i + 1]), cps[i + 2]);
    for (int b = 0; b < 64; ++b) acc[b] += (h >> b) & 1 ? 1 : -1;
  }
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (acc[b] > 0) out |= uint64_t{1} << b;
  return out == 0 ? 1 : out;
}

static uint64_t BandKey(int band, uint64_t hash) { return (static_cast<uint64_t>(band) << 16) | ((hash >> (16 * band)) & 0xffff); }

void NearDupIndex::Index(uint64_t seq, uint64_t hash) {
  for (int b = 0; b < 4; ++b) bands_[BandKey(b, hash)].push_back(seq);
}

void NearDupIndex::Evict(Micros now, const DupConfig& cfg) {
  while (!entries_.empty() &&
         (entries_.front().ts < now - cfg.window || static_cast<int64_t>(entries_.size()) >= cfg.capacity)) {
    uint64_t h = entries_.front().hash;
    for (int b = 0; b < 4; ++b) {
      auto it = bands_.find(BandKey(b, h));
      if (it == bands_.end()) continue;
      auto& v = it->second;
      v.erase(std::remove(v.begin(), v.end(), first_seq_), v.end());
      if (v.empty()) bands_.erase(it);
    }
    entries_.pop_front();
    ++first_seq_;
  }
}

DupEntry* NearDupIndex::Find(uint64_t seq) {
  if (seq < first_seq_ || seq >= first_seq_ + entries_.size()) return nullptr;
  return &entries_[seq - first_seq_];
}

DupMatch NearDupIndex::Record(uint64_t hash, const std::string& group, const std::string& member,
                              const std::string& msg_id, Micros now, const DupConfig& cfg) {
  DupMatch m;
  if (!cfg.enabled || hash == 0) return m;
  Evict(now, cfg);
  std::set<uint64_t> seen;
  std::set<std::string_view> groups{group}, members{member};
  for (int b = 0; b < 4; ++b) {
    auto it = bands_.find(BandKey(b, hash));
    if (it == bands_.end()) continue;
    for (uint64_t seq : it->second) {
      if (!seen.insert(seq).second) continue;
      const DupEntry* e = Find(seq);
      if (!e || e->ts < now - cfg.window) continue;
      if (std::popcount(e->hash ^ hash) > cfg.max_distance) continue;
      groups.insert(e->group);
      members.insert(e->member);
      if (!e->removed) m.earlier.push_back(seq);
    }
  }
  std::sort(m.earlier.begin(), m.earlier.end());
  m.groups = static_cast<int64_t>(groups.size());
  m.members = static_cast<int64_t>(members.size());
  entries_.push_back({now, hash, group, member, msg_id, false});
  Index(first_seq_ + entries_.size() - 1, hash);
  return m;
}

void NearDupIndex::Save(SnapshotWriter& w) const {
  w.U64(first_seq_);
  w.U64(entries_.size());
  for (const auto& e : entries_) {
    w.I64(e.ts);
    w.U64(e.hash);
    w.Str(e.group);
    w.Str(e.member);
    w.Str(e.msg_id);
    w.Bool(e.removed);
  }
}

bool NearDupIndex::Load(SnapshotReader& r) {
  entries_.clear();
  bands_.clear();
  first_seq_ = r.U64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    DupEntry e;
    e.ts = r.I64();
    e.hash = r.U64();
    e.group = r.Str();
    e.member = r.Str();
    e.msg_id = r.Str();
    e.removed = r.Bool();
    entries_.push_back(std::move(e));
    Index(first_seq_ + entries_.size() - 1, entries_.back().hash);
  }
  return r.ok();
}

}  // namespace shoal
