// Config loader: any text either loads into a config with at least one community, or is
// refused with at least one diagnostic that says where; never a crash (deep YAML included).
#include <string>

#include "fuzz/fuzz_target.h"
#include "shoal/config.h"

SHOAL_FUZZ_TARGET(config) {
  if (size > 64 * 1024) return;
  std::string text(reinterpret_cast<const char*>(data), size);
  shoal::Diagnostics diag;
  auto cfg = shoal::LoadConfigString(text, "fuzz.yaml", &diag);
  if (cfg) {
    FUZZ_CHECK(!cfg->communities.empty());
    for (const auto& c : cfg->communities) {
      for (const auto& g : c.groups) FUZZ_CHECK(cfg->FindGroup(g.id) == &g);
    }
  } else {
    FUZZ_CHECK(diag.error_count() > 0);
  }
}
