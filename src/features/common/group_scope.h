// Which of a community's groups a feature acts in, read from a `groups:` list.
// A tenant-wide list may name groups of several communities: each community
// keeps its own; a name no community knows is a config error.
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/config.h"
#include "shoal/feature.h"

namespace shoal {

struct GroupScope {
  bool all = true;                            // no list: every group of the community
  std::set<std::string, std::less<>> listed;  // this community's listed groups
  bool Contains(std::string_view group) const { return all || listed.count(group) > 0; }
  // The groups to visit on a timer, in config order.
  std::vector<std::string> Groups(const CommunityConfig* community) const;
};

GroupScope ReadGroupScope(ConfigSection& section, const std::string& key, const FeatureEnv& env);

// The group's configured name, else its id.
std::string GroupName(const Config& config, std::string_view group);

}  // namespace shoal
