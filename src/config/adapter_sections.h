// The `adapters:` section of the config: one map per platform (telegram, wecom, ...). Each
// adapter registers a reader for its key in its own file, so adding a platform edits no
// central list; unknown keys are reported with a "did you mean" hint.
#pragma once
#include <string>
#include <vector>

#include "shoal/config.h"

namespace shoal {

// Reads and checks one platform's section, reporting problems through it.
using AdapterSectionCheck = void (*)(ConfigSection& section);

struct AdapterSectionSpec {
  std::string name;  // the key under `adapters:`
  AdapterSectionCheck check = nullptr;
};

bool RegisterAdapterSection(AdapterSectionSpec spec);
const std::vector<AdapterSectionSpec>& AdapterSections();

// The node of `adapters.<name>` in a loaded config; undefined or null when it has none.
YAML::Node AdapterSectionNode(const Config& config, const std::string& name);

// Checks every platform section under `adapters` (the caller has made it a child of the root).
void CheckAdapterSections(ConfigSection& adapters);

}  // namespace shoal
