#include "config/adapter_sections.h"

namespace shoal {

std::string ClosestName(const std::string& word, const std::vector<std::string>& known);  // config_section.cc

namespace {

std::vector<AdapterSectionSpec>& Registry() {
  static std::vector<AdapterSectionSpec> specs;
  return specs;
}

}  // namespace

bool RegisterAdapterSection(AdapterSectionSpec spec) {
  Registry().push_back(std::move(spec));
  return true;
}

const std::vector<AdapterSectionSpec>& AdapterSections() { return Registry(); }

YAML::Node AdapterSectionNode(const Config& config, const std::string& name) {
  YAML::Node adapters = config.root.IsMap() ? config.root["adapters"] : YAML::Node();
  return adapters.IsDefined() && adapters.IsMap() ? adapters[name] : YAML::Node();
}

void CheckAdapterSections(ConfigSection& adapters) {
  if (!adapters.Present()) return;
  for (const auto& spec : AdapterSections()) {
    if (!adapters.Has(spec.name)) {
      (void)adapters.Raw(spec.name);  // known, even when absent
      continue;
    }
    ConfigSection section = adapters.Child(spec.name);
    spec.check(section);
    section.Finish();
  }
  adapters.Finish();  // an unknown platform key is reported here, with a hint
}

}  // namespace shoal
