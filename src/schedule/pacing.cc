#include "schedule/pacing.h"

#include <algorithm>

namespace shoal {

std::vector<PacedSend> Pace(Micros start, const std::vector<PaceItem>& items, const PacingConfig& cfg, Rng& rng,
                            PaceLanes* lanes) {
  size_t n = items.size();
  // A shuffled order spreads the groups over the window, so no group is always first;
  // with no window the groups keep their order.
  std::vector<uint32_t> order(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  if (cfg.spread > 0)
    for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.Below(i)]);
  struct Want {
    Micros at;
    uint32_t index;
  };
  std::vector<Want> want(n);
  for (size_t k = 0; k < n; ++k) {
    Micros offset = n > 1 ? static_cast<Micros>(static_cast<__int128>(cfg.spread) * static_cast<Micros>(k) /
                                                 static_cast<Micros>(n))
                          : 0;
    if (cfg.jitter > 0) offset += static_cast<Micros>(rng.Below(static_cast<uint64_t>(cfg.jitter) + 1));
    want[k] = {start + offset, order[k]};
  }
  std::stable_sort(want.begin(), want.end(), [](const Want& a, const Want& b) { return a.at < b.at; });
  // Greedy in wanted order: each send takes the later of its wish and its lanes' next free instant.
  std::vector<PacedSend> out;
  out.reserve(n);
  for (const Want& w : want) {
    const PaceItem& it = items[w.index];
    if (it.account >= lanes->account_free.size()) lanes->account_free.resize(it.account + 1, INT64_MIN);
    if (it.platform >= lanes->platform_free.size()) lanes->platform_free.resize(it.platform + 1, INT64_MIN);
    Micros gap = it.platform < lanes->platform_gap.size() ? lanes->platform_gap[it.platform] : 0;
    Micros at = std::max({w.at, lanes->account_free[it.account], lanes->platform_free[it.platform]});
    lanes->account_free[it.account] = at + cfg.account_gap;
    lanes->platform_free[it.platform] = at + gap;
    out.push_back({at, it.target});
  }
  std::stable_sort(out.begin(), out.end(), [](const PacedSend& a, const PacedSend& b) { return a.at < b.at; });
  return out;
}

}  // namespace shoal
