#include "features/autoreply/autoreply.h"

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

bool AutoReplyRule::Matches(std::string_view text) const {
  switch (kind) {
    case MatchKind::kExact: return TrimText(text) == pattern;
    case MatchKind::kContains: return text.find(pattern) != std::string_view::npos;
    case MatchKind::kRegex: return RE2::PartialMatch(text, *regex);
  }
  return false;
}

void AutoReply::OnEvent(const Event& e, Context& ctx) {
  if (e.type != EventType::kMessage || ctx.removed()) return;
  for (const auto& rule : rules_) {
    if (!rule.groups.empty() && !rule.groups.count(e.group)) continue;
    if (!rule.Matches(e.text)) continue;
    auto& [replied, suppressed] = counts_[rule.id];
    auto [it, fresh] = last_.try_emplace({rule.id, e.group}, e.ts.utc);
    if (!fresh && e.ts.utc - it->second < rule.cooldown) {
      ++suppressed;
      return;  // the first matching rule owns the message even while cooling down
    }
    it->second = e.ts.utc;
    ++replied;
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(rule.reply, {{"name", DisplayName(ctx, e.member)}}),
              .reason = "autoreply:" + rule.id});
    return;
  }
}

void AutoReply::Save(SnapshotWriter& w) const {
  w.U64(last_.size());
  for (const auto& [key, t] : last_) {
    w.Str(key.first);
    w.Str(key.second);
    w.I64(t);
  }
  w.U64(counts_.size());
  for (const auto& [id, c] : counts_) {
    w.Str(id);
    w.I64(c.first);
    w.I64(c.second);
  }
}

bool AutoReply::Load(SnapshotReader& r) {
  last_.clear();
  counts_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string id = r.Str();
    std::string group = r.Str();
    last_[{id, group}] = r.I64();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string id = r.Str();
    int64_t a = r.I64();
    counts_[id] = {a, r.I64()};
  }
  return r.ok();
}

void AutoReply::Report(nlohmann::json& out) const {
  nlohmann::json& rules = out["rules"];
  rules = nlohmann::json::object();
  for (const auto& rule : rules_) {
    auto it = counts_.find(rule.id);
    int64_t replied = it == counts_.end() ? 0 : it->second.first;
    int64_t suppressed = it == counts_.end() ? 0 : it->second.second;
    rules[rule.id] = {{"replied", replied}, {"suppressed", suppressed}};
  }
}

namespace {

std::unique_ptr<Feature> CreateAutoReply(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  Micros default_cooldown = s.Duration("cooldown", kMicrosPerMinute);
  std::vector<AutoReplyRule> rules;
  std::set<std::string> ids;
  for (ConfigSection& r : s.List("rules")) {
    AutoReplyRule rule;
    rule.id = r.Str("id", "rule" + std::to_string(rules.size() + 1));
    if (!ids.insert(rule.id).second) r.Error("id", "duplicate rule id '" + rule.id + "'");
    std::string kind = r.Str("match", "contains");
    if (kind == "exact") rule.kind = MatchKind::kExact;
    else if (kind == "contains") rule.kind = MatchKind::kContains;
    else if (kind == "regex") rule.kind = MatchKind::kRegex;
    else r.Error("match", "unknown match '" + kind + "'", "use exact, contains or regex");
    rule.pattern = r.RequiredStr("pattern");
    if (rule.pattern.empty()) r.Error("pattern", "must not be empty");
    if (rule.kind == MatchKind::kRegex && !rule.pattern.empty()) {
      RE2::Options opts;
      opts.set_log_errors(false);
      auto re = std::make_shared<RE2>(rule.pattern, opts);
      if (!re->ok()) r.Error("pattern", "bad regular expression: " + re->error(), "RE2 syntax, e.g. (?i)price|价格");
      rule.regex = std::move(re);
    }
    rule.reply = ReadTemplate(r, "reply", "", {"name"});
    if (rule.reply.empty()) r.Error("reply", "is required");
    for (const auto& g : r.Strings("groups")) {
      if (env.community && !env.config.FindGroup(g)) r.Error("groups", "unknown group '" + g + "'");
      rule.groups.insert(g);
    }
    rule.cooldown = r.Duration("cooldown", default_cooldown);
    r.Finish();
    rules.push_back(std::move(rule));
  }
  if (rules.empty()) s.Error("rules", "needs at least one rule");
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<AutoReply>(std::move(rules));
}

}  // namespace

SHOAL_REGISTER_FEATURE(autoreply, FeatureSpec{
    .name = "autoreply",
    .order = 320,
    .scope = FeatureScope::kCommunity,
    .create = CreateAutoReply,
});

}  // namespace shoal
