// One leaderboard: points per member, kept ordered so the top N, a member's
// dense rank and score are O(log n + N) without scanning every member.
// Dense ranks: equal points share a rank and the next distinct score is rank+1.
// Members are small integer ids (the Leaderboard interns them); equal scores
// are listed by id, i.e. in the order members first reached any board.
#pragma once
#include <cstdint>
#include <functional>
#include <set>
#include <vector>

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include "shoal/flat_map.h"
#include "shoal/snapshot_io.h"

namespace shoal {

using BoardMember = uint32_t;

struct BoardRow {
  int64_t rank;
  BoardMember member;
  int64_t points;
};

class Board {
 public:
  void Add(BoardMember member, int64_t delta);
  int64_t Points(BoardMember member) const;
  // 1 = the highest score; 0 when the member is not on this board.
  int64_t DenseRank(BoardMember member) const;
  // The first max_rows rows with dense rank ≤ max_rank, best first.
  // Cost is O(log n + rows returned): only the head of the order is visited.
  std::vector<BoardRow> Top(size_t max_rows, int64_t max_rank = INT64_MAX) const;
  size_t size() const { return scores_.size(); }

  void Save(SnapshotWriter& w) const;  // members sorted: deterministic bytes
  bool Load(SnapshotReader& r);

 private:
  // Distinct scores, highest first, each with how many members hold it; order_of_key gives dense ranks.
  using ScoreTree = __gnu_pbds::tree<int64_t, int64_t, std::greater<int64_t>, __gnu_pbds::rb_tree_tag,
                                     __gnu_pbds::tree_order_statistics_node_update>;
  void Insert(BoardMember member, int64_t points);
  void Unlink(int64_t points);

  FlatMap<int64_t> scores_;                            // member -> points; sorted before output
  std::set<std::pair<int64_t, BoardMember>> order_;    // (-points, member)
  ScoreTree distinct_;
};

}  // namespace shoal
