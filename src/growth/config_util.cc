#include "growth/config_util.h"

namespace shoal {

Micros ReadTime(ConfigSection& s, const std::string& key) {
  if (!s.Has(key)) return 0;
  std::string text = s.Str(key);
  std::string why;
  auto ts = ParseRfc3339(text, &why);
  if (!ts) {
    s.Error(key, "'" + text + "' is not a time: " + why, "write e.g. 2026-03-01T20:00:00+08:00");
    return 0;
  }
  return ts->utc;
}

int64_t ReadCapacity(ConfigSection& s, const std::string& key, int64_t fallback) {
  if (!s.Has(key)) return fallback;
  int64_t v = s.Int(key, fallback, 0, 1'000'000);
  if (v == 0) {
    s.Error(key, "capacity 0 admits nobody", "give the number of seats (e.g. 199 when the bot takes one of 200)");
    return fallback;
  }
  return v;
}

bool GroupInScope(ConfigSection& s, const std::string& key, const std::string& group, const FeatureEnv& env) {
  const CommunityConfig* owner = nullptr;
  if (!env.config.FindGroup(group, &owner)) {
    s.Error(key, "unknown group '" + group + "'", "list it under a community's groups");
    return false;
  }
  return env.community == nullptr || owner == env.community;
}

}  // namespace shoal
