// One leaderboard: points per member, kept ordered so the top N, a member's
// dense rank and score are cheap without scanning every member.
// Members sharing a score sit in one bucket (a linked list, in the order they
// reached that score); buckets live in an order-statistics tree keyed by score,
// so an update is O(log distinct scores), a dense rank is the number of higher
// buckets, and the top N walks only the head. Dense ranks: equal points share a
// rank and the next distinct score is rank+1.
#pragma once
#include <cstdint>
#include <functional>
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
  // The first max_rows rows with dense rank ≤ max_rank, best first; equal
  // scores in the order the members reached them.
  std::vector<BoardRow> Top(size_t max_rows, int64_t max_rank = INT64_MAX) const;
  size_t size() const { return nodes_.size(); }

  void Save(SnapshotWriter& w) const;  // buckets in order: exactly what Load rebuilds
  bool Load(SnapshotReader& r);

 private:
  static constexpr uint32_t kNil = UINT32_MAX;
  struct Node {
    BoardMember member;
    int64_t points;
    uint32_t prev = kNil, next = kNil;
  };
  struct Bucket {
    uint32_t head = kNil, tail = kNil;
  };
  using BucketTree = __gnu_pbds::tree<int64_t, Bucket, std::greater<int64_t>, __gnu_pbds::rb_tree_tag,
                                      __gnu_pbds::tree_order_statistics_node_update>;
  void Link(uint32_t slot);    // append to its score's bucket
  void Unlink(uint32_t slot);  // remove from its bucket, dropping the bucket when empty

  FlatMap<uint32_t> slot_of_;  // member -> index into nodes_
  std::vector<Node> nodes_;
  BucketTree buckets_;
};

}  // namespace shoal
