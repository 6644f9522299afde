// The next-due index: which of many entries comes due first, without scanning.
// An indexed binary min-heap over dense entry ids keyed by (due, id): top in O(1),
// set/remove in O(log n), 20 bytes per entry. Ties fire in id order, so equal
// state gives equal order (replays repeat it).
#pragma once
#include <cstdint>
#include <vector>

#include "shoal/time.h"

namespace shoal {

class DueIndex {
 public:
  // Ids 0..n-1 with these dues (INT64_MAX = not scheduled); O(n).
  void Assign(const std::vector<Micros>& dues);
  // Sets an id's due (INT64_MAX removes it); ids grow the index as needed.
  void Set(uint32_t id, Micros due);
  Micros Due(uint32_t id) const;  // INT64_MAX when not scheduled
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  uint32_t Top() const { return heap_.front().id; }
  Micros TopDue() const { return heap_.empty() ? INT64_MAX : heap_.front().due; }
  size_t MemoryBytes() const { return heap_.capacity() * sizeof(Slot) + pos_.capacity() * sizeof(uint32_t); }

 private:
  static constexpr uint32_t kAbsent = UINT32_MAX;
  struct Slot {
    Micros due;
    uint32_t id;
    bool operator<(const Slot& o) const { return due != o.due ? due < o.due : id < o.id; }
  };
  void Up(size_t i);
  void Down(size_t i);
  void Place(size_t i, const Slot& s) {
    heap_[i] = s;
    pos_[s.id] = static_cast<uint32_t>(i);
  }
  std::vector<Slot> heap_;
  std::vector<uint32_t> pos_;  // id -> heap index, kAbsent when not scheduled
};

}  // namespace shoal
