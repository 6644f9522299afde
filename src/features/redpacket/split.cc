#include "features/redpacket/split.h"

#include <algorithm>

namespace shoal {

std::vector<int64_t> SplitTwiceMean(int64_t total, int64_t count, Rng& rng) {
  std::vector<int64_t> amounts;
  amounts.reserve(static_cast<size_t>(count));
  int64_t remaining = total;
  for (int64_t left = count; left > 1; --left) {
    // Keep at least 1 for each packet still to come.
    int64_t hi = std::min(2 * remaining / left - 1, remaining - (left - 1));
    int64_t amount = hi <= 1 ? 1 : rng.Between(1, hi);
    amounts.push_back(amount);
    remaining -= amount;
  }
  amounts.push_back(remaining);
  return amounts;
}

}  // namespace shoal
