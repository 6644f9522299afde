// Reads features.invite and registers the feature (tenant scope, order 190:
// attribution is settled before campaigns, gates and live codes look at a join).
#include <set>

#include "features/common/text_template.h"
#include "features/invite/invite.h"
#include "growth/config_util.h"

namespace shoal {

namespace {

std::unique_ptr<Feature> CreateInvite(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  InviteConfig cfg;
  cfg.link = ReadTemplate(s, "link", "{code}", {"code"});
  if (TemplateNames(cfg.link).empty())
    s.Warn("link", "the link template has no {code}: every code gets the same link", "e.g. https://join.example.com/i/{code}");
  std::set<std::string> seen;
  for (ConfigSection& c : s.List("codes")) {
    InviteConfig::Code code;
    code.spec.code = c.RequiredStr("code");
    if (!code.spec.code.empty() && !IsInviteCode(code.spec.code))
      c.Error("code", "'" + code.spec.code + "' is not an invite code", "1-64 letters, digits, '-', '_' or '.'");
    if (!seen.insert(code.spec.code).second) c.Error("code", "invite code '" + code.spec.code + "' is listed twice");
    code.spec.channel = c.Str("channel", code.spec.code);
    code.spec.group = c.Str("group", "");
    if (!code.spec.group.empty() && !env.config.FindGroup(code.spec.group))
      c.Error("group", "unknown group '" + code.spec.group + "'", "list it under a community's groups");
    code.spec.owner = c.Str("inviter", "");
    code.spec.uses = c.Int("uses", 0, 0);
    code.spec.expires = ReadTime(c, "expires");
    code.link = c.Str("link", "");
    c.Finish();
    cfg.codes.push_back(std::move(code));
  }
  // Live-code entry codes are invite codes too, so joins through them are attributed (channel "livecode:<code>").
  for (const auto& community : env.config.communities) {
    if (!community.features.IsMap()) continue;
    YAML::Node livecode = community.features["livecode"];
    if (!livecode.IsDefined() || !livecode.IsMap()) continue;
    YAML::Node pools = livecode["pools"];
    if (!pools.IsDefined() || !pools.IsSequence()) continue;
    for (const auto& p : pools) {
      if (!p.IsMap() || !p["code"].IsScalar()) continue;
      std::string code = p["code"].as<std::string>();
      if (!IsInviteCode(code) || !seen.insert(code).second) continue;
      cfg.codes.push_back({.spec = {.code = code, .channel = "livecode:" + code}});
    }
  }
  ConfigSection member = s.Child("member_codes");
  cfg.command = member.Str("command", "/invite");
  cfg.reply = ReadTemplate(member, "reply", "{name}: {link}", {"name", "code", "link", "joined"});
  cfg.member_uses = member.Int("uses", 0, 0);
  cfg.member_expire = member.Duration("expire", 0);
  member.Finish();
  cfg.unknown_alert = ReadTemplate(s, "unknown_alert", "{member} joined {group} via '{via}', which is no invite code or member",
                                   {"via", "group", "member"});
  cfg.refused_alert = ReadTemplate(s, "refused_alert", "invite code {code} ({channel}) is {why} but still used to join {group}",
                                   {"code", "channel", "why", "group"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Invite>(std::move(cfg));
}

}  // namespace

SHOAL_REGISTER_FEATURE(invite, FeatureSpec{
    .name = "invite",
    .order = 190,
    .scope = FeatureScope::kTenant,
    .create = CreateInvite,
});

}  // namespace shoal
