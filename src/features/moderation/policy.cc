#include "features/moderation/policy.h"

#include <algorithm>

namespace shoal {
namespace {

const std::vector<std::string> kRoles = {"staff", "owner", "admin", "kol", "member"};

std::vector<LadderStep> ReadLadder(ConfigSection& s, const std::string& key, std::vector<LadderStep> fallback) {
  if (!s.Has(key)) return fallback;
  std::vector<LadderStep> out;
  for (ConfigSection& step : s.List(key)) {
    LadderStep l;
    std::string action = step.RequiredStr("action");
    if (action == "delete") {
    } else if (action == "warn") {
      l.warn = true;
    } else if (action == "mute") {
      l.mute = step.Duration("duration", 10 * kMicrosPerMinute, kMicrosPerSecond);
      l.warn = step.Bool("warn", false);
    } else if (action == "kick") {
      l.kick = true;
    } else if (action == "ban") {
      l.ban = true;
    } else if (!action.empty()) {
      step.Error("action", "unknown action '" + action + "'", "use delete, warn, mute, kick or ban");
    }
    if (action != "mute") step.Bool("warn", false) ? (void)(l.warn = true) : (void)0;
    l.blacklist = step.Bool("blacklist", false);
    if (l.blacklist) l.ban = true;
    step.Finish();
    out.push_back(l);
  }
  if (out.empty()) s.Error(key, "a ladder needs at least one step", "for example [{action: ban, blacklist: true}]");
  return out;
}

std::vector<std::string> ReadRoles(ConfigSection& s, const std::string& key) {
  std::vector<std::string> roles = s.Strings(key);
  for (const auto& r : roles)
    if (std::find(kRoles.begin(), kRoles.end(), r) == kRoles.end())
      s.Error(key, "unknown role '" + r + "'", "roles are staff, owner, admin, kol, member");
  return roles;
}

}  // namespace

std::string LadderStep::Describe() const {
  std::string s = "delete";
  if (warn) s += "+warn";
  if (mute) s += "+mute" + std::to_string(mute / kMicrosPerSecond) + "s";
  if (ban) s += "+ban";
  else if (kick) s += "+kick";
  if (blacklist) s += "+blacklist";
  return s;
}

void ReadPolicy(ConfigSection& s, Policy* p, DupConfig* dup, std::string* model_path) {
  p->enabled = s.Bool("enabled", true);
  p->dry_run = s.Bool("dry_run", false);
  p->threshold = s.Number("threshold", 0.9, 0.05, 1.0);
  p->ad_ladder = ReadLadder(s, "ad_ladder", {LadderStep{.ban = true, .blacklist = true}});
  p->rule_ladder = ReadLadder(s, "rule_ladder",
                              {LadderStep{.warn = true}, LadderStep{.mute = 10 * kMicrosPerMinute},
                               LadderStep{.mute = kMicrosPerHour}, LadderStep{.mute = kMicrosPerDay},
                               LadderStep{.kick = true}});
  p->strike_expiry = s.Duration("strike_expiry", 30 * kMicrosPerDay, kMicrosPerMinute);
  p->staff_mutes_count = s.Bool("staff_mutes_count", false);
  p->warn_text = s.Str("warn_text", "{name}: your message broke the group rules ({reason}); warning {strikes}.");
  p->exempt_roles = ReadRoles(s, "exempt_roles");
  p->ad_exempt_roles = ReadRoles(s, "ad_exempt_roles");

  ConfigSection f = s.Child("flood");
  p->flood.enabled = f.Bool("enabled", true);
  p->flood.max_messages = f.Int("max_messages", 8, 1, 10000);
  p->flood.window = f.Duration("window", 10 * kMicrosPerSecond, kMicrosPerSecond);
  p->flood.repeats = f.Int("repeats", 3, 0, 1000);
  p->flood.repeat_window = f.Duration("repeat_window", 5 * kMicrosPerMinute, kMicrosPerSecond);
  p->flood.short_messages = f.Int("short_messages", 6, 0, 10000);
  p->flood.short_chars = f.Int("short_chars", 2, 1, 100);
  f.Finish();

  ConfigSection pr = s.Child("probation");
  p->probation.enabled = pr.Bool("enabled", true);
  p->probation.window = pr.Duration("window", 24 * kMicrosPerHour, kMicrosPerMinute);
  p->probation.messages = pr.Int("messages", 3, 1, 1000);
  p->probation.threshold = pr.Number("threshold", 0.5, 0.05, 1.0);
  pr.Finish();

  ContentRules rules;
  rules.builtin_lexicons = s.Bool("builtin_lexicons", true);
  rules.classifier_weight = s.Number("classifier_weight", 0.95, 0, 1);
  rules.classifier_min = s.Number("classifier_min", 0.5, 0, 1);
  double keyword_score = s.Number("keyword_score", 1.0, 0.01, 1.0);
  for (const auto& w : s.Strings("keywords")) {
    if (w.empty()) s.Error("keywords", "empty keyword");
    else rules.keywords.push_back({"operator", w, keyword_score, true});
  }
  std::vector<ConfigSection> regexes = s.List("regexes");
  for (size_t i = 0; i < regexes.size(); ++i) {
    RegexRule r;
    r.name = regexes[i].Str("name", "rule" + std::to_string(i + 1));
    r.pattern = regexes[i].RequiredStr("pattern");
    r.score = regexes[i].Number("score", 1.0, 0.01, 1.0);
    RegexRules probe;
    std::string why;
    if (!r.pattern.empty() && !probe.Add(r, &why))
      regexes[i].Error("pattern", "regex does not compile under RE2: " + why,
                       "RE2 has no backreferences or look-around; rewrite the rule without them");
    else if (!r.pattern.empty())
      rules.regexes.push_back(r);
    regexes[i].Finish();
  }
  auto checker = std::make_shared<ContentChecker>();
  std::string why;
  if (!checker->Build(rules, &why)) s.Error("keywords", "cannot compile the word lists: " + why);
  p->checker = checker;

  ConfigSection d = s.Child("duplicates");
  DupConfig dc;
  dc.enabled = d.Bool("enabled", true);
  dc.window = d.Duration("window", 30 * kMicrosPerMinute, kMicrosPerSecond);
  dc.groups = d.Int("groups", 3, 2, 1000);
  dc.members = d.Int("members", 3, 2, 1000);
  dc.min_chars = d.Int("min_chars", 12, 4, 10000);
  dc.max_distance = d.Int("max_distance", 3, 0, 3);
  dc.capacity = d.Int("capacity", 50000, 100, 10'000'000);
  d.Finish();
  if (dup) *dup = dc;
  std::string model = s.Str("model", "");
  if (model_path) *model_path = model;
}

std::string FillTemplate(const std::string& tmpl, const std::string& name, const std::string& member,
                         const std::string& reason, int64_t strikes) {
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    auto try_sub = [&](std::string_view key, const std::string& value) {
      if (tmpl.compare(i, key.size(), key) != 0) return false;
      out += value;
      i += key.size();
      return true;
    };
    if (try_sub("{name}", name) || try_sub("{member}", member) || try_sub("{reason}", reason) ||
        try_sub("{strikes}", std::to_string(strikes)))
      continue;
    out.push_back(tmpl[i++]);
  }
  return out;
}

}  // namespace shoal
