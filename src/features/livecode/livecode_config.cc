// Reads features.livecode and registers the feature (community scope, order 220).
//   livecode:
//     pools:
//       - {code: jobs, name: 求职群活码, groups: ["qq:1", "qq:2"], capacity: 199, base_name: 求职群,
//          links: {"qq:1": "https://…", "qq:2": "https://…"}}
#include <algorithm>
#include <set>

#include "features/common/text_template.h"
#include "features/livecode/livecode.h"
#include "growth/config_util.h"
#include "growth/invite_event.h"

namespace shoal {

namespace {

std::unique_ptr<Feature> CreateLiveCode(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  std::vector<LivePool> pools;
  std::set<std::string> codes;
  for (ConfigSection& ps : s.List("pools")) {
    LivePool p;
    p.code = ps.RequiredStr("code");
    if (!p.code.empty() && !IsInviteCode(p.code))
      ps.Error("code", "'" + p.code + "' is not an invite code", "1-64 letters, digits, '-', '_' or '.'");
    if (!codes.insert(p.code).second) ps.Error("code", "live code '" + p.code + "' is listed twice");
    p.name = ps.Str("name", p.code);
    int64_t capacity = ReadCapacity(ps, "capacity", 0);
    bool here = true;
    for (const auto& g : ps.Strings("groups")) {
      if (!GroupInScope(ps, "groups", g, env)) {
        here = false;
        continue;
      }
      const GroupConfig* gc = env.config.FindGroup(g);
      int64_t cap = capacity ? capacity : gc->capacity;
      if (cap <= 0)
        ps.Error("groups", "group '" + g + "' has no capacity", "set the pool's capacity (e.g. 199) or the group's");
      p.groups.push_back(g);
      p.capacity.push_back(cap);
    }
    if (p.groups.empty() && here) ps.Error("groups", "a live code needs at least one group");
    YAML::Node links = ps.Raw("links");
    if (links.IsMap()) {
      for (const auto& kv : links) {
        std::string g = kv.first.as<std::string>();
        if (std::find(p.groups.begin(), p.groups.end(), g) == p.groups.end())
          ps.Error("links", "link for '" + g + "', which is not in this pool's groups");
        else
          p.links[g] = kv.second.as<std::string>();
      }
    } else if (links.IsDefined() && !links.IsNull()) {
      ps.Error("links", "must be a map from group id to its join link");
    }
    p.base_name = ps.Str("base_name", p.name);
    p.next_number = ps.Int("next_number", static_cast<int64_t>(p.groups.size()) + 1, 1);
    p.switch_alert = ReadTemplate(ps, "switch_alert", "live code {code} now leads to {name} ({group}) {link}",
                                  {"code", "group", "name", "link"});
    p.full_alert = ReadTemplate(ps, "full_alert", "live code {code}: every group is full; create {name} and add it to the pool",
                                {"code", "name"});
    p.redirect = ReadTemplate(ps, "redirect", "{name}: this group is full, please join {group}: {link}",
                              {"name", "group", "link"});
    ps.Finish();
    if (here) pools.push_back(std::move(p));
  }
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<LiveCode>(std::move(pools));
}

}  // namespace

SHOAL_REGISTER_FEATURE(livecode, FeatureSpec{
    .name = "livecode",
    .order = 220,
    .scope = FeatureScope::kCommunity,
    .create = CreateLiveCode,
});

}  // namespace shoal
