#include <algorithm>

#include "shoal/feature.h"

namespace shoal {

namespace {
std::vector<FeatureSpec>& Specs() {
  static std::vector<FeatureSpec> specs;
  return specs;
}
}  // namespace

bool FeatureRegistry::Add(FeatureSpec spec) {
  auto& specs = Specs();
  specs.push_back(std::move(spec));
  std::sort(specs.begin(), specs.end(),
            [](const FeatureSpec& a, const FeatureSpec& b) { return std::tie(a.order, a.name) < std::tie(b.order, b.name); });
  return true;
}

const std::vector<FeatureSpec>& FeatureRegistry::All() { return Specs(); }

const FeatureSpec* FeatureRegistry::Find(std::string_view name) {
  for (const auto& s : Specs()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace shoal
