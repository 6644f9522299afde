// The red-packet split ("two times the mean"): each packet in turn draws
// uniformly from [1, 2 × remaining / packets left − 1], the last takes the rest.
// Every packet gets at least 1 and the amounts sum to the total exactly.
#pragma once
#include <cstdint>
#include <vector>

#include "shoal/rng.h"

namespace shoal {

// Requires 1 <= count <= total.
std::vector<int64_t> SplitTwiceMean(int64_t total, int64_t count, Rng& rng);

}  // namespace shoal
