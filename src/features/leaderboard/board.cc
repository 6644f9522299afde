#include "features/leaderboard/board.h"

#include <algorithm>

namespace shoal {

void Board::Insert(const std::string& member, int64_t points) {
  order_.emplace(-points, member);
  if (score_count_[points]++ == 0) distinct_.insert(points);
}

void Board::Erase(const std::string& member, int64_t points) {
  order_.erase({-points, member});
  auto it = score_count_.find(points);
  if (--it->second == 0) {
    score_count_.erase(it);
    distinct_.erase(points);
  }
}

void Board::Add(const std::string& member, int64_t delta) {
  auto [it, fresh] = scores_.try_emplace(member, 0);
  if (!fresh) Erase(member, it->second);
  it->second += delta;
  Insert(member, it->second);
}

int64_t Board::Points(const std::string& member) const {
  auto it = scores_.find(member);
  return it == scores_.end() ? 0 : it->second;
}

int64_t Board::DenseRank(const std::string& member) const {
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
  std::vector<std::pair<std::string, int64_t>> sorted(scores_.begin(), scores_.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [m, p] : sorted) {
    w.Str(m);
    w.I64(p);
  }
}

bool Board::Load(SnapshotReader& r) {
  *this = Board();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string m = r.Str();
    int64_t p = r.I64();
    if (!scores_.emplace(m, p).second) r.Fail();
    else Insert(m, p);
  }
  return r.ok();
}

}  // namespace shoal
