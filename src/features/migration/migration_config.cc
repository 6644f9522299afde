// Reads features.migration and registers the feature (community scope, order 240).
//   migration:
//     retire:
//       - {group: "qq:2", successor: "qq:4", announce_at: "…", disband_at: "…"}
#include <set>

#include "features/common/text_template.h"
#include "features/migration/migration.h"
#include "growth/config_util.h"

namespace shoal {

namespace {

std::unique_ptr<Feature> CreateMigration(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  std::vector<Retirement> plans;
  std::set<std::string> seen;
  const std::vector<std::string> vars{"group", "successor", "link", "date", "moved", "members"};
  std::vector<std::string> dm_vars = vars;
  dm_vars.push_back("name");
  for (ConfigSection& rs : s.List("retire")) {
    Retirement p;
    p.group = rs.RequiredStr("group");
    p.successor = rs.RequiredStr("successor");
    bool here = !p.group.empty() && GroupInScope(rs, "group", p.group, env);
    if (!p.successor.empty()) GroupInScope(rs, "successor", p.successor, env);
    if (!p.group.empty() && p.group == p.successor) rs.Error("successor", "a group cannot succeed itself");
    if (!p.group.empty() && !seen.insert(p.group).second) rs.Error("group", "'" + p.group + "' is retired twice");
    p.announce_at = ReadTime(rs, "announce_at");
    p.disband_at = ReadTime(rs, "disband_at");
    if (!rs.Has("announce_at")) rs.Error("announce_at", "missing", "when members hear of the move");
    if (!rs.Has("disband_at")) rs.Error("disband_at", "missing", "when the old group is disbanded");
    if (p.announce_at && p.disband_at && p.disband_at <= p.announce_at)
      rs.Error("disband_at", "the group would be disbanded before the move is announced");
    p.link = rs.Str("link", "");
    p.announce = ReadTemplate(rs, "announce", "{group} closes on {date}; please move to {successor}: {link}", vars);
    p.dm = ReadTemplate(rs, "dm", "{name}: {group} closes on {date}; join {successor}: {link}", dm_vars);
    p.done = ReadTemplate(rs, "done", "{group} disbanded: {moved} of {members} members moved to {successor}", vars);
    rs.Finish();
    if (here) plans.push_back(std::move(p));
  }
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Migration>(std::move(plans), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(migration, FeatureSpec{
    .name = "migration",
    .order = 240,
    .scope = FeatureScope::kCommunity,
    .create = CreateMigration,
});

}  // namespace shoal
