// One leaderboard: points per member, kept ordered so the top N, a member's
// dense rank and score are O(log n + N) without scanning every member.
// Dense ranks: equal points share a rank and the next distinct score is rank+1.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include "shoal/snapshot_io.h"

namespace shoal {

struct BoardRow {
  int64_t rank;
  std::string member;
  int64_t points;
};

class Board {
 public:
  void Add(const std::string& member, int64_t delta);
  int64_t Points(const std::string& member) const;
  // 1 = the highest score; 0 when the member is not on this board.
  int64_t DenseRank(const std::string& member) const;
  // The first max_rows rows with dense rank ≤ max_rank, best first, ties by member id.
  // Cost is O(rows returned): only the head of the order is visited.
  std::vector<BoardRow> Top(size_t max_rows, int64_t max_rank = INT64_MAX) const;
  size_t size() const { return scores_.size(); }

  void Save(SnapshotWriter& w) const;  // members sorted: deterministic bytes
  bool Load(SnapshotReader& r);

 private:
  using ScoreTree = __gnu_pbds::tree<int64_t, __gnu_pbds::null_type, std::greater<int64_t>,
                                     __gnu_pbds::rb_tree_tag, __gnu_pbds::tree_order_statistics_node_update>;
  void Insert(const std::string& member, int64_t points);
  void Erase(const std::string& member, int64_t points);

  std::unordered_map<std::string, int64_t> scores_;  // lookups only; never iterated into output
  std::set<std::pair<int64_t, std::string>> order_;  // (-points, member)
  std::unordered_map<int64_t, int64_t> score_count_;  // members holding each distinct score
  ScoreTree distinct_;                                // distinct scores, highest first
};

}  // namespace shoal
