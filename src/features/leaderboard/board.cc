#include "features/leaderboard/board.h"

namespace shoal {

void Board::Link(uint32_t slot) {
  Node& n = nodes_[slot];
  Bucket& b = buckets_[n.points];
  n.prev = b.tail;
  n.next = kNil;
  if (b.tail == kNil) b.head = slot;
  else nodes_[b.tail].next = slot;
  b.tail = slot;
}

void Board::Unlink(uint32_t slot) {
  Node& n = nodes_[slot];
  auto it = buckets_.find(n.points);
  Bucket& b = it->second;
  if (n.prev == kNil) b.head = n.next;
  else nodes_[n.prev].next = n.next;
  if (n.next == kNil) b.tail = n.prev;
  else nodes_[n.next].prev = n.prev;
  if (b.head == kNil) buckets_.erase(it);
}

void Board::Add(BoardMember member, int64_t delta) {
  bool fresh = false;
  uint32_t& slot = slot_of_.Upsert(member, &fresh);
  if (fresh) {
    slot = static_cast<uint32_t>(nodes_.size());
    nodes_.push_back({member, delta});
    Link(slot);
    return;
  }
  Unlink(slot);
  nodes_[slot].points += delta;
  Link(slot);
}

int64_t Board::Points(BoardMember member) const {
  const uint32_t* slot = slot_of_.Find(member);
  return slot ? nodes_[*slot].points : 0;
}

int64_t Board::DenseRank(BoardMember member) const {
  const uint32_t* slot = slot_of_.Find(member);
  if (!slot) return 0;
  return static_cast<int64_t>(buckets_.order_of_key(nodes_[*slot].points)) + 1;
}

std::vector<BoardRow> Board::Top(size_t max_rows, int64_t max_rank) const {
  std::vector<BoardRow> rows;
  int64_t rank = 0;
  for (auto it = buckets_.begin(); it != buckets_.end() && rows.size() < max_rows; ++it) {
    if (++rank > max_rank) break;
    for (uint32_t s = it->second.head; s != kNil && rows.size() < max_rows; s = nodes_[s].next)
      rows.push_back({rank, nodes_[s].member, it->first});
  }
  return rows;
}

void Board::Save(SnapshotWriter& w) const {
  w.U64(buckets_.size());
  for (const auto& [points, bucket] : buckets_) {
    w.I64(points);
    size_t count = 0;
    for (uint32_t s = bucket.head; s != kNil; s = nodes_[s].next) ++count;
    w.U64(count);
    for (uint32_t s = bucket.head; s != kNil; s = nodes_[s].next) w.U64(nodes_[s].member);
  }
}

bool Board::Load(SnapshotReader& r) {
  slot_of_.Clear();
  nodes_.clear();
  buckets_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int64_t points = r.I64();
    uint64_t count = r.Count();
    if (count == 0 || buckets_.find(points) != buckets_.end()) r.Fail();  // empty or repeated bucket: corrupt
    for (uint64_t j = 0; j < count && r.ok(); ++j) {
      uint64_t m = r.U64();
      bool fresh = false;
      if (m > UINT32_MAX - 1) {
        r.Fail();
        break;
      }
      uint32_t& slot = slot_of_.Upsert(m, &fresh);
      if (!fresh) {
        r.Fail();  // a member twice: corrupt
        break;
      }
      slot = static_cast<uint32_t>(nodes_.size());
      nodes_.push_back({static_cast<BoardMember>(m), points});
      Link(slot);
    }
  }
  return r.ok();
}

}  // namespace shoal
