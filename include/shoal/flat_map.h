// FlatMap: an open-addressing hash map from uint64 keys to values, for the
// engine's hot paths (memberships, per-member counters). One probe sequence in
// one array instead of a node per entry: far fewer cache misses than
// std::unordered_map. No erase (the engine only grows these); Clear() resets.
// Iteration order is unspecified: sort keys before anything reaches output.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace shoal {

template <class V>
class FlatMap {
 public:
  static constexpr uint64_t kEmpty = ~0ULL;  // the one key that cannot be stored

  V* Find(uint64_t key) {
    if (slots_.empty()) return nullptr;
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].first == key) return &slots_[i].second;
      if (slots_[i].first == kEmpty) return nullptr;
    }
  }
  const V* Find(uint64_t key) const { return const_cast<FlatMap*>(this)->Find(key); }

  // Returns the value for key, default-constructing it when absent; *inserted tells which.
  V& Upsert(uint64_t key, bool* inserted = nullptr) {
    if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].first == key) {
        if (inserted) *inserted = false;
        return slots_[i].second;
      }
      if (slots_[i].first == kEmpty) {
        slots_[i].first = key;
        slots_[i].second = V{};
        ++size_;
        if (inserted) *inserted = true;
        return slots_[i].second;
      }
    }
  }
  V& operator[](uint64_t key) { return Upsert(key); }

  size_t size() const { return size_; }
  void Clear() {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
  }
  void Reserve(size_t n) {
    while (slots_.size() * 3 < n * 4) Grow();
  }
  template <class F>
  void ForEach(F&& f) const {
    for (const auto& s : slots_) {
      if (s.first != kEmpty) f(s.first, s.second);
    }
  }

 private:
  size_t Slot(uint64_t key) const {
    uint64_t h = key * 0x9e3779b97f4a7c15ULL;  // Fibonacci hashing spreads dense ids
    return static_cast<size_t>(h ^ (h >> 29)) & mask_;
  }
  void Grow() {
    std::vector<std::pair<uint64_t, V>> old = std::move(slots_);
    size_t n = old.empty() ? 16 : old.size() * 2;
    slots_.assign(n, {kEmpty, V{}});
    mask_ = n - 1;
    size_ = 0;
    for (auto& s : old) {
      if (s.first != kEmpty) Upsert(s.first) = std::move(s.second);
    }
  }

  std::vector<std::pair<uint64_t, V>> slots_;
  size_t size_ = 0;
  size_t mask_ = 0;
};

// FlatMap's keys, sorted (see SortedKeys in snapshot_io.h).
template <class V>
std::vector<uint64_t> SortedKeys(const FlatMap<V>& m) {
  std::vector<uint64_t> keys;
  keys.reserve(m.size());
  m.ForEach([&](uint64_t k, const V&) { keys.push_back(k); });
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace shoal
