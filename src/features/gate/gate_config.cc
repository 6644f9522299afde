// Reads features.gate and registers the feature (community scope, order 200).
//   gate:
//     groups:
//       "qq:3": {mode: answer, keywords: [求职, 应届], capacity: 30, probation: 5m, captcha: 我是真人}
//       "qq:4": {announce_only: true, chat: "qq:1"}
#include "features/common/text_template.h"
#include "features/gate/gate.h"
#include "growth/config_util.h"

namespace shoal {

namespace {

std::unique_ptr<Feature> CreateGate(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  std::map<std::string, GateRule> rules;
  YAML::Node groups = s.Raw("groups");
  if (groups.IsDefined() && !groups.IsNull() && !groups.IsMap())
    s.Error("groups", "must be a map from group id to its entry rule", "e.g. \"qq:3\": {mode: answer, keywords: [求职]}");
  if (groups.IsMap()) {
    for (const auto& kv : groups) {
      std::string id = kv.first.as<std::string>();
      ConfigSection g(kv.second, s.path() + ".groups." + id, s.file(), s.diagnostics());
      if (!kv.second.IsMap()) {
        s.Error("groups", "the rule for '" + id + "' must be a map", "e.g. {mode: answer, keywords: [求职]}");
        continue;
      }
      bool here = GroupInScope(s, "groups", id, env);
      GateRule rule;
      std::string mode = g.Str("mode", "open");
      if (mode == "open") rule.mode = GateMode::kOpen;
      else if (mode == "answer") rule.mode = GateMode::kAnswer;
      else if (mode == "invite") rule.mode = GateMode::kInvite;
      else if (mode == "paid") rule.mode = GateMode::kPaid;
      else g.Error("mode", "unknown mode '" + mode + "'", "open, answer, invite or paid");
      rule.keywords = g.Strings("keywords");
      if (rule.mode == GateMode::kAnswer && rule.keywords.empty())
        g.Error("keywords", "answer mode needs at least one keyword", "the words an acceptable answer contains");
      rule.capacity = ReadCapacity(g, "capacity", 0);
      rule.paid_wait = g.Duration("paid_wait", kMicrosPerDay, kMicrosPerMinute);
      rule.pay_hint = ReadTemplate(g, "pay_hint", "{name}: pay first, then you are admitted", {"name", "group"});
      rule.probation = g.Duration("probation", 0);
      rule.captcha = g.Str("captcha", "");
      if (rule.probation > 0 && rule.captcha.empty())
        g.Error("captcha", "probation needs the phrase newcomers must send", "e.g. captcha: 我是真人");
      rule.captcha_prompt = ReadTemplate(g, "captcha_prompt", "{name}: send \"{captcha}\" within {minutes} minutes",
                                         {"name", "captcha", "minutes"});
      rule.announce_only = g.Bool("announce_only", false);
      rule.chat = g.Str("chat", "");
      if (!rule.chat.empty()) {
        GroupInScope(g, "chat", rule.chat, env);
        if (rule.chat == id) g.Error("chat", "an announcement group cannot be its own chat group");
        if (!rule.announce_only) g.Error("chat", "a chat group pairs with an announcement-only group", "add announce_only: true");
      }
      rule.chat_hint = ReadTemplate(g, "chat_hint", "{name}: this group is for announcements; talk in {chat}", {"name", "chat"});
      g.Finish();
      if (here) rules.emplace(id, std::move(rule));
    }
  }
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Gate>(std::move(rules));
}

}  // namespace

SHOAL_REGISTER_FEATURE(gate, FeatureSpec{
    .name = "gate",
    .order = 200,
    .scope = FeatureScope::kCommunity,
    .create = CreateGate,
});

}  // namespace shoal
