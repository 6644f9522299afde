#include "features/welcome/welcome.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

void Welcome::OnEvent(const Event& e, Context& ctx) {
  if (e.group.empty()) return;
  if (e.type == EventType::kJoin) {
    if (ctx.IsStaff(e.member)) return;
    OnJoin(e, ctx, groups_[e.group]);
  } else if (e.type == EventType::kLeave) {
    auto it = groups_.find(e.group);
    if (it != groups_.end()) {
      auto& p = it->second.pending;
      p.erase(std::remove_if(p.begin(), p.end(), [&](const auto& x) { return x.first == e.member; }), p.end());
    }
    awaiting_ack_.erase({e.group, e.member});
  } else if (e.type == EventType::kMessage && !cfg_.ack_keyword.empty()) {
    auto it = awaiting_ack_.find({e.group, e.member});
    if (it == awaiting_ack_.end() || e.text.find(cfg_.ack_keyword) == std::string::npos) return;
    awaiting_ack_.erase(it);
    ++acks_;
    ctx.Emit({.type = ActionType::kMute, .group = e.group, .member = e.member, .seconds = 0, .reason = "welcome:ack"});
    if (!cfg_.ack_reply.empty())
      ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
                .text = RenderTemplate(cfg_.ack_reply, {{"name", DisplayName(ctx, e.member)}}),
                .reason = "welcome:ack"});
  }
}

void Welcome::OnJoin(const Event& e, Context& ctx, GroupState& g) {
  Micros now = e.ts.utc;
  if (!cfg_.ack_keyword.empty()) {
    awaiting_ack_.insert({e.group, e.member});
    ctx.Emit({.type = ActionType::kMute, .group = e.group, .member = e.member, .seconds = cfg_.ack_mute_seconds,
              .reason = "welcome:ack_pending"});
  }
  if (cfg_.raid_joins > 0) {
    g.recent_joins.push_back(now);
    while (!g.recent_joins.empty() && g.recent_joins.front() <= now - cfg_.raid_within) g.recent_joins.pop_front();
    if (static_cast<int64_t>(g.recent_joins.size()) >= cfg_.raid_joins) {
      if (g.raid_until <= now) {  // a new raid: one alert, not one per join
        ++g.raids;
        const GroupConfig* gc = ctx.config().FindGroup(e.group);
        ctx.Emit({.type = ActionType::kAlert, .group = e.group,
                  .text = RenderTemplate(cfg_.raid_alert, {{"group", gc && !gc->name.empty() ? gc->name : e.group},
                                                           {"joins", std::to_string(g.recent_joins.size())},
                                                           {"seconds", std::to_string(cfg_.raid_within / kMicrosPerSecond)}}),
                  .reason = "welcome:raid"});
      }
      g.raid_until = now + cfg_.raid_within;  // paused until the joins stay quiet for a window
      g.raid_skipped += static_cast<int64_t>(g.pending.size()) + 1;
      g.pending.clear();
      return;
    }
  }
  if (g.raid_until > now) {
    ++g.raid_skipped;
    return;
  }
  g.pending.emplace_back(e.member, e.name.empty() ? DisplayName(ctx, e.member) : e.name);
  if (!g.timer_armed) {
    g.timer_armed = true;
    Id gid = ctx.ids().Find(e.group);
    ctx.Schedule(now + cfg_.merge_window, gid);
  }
}

void Welcome::OnTimer(uint64_t tag, Context& ctx) {
  const std::string& group = ctx.ids().Name(static_cast<Id>(tag));
  auto it = groups_.find(group);
  if (it == groups_.end()) return;
  GroupState& g = it->second;
  g.timer_armed = false;
  if (g.pending.empty()) return;
  if (g.raid_until > ctx.now()) {
    g.raid_skipped += static_cast<int64_t>(g.pending.size());
    g.pending.clear();
    return;
  }
  std::string names;
  for (const auto& [member, name] : g.pending) names += (names.empty() ? "" : "、") + name;
  const GroupConfig* gc = ctx.config().FindGroup(group);
  int64_t count = ctx.roster().PresentCount(static_cast<Id>(tag));
  std::string text = RenderTemplate(cfg_.text, {{"names", names},
                                                {"group", gc && !gc->name.empty() ? gc->name : group},
                                                {"count", std::to_string(count)},
                                                {"rules", cfg_.rules}});
  ++g.welcomes;
  g.welcomed += static_cast<int64_t>(g.pending.size());
  // The outbox deletes the previous welcome where the platform can, so only the latest stands.
  ctx.Emit({.type = ActionType::kSend, .group = group, .text = std::move(text), .reason = "welcome",
            .extra = "\"members\":" + std::to_string(g.pending.size()) +
                     (cfg_.replace_previous ? ",\"replace_slot\":\"welcome\"" : "")});
  g.pending.clear();
}

void Welcome::Save(SnapshotWriter& w) const {
  w.U64(groups_.size());
  for (const auto& [id, g] : groups_) {
    w.Str(id);
    w.U64(g.pending.size());
    for (const auto& [m, n] : g.pending) {
      w.Str(m);
      w.Str(n);
    }
    w.Bool(g.timer_armed);
    w.U64(g.recent_joins.size());
    for (Micros t : g.recent_joins) w.I64(t);
    w.I64(g.raid_until);
    w.I64(g.welcomes);
    w.I64(g.welcomed);
    w.I64(g.raids);
    w.I64(g.raid_skipped);
  }
  w.U64(awaiting_ack_.size());
  for (const auto& [g, m] : awaiting_ack_) {
    w.Str(g);
    w.Str(m);
  }
  w.I64(acks_);
}

bool Welcome::Load(SnapshotReader& r) {
  groups_.clear();
  awaiting_ack_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    GroupState& g = groups_[r.Str()];
    uint64_t p = r.Count();
    for (uint64_t j = 0; j < p && r.ok(); ++j) {
      std::string m = r.Str();
      g.pending.emplace_back(m, r.Str());
    }
    g.timer_armed = r.Bool();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) g.recent_joins.push_back(r.I64());
    g.raid_until = r.I64();
    g.welcomes = r.I64();
    g.welcomed = r.I64();
    g.raids = r.I64();
    g.raid_skipped = r.I64();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string g = r.Str();
    awaiting_ack_.insert({g, r.Str()});
  }
  acks_ = r.I64();
  return r.ok();
}

void Welcome::Report(nlohmann::json& out) const {
  nlohmann::json& groups = out["groups"];
  groups = nlohmann::json::object();
  for (const auto& [id, g] : groups_) {
    groups[id] = {{"welcomes", g.welcomes}, {"welcomed", g.welcomed}, {"raids", g.raids},
                  {"raid_skipped", g.raid_skipped}};
  }
  out["awaiting_ack"] = awaiting_ack_.size();
  out["acks"] = acks_;
}

namespace {

std::unique_ptr<Feature> CreateWelcome(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  WelcomeConfig cfg;
  cfg.text = ReadTemplate(s, "template", "欢迎 {names} 加入 {group}！", {"names", "group", "count", "rules"});
  if (cfg.text.empty()) s.Error("template", "must not be empty");
  cfg.rules = s.Str("rules", "");
  cfg.merge_window = s.Duration("merge_window", cfg.merge_window, kMicrosPerSecond);
  cfg.replace_previous = s.Bool("replace_previous", cfg.replace_previous);
  if (s.Has("raid")) {
    ConfigSection raid = s.Child("raid");
    cfg.raid_joins = raid.Int("joins", 10, 2, 100'000);
    cfg.raid_within = raid.Duration("within", cfg.raid_within, kMicrosPerSecond);
    cfg.raid_alert = ReadTemplate(raid, "alert", "join raid in {group}: {joins} joins in {seconds}s",
                                  {"group", "joins", "seconds"});
    raid.Finish();
  }
  if (s.Has("ack")) {
    ConfigSection ack = s.Child("ack");
    cfg.ack_keyword = ack.RequiredStr("keyword");
    cfg.ack_mute_seconds = ack.Duration("mute", 86400 * kMicrosPerSecond, kMicrosPerSecond) / kMicrosPerSecond;
    cfg.ack_reply = ReadTemplate(ack, "reply", "", {"name"});
    ack.Finish();
  }
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Welcome>(std::move(cfg));
}

}  // namespace

SHOAL_REGISTER_FEATURE(welcome, FeatureSpec{
    .name = "welcome",
    .order = 310,
    .scope = FeatureScope::kCommunity,
    .create = CreateWelcome,
});

}  // namespace shoal
