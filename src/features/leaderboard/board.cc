#include "features/leaderboard/board.h"

#include <algorithm>

namespace shoal {

void Board::Insert(BoardMember member, int64_t points) {
  order_.emplace(-points, member);
  ++distinct_[points];
}

void Board::Unlink(int64_t points) {
  auto it = distinct_.find(points);
  if (--it->second == 0) distinct_.erase(it);
}

void Board::Add(BoardMember member, int64_t delta) {
  bool fresh = false;
  int64_t& points = scores_.Upsert(member, &fresh);
  if (fresh) {
    points = delta;
    Insert(member, delta);
    return;
  }
  int64_t old = points;
  points += delta;
  // Move the set node rather than free and allocate one.
  auto node = order_.extract({-old, member});
  node.value().first = -points;
  order_.insert(std::move(node));
  Unlink(old);
  ++distinct_[points];
}

int64_t Board::Points(BoardMember member) const {
  const int64_t* points = scores_.Find(member);
  return points ? *points : 0;
}

int64_t Board::DenseRank(BoardMember member) const {
  const int64_t* points = scores_.Find(member);
  if (!points) return 0;
  return static_cast<int64_t>(distinct_.order_of_key(*points)) + 1;
}

std::vector<BoardRow> Board::Top(size_t max_rows, int64_t max_rank) const {
  std::vector<BoardRow> rows;
  int64_t rank = 0, last = 0;
  for (const auto& [neg, member] : order_) {
    if (rows.size() == max_rows) break;
    if (rows.empty() || -neg != last) {
      ++rank;
      last = -neg;
    }
    if (rank > max_rank) break;
    rows.push_back({rank, member, -neg});
  }
  return rows;
}

void Board::Save(SnapshotWriter& w) const {
  w.U64(order_.size());
  std::vector<std::pair<uint64_t, int64_t>> sorted;
  sorted.reserve(scores_.size());
  scores_.ForEach([&](uint64_t m, int64_t p) { sorted.emplace_back(m, p); });
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [m, p] : sorted) {
    w.U64(m);
    w.I64(p);
  }
}

bool Board::Load(SnapshotReader& r) {
  scores_.Clear();
  order_.clear();
  distinct_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t m = r.U64();
    int64_t p = r.I64();
    bool fresh = false;
    if (m > UINT32_MAX) {
      r.Fail();
      break;
    }
    scores_.Upsert(m, &fresh) = p;
    if (!fresh) r.Fail();  // a member twice: corrupt
    else Insert(static_cast<BoardMember>(m), p);
  }
  return r.ok();
}

}  // namespace shoal
