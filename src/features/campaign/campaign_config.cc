// Reads features.campaign and registers the feature (community scope, order 210:
// after invite attribution and the gate).
#include <set>

#include "features/campaign/campaign.h"
#include "features/common/text_template.h"
#include "growth/config_util.h"

namespace shoal {

namespace {

bool FeatureConfigured(const FeatureEnv& env, const char* name) {
  const YAML::Node& f = env.community ? env.community->features : env.config.root["features"];
  return f.IsMap() && f[name].IsDefined() && !f[name].IsNull();
}

std::unique_ptr<Feature> CreateCampaign(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  std::vector<CampaignConfig> out;
  std::set<std::string> ids;
  for (ConfigSection& cs : s.List("campaigns")) {
    CampaignConfig c;
    c.id = cs.RequiredStr("id");
    if (!c.id.empty() && !ids.insert(c.id).second) cs.Error("id", "campaign '" + c.id + "' is listed twice");
    c.name = cs.Str("name", c.id);
    for (const auto& g : cs.Strings("groups"))
      if (GroupInScope(cs, "groups", g, env)) c.groups.insert(g);
    c.start = ReadTime(cs, "start");
    c.end = ReadTime(cs, "end");
    if (c.start && c.end && c.end <= c.start) cs.Error("end", "the campaign ends before it starts");
    c.min_stay = cs.Duration("min_stay", kMicrosPerDay);
    c.invite_expire = cs.Duration("invite_expire", 7 * kMicrosPerDay, kMicrosPerMinute);
    c.coupons = cs.Strings("coupons");
    for (const auto& code : c.coupons)
      if (code.empty()) cs.Error("coupons", "a coupon code must not be empty");
    int64_t last = 0;
    const std::vector<std::string> tier_vars{"name", "count", "points", "coupon", "link", "campaign"};
    for (ConfigSection& ts : cs.List("tiers")) {
      CampaignTier t;
      t.count = ts.Int("count", 1, 1, 1'000'000);
      if (t.count <= last) ts.Error("count", "tiers must be listed by rising count", "e.g. 3, then 5, then 10");
      last = t.count;
      t.points = ts.Int("points", 0, 0, 1'000'000'000);
      t.coupon = ts.Bool("coupon", false);
      t.group = ts.Str("group", "");
      if (!t.group.empty()) GroupInScope(ts, "group", t.group, env);
      if (!t.points && !t.coupon && t.group.empty())
        ts.Error("count", "a tier needs a reward", "points: N, coupon: true or group: \"qq:…\" (the core group)");
      if (t.points && !FeatureConfigured(env, "points"))
        ts.Error("points", "points rewards need features.points (the ledger)");
      if (t.coupon && c.coupons.empty()) ts.Error("coupon", "coupon rewards need the campaign's `coupons` list");
      std::string fallback = t.group.empty() ? "{name}: {campaign} tier {count} reached"
                                             : "{name}: {campaign} tier {count} reached, join: {link}";
      if (t.coupon) fallback += " coupon {coupon}";
      if (t.points) fallback += " +{points}";
      t.text = ReadTemplate(ts, "text", fallback, tier_vars);
      ts.Finish();
      c.tiers.push_back(std::move(t));
    }
    if (c.tiers.empty()) cs.Error("tiers", "a campaign needs at least one reward tier", "e.g. - {count: 3, points: 50}");
    c.command = cs.Str("command", "/progress");
    c.progress = ReadTemplate(cs, "progress", "{name}: {valid} of {next} friends joined ({campaign})",
                              {"name", "valid", "next", "left", "pending", "campaign"});
    c.board_command = cs.Str("board_command", "");
    c.board_title = ReadTemplate(cs, "board_title", "{campaign}", {"campaign"});
    c.coupon_owed = ReadTemplate(cs, "coupon_owed", "{name}: the coupons of {campaign} ran out; staff will send yours",
                                 {"name", "campaign"});
    c.no_coupons = ReadTemplate(cs, "no_coupons", "{campaign}: coupons ran out, {member} is owed tier {count}",
                                {"campaign", "member", "count"});
    c.burst_alert = ReadTemplate(cs, "burst_alert", "{campaign}: {member} brought {count} invitees in a burst",
                                 {"campaign", "member", "count"});
    ConfigSection f = cs.Child("fraud");
    c.fraud.min_invitees = f.Int("min_invitees", c.fraud.min_invitees, 1);
    c.fraud.silent_after = f.Duration("silent_after", c.fraud.silent_after);
    c.fraud.silent_share = f.Number("silent_share", c.fraud.silent_share, 0, 1);
    c.fraud.burst = f.Int("burst", c.fraud.burst, 0);
    c.fraud.burst_within = f.Duration("burst_within", c.fraud.burst_within);
    c.fraud.early_leave = f.Duration("early_leave", c.fraud.early_leave);
    c.fraud.early_share = f.Number("early_share", c.fraud.early_share, 0, 1);
    f.Finish();
    cs.Finish();
    out.push_back(std::move(c));
  }
  if (!out.empty() && !FeatureConfigured(env, "invite"))
    s.Error("campaigns", "campaigns need features.invite (codes and attribution)", "add a features.invite section");
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Campaign>(std::move(out));
}

}  // namespace

SHOAL_REGISTER_FEATURE(campaign, FeatureSpec{
    .name = "campaign",
    .order = 210,
    .scope = FeatureScope::kCommunity,
    .create = CreateCampaign,
});

}  // namespace shoal
