// How concentrated activity is: the share of messages sent by the top fraction
// of speakers (the "20% who drive 80%" claim, measured) and the Gini coefficient.
#pragma once
#include <cstdint>
#include <vector>

namespace shoal::analytics {

struct Concentration {
  int64_t speakers = 0;
  int64_t messages = 0;
  double top_share = 0;  // share of messages from the top `top_fraction` of speakers
  double gini = 0;       // 0 = everyone equal, → 1 = one speaker sends everything
};

// counts: messages per speaker (zeros are ignored); sorted in place.
Concentration MeasureConcentration(std::vector<int64_t>& counts, double top_fraction = 0.2);

}  // namespace shoal::analytics
