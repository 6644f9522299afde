// Deterministic randomness. Every random choice in the engine comes from an Rng
// seeded from the tenant seed and the event being applied, so replays repeat it.
#pragma once
#include <cstddef>
#include <cstdint>

namespace shoal {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {  // SplitMix64: tiny, fast, good enough for splits and lotteries
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) without modulo bias; n > 0.
  uint64_t Below(uint64_t n);
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1)); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

// Mixes values into a seed (order-sensitive).
uint64_t MixSeed(uint64_t a, uint64_t b);
uint64_t HashString(const char* data, size_t size);  // FNV-1a 64, stable across builds

}  // namespace shoal
