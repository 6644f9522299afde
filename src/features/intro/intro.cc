#include "features/intro/intro.h"

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"
#include "features/points/points_ledger.h"

namespace shoal {

namespace {
uint64_t KeyOf(Id group, Id member) { return (static_cast<uint64_t>(group) << 32) | member; }
}  // namespace

uint64_t Intro::Schedule(Context& ctx, Micros due, const std::string& group, const std::string& member) {
  uint64_t token = next_token_++;
  timers_[token] = {group, member};
  ctx.Schedule(due, token);
  return token;
}

void Intro::OnJoin(const Event& e, Context& ctx) {
  Key key = KeyOf(ctx.group_id(), ctx.member_id());
  auto [it, fresh] = newcomers_.try_emplace(key);
  Newcomer& n = it->second;
  GroupState& g = groups_[e.group];
  bool was_present = !fresh && n.present;
  n.present = true;
  if (!fresh && n.introduced) return;  // introduced before leaving: not asked again
  if (fresh) ++g.joined;
  if (!was_present) ++g.not_introduced;
  n.joined = e.ts.utc;
  n.reminded = false;
  if (cfg_.remind_after > 0) Schedule(ctx, e.ts.utc + cfg_.remind_after, e.group, e.member);
  if (cfg_.template_text.empty()) return;
  g.waiting.push_back(e.member);
  if (!g.post_token) g.post_token = Schedule(ctx, e.ts.utc + cfg_.merge_window, e.group, "");
}

void Intro::OnMessage(const Event& e, Context& ctx) {
  auto it = newcomers_.find(KeyOf(ctx.group_id(), ctx.member_id()));
  if (it == newcomers_.end() || it->second.introduced || e.ts.utc - it->second.joined > cfg_.window) return;
  if (!LooksLikeIntro(e.text, cfg_.rule)) return;
  Newcomer& n = it->second;
  GroupState& g = groups_[e.group];
  n.introduced = e.ts.utc;
  ++g.introduced;
  if (n.present) --g.not_introduced;
  int64_t credited = 0;
  if (auto* ledger = ctx.Find<PointsLedger>("points"); ledger && cfg_.points > 0) {
    if (ledger->Credit(e.ts.utc, e.group, e.member, cfg_.points, "intro", e.group) == CreditStatus::kOk) credited = cfg_.points;
  }
  g.points += credited;
  if (!cfg_.reply.empty())
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(cfg_.reply, {{"name", DisplayName(ctx, e.member)}, {"points", std::to_string(credited)}}),
              .reason = "intro", .extra = "\"points\":" + std::to_string(credited)});
}

void Intro::OnEvent(const Event& e, Context& ctx) {
  if (e.group.empty() || !cfg_.groups.Contains(e.group)) return;
  if (e.type == EventType::kJoin && !ctx.IsStaff(e.member)) {
    OnJoin(e, ctx);
  } else if (e.type == EventType::kLeave) {
    auto it = newcomers_.find(KeyOf(ctx.group_id(), ctx.member_id()));
    if (it != newcomers_.end() && it->second.present) {
      it->second.present = false;
      if (!it->second.introduced) --groups_[e.group].not_introduced;
    }
    auto g = groups_.find(e.group);
    if (g != groups_.end()) std::erase(g->second.waiting, e.member);
  } else if (e.type == EventType::kMessage && !ctx.removed()) {
    OnMessage(e, ctx);
  }
}

void Intro::OnTimer(uint64_t tag, Context& ctx) {
  auto t = timers_.find(tag);
  if (t == timers_.end()) return;
  auto [group, member] = std::move(t->second);
  timers_.erase(t);
  if (member.empty()) {  // the merged template post
    GroupState& g = groups_[group];
    g.post_token = 0;
    if (g.waiting.empty()) return;
    std::string names;
    for (const auto& m : g.waiting) names += (names.empty() ? "" : "、") + DisplayName(ctx, m);
    ++g.posts;
    ctx.Emit({.type = ActionType::kSend, .group = group, .text = RenderTemplate(cfg_.template_text, {{"names", names}}),
              .reason = "intro:template", .extra = "\"members\":" + std::to_string(g.waiting.size())});
    g.waiting.clear();
    return;
  }
  Key key = KeyOf(ctx.ids().Find(group), ctx.ids().Find(member));
  auto it = newcomers_.find(key);
  if (it == newcomers_.end()) return;
  Newcomer& n = it->second;
  // A rejoin re-arms the reminder; only the one matching the latest join speaks.
  if (n.introduced || n.reminded || !n.present || ctx.now() < n.joined + cfg_.remind_after) return;
  n.reminded = true;
  ++groups_[group].reminded;
  std::string name = DisplayName(ctx, member);
  ctx.Emit({.type = ActionType::kSend, .group = group, .member = member,
            .text = RenderTemplate(cfg_.remind, {{"name", name}, {"template", RenderTemplate(cfg_.template_text, {{"names", name}})}}),
            .reason = "intro:remind"});
}

void Intro::Save(SnapshotWriter& w) const {
  w.U64(next_token_);
  std::vector<Key> keys = SortedKeys(newcomers_);
  w.U64(keys.size());
  for (Key k : keys) {
    const Newcomer& n = newcomers_.at(k);
    w.U64(k);
    w.I64(n.joined);
    w.I64(n.introduced);
    w.Bool(n.reminded);
    w.Bool(n.present);
  }
  w.U64(groups_.size());
  for (const auto& [name, g] : groups_) {
    w.Str(name);
    w.U64(g.waiting.size());
    for (const auto& m : g.waiting) w.Str(m);
    w.U64(g.post_token);
    for (int64_t v : {g.joined, g.introduced, g.reminded, g.posts, g.points, g.not_introduced}) w.I64(v);
  }
  w.U64(timers_.size());
  for (const auto& [token, k] : timers_) {
    w.U64(token);
    w.Str(k.first);
    w.Str(k.second);
  }
}

bool Intro::Load(SnapshotReader& r) {
  newcomers_.clear();
  groups_.clear();
  timers_.clear();
  next_token_ = r.U64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Newcomer& c = newcomers_[r.U64()];
    c.joined = r.I64();
    c.introduced = r.I64();
    c.reminded = r.Bool();
    c.present = r.Bool();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    GroupState& g = groups_[r.Str()];
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) g.waiting.push_back(r.Str());
    g.post_token = r.U64();
    for (int64_t* v : {&g.joined, &g.introduced, &g.reminded, &g.posts, &g.points, &g.not_introduced}) *v = r.I64();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t token = r.U64();
    std::string group = r.Str();
    std::string member = r.Str();
    if (token >= next_token_) r.Fail();
    timers_[token] = {std::move(group), std::move(member)};
  }
  return r.ok();
}

bool Intro::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto it = groups_.find(group);
  if (it == groups_.end()) return false;
  const GroupState& g = it->second;
  out = {{"joined", g.joined}, {"introduced", g.introduced}, {"not_introduced", g.not_introduced}, {"reminded", g.reminded},
         {"template_posts", g.posts}, {"points", g.points},
         {"share", g.joined ? static_cast<double>(g.introduced) / static_cast<double>(g.joined) : 0.0}};
  return true;
}

void Intro::Report(nlohmann::json& out) const {
  int64_t joined = 0, introduced = 0;
  nlohmann::json& groups = out["groups"];
  groups = nlohmann::json::object();
  for (const auto& [name, g] : groups_) {
    joined += g.joined;
    introduced += g.introduced;
    ReportGroup(name, groups[name]);
  }
  out["joined"] = joined;
  out["introduced"] = introduced;
  out["share"] = joined ? static_cast<double>(introduced) / static_cast<double>(joined) : 0.0;
}

namespace {

std::unique_ptr<Feature> CreateIntro(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  IntroConfig cfg;
  cfg.groups = ReadGroupScope(s, "groups", env);
  cfg.template_text = ReadTemplate(s, "template", "", {"names"});
  cfg.merge_window = s.Duration("merge_window", cfg.merge_window, 0);
  cfg.rule.keywords = s.Strings("keywords");
  cfg.rule.min_fields = s.Int("min_fields", cfg.rule.keywords.empty() ? 0 : 2, 0, 100);
  if (cfg.rule.min_fields > static_cast<int64_t>(cfg.rule.keywords.size()))
    s.Error("min_fields", "asks for more field words than `keywords` lists", "list the template's field words under keywords");
  cfg.rule.min_length = s.Int("min_length", cfg.rule.min_length, 1, 10'000);
  cfg.window = s.Duration("window", cfg.window, kMicrosPerMinute);
  cfg.remind_after = s.Duration("remind_after", cfg.remind_after, 0);
  cfg.points = s.Int("points", 0, 0, 1'000'000);
  cfg.reply = ReadTemplate(s, "reply", "{name} +{points}", {"name", "points"});
  cfg.remind = ReadTemplate(s, "remind", "{name}: {template}", {"name", "template"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Intro>(std::move(cfg));
}

}  // namespace

SHOAL_REGISTER_FEATURE(intro, FeatureSpec{
    .name = "intro",
    .order = 315,
    .scope = FeatureScope::kCommunity,
    .create = CreateIntro,
});

}  // namespace shoal
