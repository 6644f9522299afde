#include "schedule/due_index.h"

namespace shoal {

void DueIndex::Assign(const std::vector<Micros>& dues) {
  heap_.clear();
  pos_.assign(dues.size(), kAbsent);
  for (uint32_t id = 0; id < dues.size(); ++id) {
    if (dues[id] != INT64_MAX) heap_.push_back({dues[id], id});
  }
  for (size_t i = 0; i < heap_.size(); ++i) pos_[heap_[i].id] = static_cast<uint32_t>(i);
  for (size_t i = heap_.size() / 2; i-- > 0;) Down(i);
}

Micros DueIndex::Due(uint32_t id) const {
  return id < pos_.size() && pos_[id] != kAbsent ? heap_[pos_[id]].due : INT64_MAX;
}

void DueIndex::Set(uint32_t id, Micros due) {
  if (id >= pos_.size()) pos_.resize(id + 1, kAbsent);
  uint32_t at = pos_[id];
  if (due == INT64_MAX) {
    if (at == kAbsent) return;
    pos_[id] = kAbsent;
    Slot last = heap_.back();
    heap_.pop_back();
    if (at == heap_.size()) return;
    Place(at, last);
    Up(at);
    Down(pos_[last.id]);
    return;
  }
  if (at == kAbsent) {
    heap_.push_back({due, id});
    pos_[id] = static_cast<uint32_t>(heap_.size() - 1);
    Up(heap_.size() - 1);
    return;
  }
  heap_[at].due = due;
  Up(at);
  Down(pos_[id]);
}

void DueIndex::Up(size_t i) {
  Slot s = heap_[i];
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!(s < heap_[parent])) break;
    Place(i, heap_[parent]);
    i = parent;
  }
  Place(i, s);
}

void DueIndex::Down(size_t i) {
  Slot s = heap_[i];
  size_t n = heap_.size();
  for (;;) {
    size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && heap_[child + 1] < heap_[child]) ++child;
    if (!(heap_[child] < s)) break;
    Place(i, heap_[child]);
    i = child;
  }
  Place(i, s);
}

}  // namespace shoal
