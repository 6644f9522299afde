#include "features/common/group_scope.h"

namespace shoal {

std::vector<std::string> GroupScope::Groups(const CommunityConfig* community) const {
  std::vector<std::string> out;
  if (!community) return out;
  for (const auto& g : community->groups) {
    if (Contains(g.id)) out.push_back(g.id);
  }
  return out;
}

GroupScope ReadGroupScope(ConfigSection& section, const std::string& key, const FeatureEnv& env) {
  GroupScope scope;
  if (!section.Has(key)) return scope;
  scope.all = false;
  for (const auto& g : section.Strings(key)) {
    const CommunityConfig* owner = nullptr;
    if (!env.config.FindGroup(g, &owner)) section.Error(key, "unknown group '" + g + "'", "list groups by id, e.g. qq:123");
    else if (!env.community || owner == env.community) scope.listed.insert(g);
  }
  return scope;
}

std::string GroupName(const Config& config, std::string_view group) {
  const GroupConfig* g = config.FindGroup(group);
  return g && !g->name.empty() ? g->name : std::string(group);
}

}  // namespace shoal
