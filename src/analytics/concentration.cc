#include "analytics/concentration.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace shoal::analytics {

Concentration MeasureConcentration(std::vector<int64_t>& counts, double top_fraction) {
  Concentration c;
  counts.erase(std::remove_if(counts.begin(), counts.end(), [](int64_t v) { return v <= 0; }), counts.end());
  if (counts.empty()) return c;
  std::sort(counts.begin(), counts.end(), std::greater<>());
  c.speakers = static_cast<int64_t>(counts.size());
  for (int64_t v : counts) c.messages += v;
  // At least one speaker counts as "the top", so one speaker alone owns 100%.
  size_t top = std::max<size_t>(1, static_cast<size_t>(std::ceil(top_fraction * counts.size() - 1e-9)));
  int64_t top_messages = 0;
  for (size_t i = 0; i < top; ++i) top_messages += counts[i];
  c.top_share = static_cast<double>(top_messages) / c.messages;
  // Gini over the ascending order: sum((2i - n - 1) x_i) / (n sum x).
  double n = static_cast<double>(counts.size()), weighted = 0;
  for (size_t k = 0; k < counts.size(); ++k) {
    double i = static_cast<double>(counts.size() - k);  // rank in ascending order, 1-based
    weighted += (2 * i - n - 1) * static_cast<double>(counts[k]);
  }
  c.gini = weighted / (n * static_cast<double>(c.messages));
  return c;
}

}  // namespace shoal::analytics
