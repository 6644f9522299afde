// The `adapters:` section of the config: one map per platform (telegram, wecom, ...). Each
// adapter registers a reader for its key in its own file, so adding a platform edits no
// central list; unknown keys are reported with a "did you mean" hint.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "shoal/config.h"

namespace shoal {

// Reads and checks one platform's section, reporting problems through it.
using AdapterSectionCheck = std::function<void(ConfigSection& section)>;

struct AdapterSectionSpec {
  std::string name;  // the key under `adapters:`
  AdapterSectionCheck check = nullptr;
};

bool RegisterAdapterSection(AdapterSectionSpec spec);
const std::vector<AdapterSectionSpec>& AdapterSections();

// The node of `adapters.<name>` in a loaded config; undefined or null when it has none.
YAML::Node AdapterSectionNode(const Config& config, const std::string& name);

// Registers `read` (which fills an Options from its section, reporting problems) as the check
// of adapters.<name>; use at namespace scope: `const bool kRegistered = RegisterAdapterReader(...)`.
template <class Options>
bool RegisterAdapterReader(const std::string& name, void (*read)(ConfigSection&, Options*)) {
  return RegisterAdapterSection({name, [read](ConfigSection& section) {
                                   Options unused;
                                   read(section, &unused);
                                 }});
}

// Reads adapters.<name> of a loaded config with `read` (its problems were reported at load);
// false when the section is absent.
template <class Options>
bool ReadAdapterSection(const Config& config, const std::string& name, void (*read)(ConfigSection&, Options*),
                        Options* out) {
  YAML::Node node = AdapterSectionNode(config, name);
  if (!node.IsDefined() || node.IsNull()) return false;
  Diagnostics ignored;
  ConfigSection section(node, "adapters." + name, config.file, &ignored);
  read(section, out);
  return true;
}

// Checks every platform section under `adapters` (the caller has made it a child of the root).
void CheckAdapterSections(ConfigSection& adapters);

}  // namespace shoal
