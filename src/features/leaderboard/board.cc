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
  auto [it, fresh] = scores_.try_emplace(member, 0);
  if (fresh) {
    it->second = delta;
    Insert(member, delta);
    return;
  }
  int64_t old = it->second;
  it->second += delta;
  // Move the set node rather than free and allocate one.
  auto node = order_.extract({-old, member});
  node.value().first = -it->second;
  order_.insert(std::move(node));
  Unlink(old);
  ++distinct_[it->second];
}

int64_t Board::Points(BoardMember member) const {
  auto it = scores_.find(member);
  return it == scores_.end() ? 0 : it->second;
}

int64_t Board::DenseRank(BoardMember member) const {
  auto it = scores_.find(member);
  if (it == scores_.end()) return 0;
  return static_cast<int64_t>(distinct_.order_of_key(it->second)) + 1;
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
  std::vector<std::pair<BoardMember, int64_t>> sorted(scores_.begin(), scores_.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [m, p] : sorted) {
    w.U64(m);
    w.I64(p);
  }
}

bool Board::Load(SnapshotReader& r) {
  scores_.clear();
  order_.clear();
  distinct_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t m = r.U64();
    int64_t p = r.I64();
    if (m > UINT32_MAX || !scores_.emplace(static_cast<BoardMember>(m), p).second) r.Fail();
    else Insert(static_cast<BoardMember>(m), p);
  }
  return r.ok();
}

}  // namespace shoal
