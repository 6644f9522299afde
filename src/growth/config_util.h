// Config readers the growth features share: absolute times, capacities and
// group references, each reporting a clear error at the key.
#pragma once
#include <string>

#include "shoal/config.h"
#include "shoal/feature.h"

namespace shoal {

// An RFC 3339 time at `key` (e.g. 2026-03-01T20:00:00+08:00); 0 when absent or bad (reported).
Micros ReadTime(ConfigSection& s, const std::string& key);

// A seat limit at `key`: absent = fallback; 0 or less is an error (a group nobody can enter).
int64_t ReadCapacity(ConfigSection& s, const std::string& key, int64_t fallback);

// Whether `group` may be used by a feature of this env's community: an unknown group is an
// error at `key`; a group of another community is skipped (tenant-wide sections reach every community).
bool GroupInScope(ConfigSection& s, const std::string& key, const std::string& group, const FeatureEnv& env);

}  // namespace shoal
