#include "features/migration/migration.h"

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"
#include "features/invite/invite.h"

namespace shoal {

Migration::Migration(std::vector<Retirement> plans, std::shared_ptr<const TimeZone> zone)
    : plans_(std::move(plans)), zone_(std::move(zone)), state_(plans_.size()) {}

std::map<std::string, std::string, std::less<>> Migration::Vars(Context& ctx, size_t i) const {
  const Retirement& p = plans_[i];
  const State& s = state_[i];
  auto name = [&](const std::string& g) {
    const GroupConfig* gc = ctx.config().FindGroup(g);
    return gc ? gc->name : g;
  };
  int y;
  unsigned mo, d;
  CivilFromDays(zone_->LocalDay(p.disband_at), &y, &mo, &d);
  char date[16];
  std::snprintf(date, sizeof date, "%02u-%02u", mo, d);
  return {{"group", name(p.group)},
          {"successor", name(p.successor)},
          {"link", s.link},
          {"date", date},
          {"moved", std::to_string(s.moved.size())},
          {"members", std::to_string(s.invited.size())}};
}

void Migration::OnEvent(const Event& e, Context& ctx) {
  if (!armed_) {
    armed_ = true;
    for (size_t i = 0; i < plans_.size(); ++i) {
      if (plans_[i].announce_at >= ctx.now()) ctx.Schedule(plans_[i].announce_at, i * 2);
      if (plans_[i].disband_at >= ctx.now()) ctx.Schedule(plans_[i].disband_at, i * 2 + 1);
    }
  }
  if (e.type != EventType::kJoin) return;
  for (size_t i = 0; i < plans_.size(); ++i) {
    State& s = state_[i];
    if (e.group == plans_[i].successor && s.invited.count(e.member)) s.moved.insert(e.member);
  }
}

void Migration::OnTimer(uint64_t tag, Context& ctx) {
  size_t i = tag / 2;
  if (i >= plans_.size()) return;
  if (tag % 2 == 0) Announce(ctx, i);
  else Disband(ctx, i);
}

void Migration::Announce(Context& ctx, size_t i) {
  const Retirement& p = plans_[i];
  State& s = state_[i];
  if (s.status != kPlanned) return;
  s.status = kAnnounced;
  s.link = p.link;
  if (s.link.empty()) {
    if (auto* invite = ctx.Find<Invite>("invite")) {
      std::string code = invite->Issue(ctx, "migration:" + p.group, p.successor, "", 0, 0, "migration:" + p.group);
      s.link = invite->LinkFor(code);
    }
  }
  Id old_id = ctx.ids().Find(p.group), next_id = ctx.ids().Find(p.successor);
  if (old_id != kNoId) {
    for (Id m : ctx.roster().MembersOf(old_id)) {
      const Membership* ms = ctx.roster().Find(old_id, m);
      if (!ms || !ms->present) continue;
      const std::string& member = ctx.ids().Name(m);
      if (ctx.IsStaff(member)) continue;
      const Membership* there = next_id == kNoId ? nullptr : ctx.roster().Find(next_id, m);
      s.invited.insert(member);
      if (there && there->present) s.moved.insert(member);  // already there: nothing to ask
    }
  }
  auto vars = Vars(ctx, i);
  ctx.Emit({.type = ActionType::kAnnounce, .group = p.group, .text = RenderTemplate(p.announce, vars),
            .reason = "migration:announce"});
  for (const auto& member : s.invited) {
    if (s.moved.count(member)) continue;
    vars["name"] = DisplayName(ctx, member);
    ctx.Emit({.type = ActionType::kDm, .group = p.group, .member = member, .text = RenderTemplate(p.dm, vars),
              .reason = "migration:invite"});
  }
}

void Migration::Disband(Context& ctx, size_t i) {
  const Retirement& p = plans_[i];
  State& s = state_[i];
  if (s.status == kDisbanded) return;
  if (s.status == kPlanned) Announce(ctx, i);  // never skip telling members
  s.status = kDisbanded;
  ctx.Emit({.type = ActionType::kAlert, .group = p.group, .text = RenderTemplate(p.done, Vars(ctx, i)),
            .reason = "migration:done"});
  ctx.Emit({.type = ActionType::kDisband, .group = p.group, .reason = "migration:disband"});
}

void Migration::Report(nlohmann::json& out) const {
  static const char* kStatus[] = {"planned", "announced", "disbanded"};
  nlohmann::json& groups = out["retirements"] = nlohmann::json::object();
  for (size_t i = 0; i < plans_.size(); ++i) {
    const State& s = state_[i];
    std::vector<std::string> stayed;
    for (const auto& m : s.invited)
      if (!s.moved.count(m)) stayed.push_back(m);
    groups[plans_[i].group] = {{"successor", plans_[i].successor}, {"status", kStatus[s.status]},
                               {"link", s.link},           {"members", s.invited.size()},
                               {"moved", s.moved.size()},  {"not_moved", stayed}};
  }
}

void Migration::Save(SnapshotWriter& w) const {
  w.Bool(armed_);
  w.U64(state_.size());
  for (const auto& s : state_) {
    w.U64(s.status);
    w.Str(s.link);
    for (const auto* set : {&s.invited, &s.moved}) {
      w.U64(set->size());
      for (const auto& m : *set) w.Str(m);
    }
  }
}

bool Migration::Load(SnapshotReader& r) {
  armed_ = r.Bool();
  if (r.Count() != state_.size()) return false;
  for (auto& s : state_) {
    s = State{};
    uint64_t status = r.U64();
    if (status > kDisbanded) return false;
    s.status = static_cast<Status>(status);
    s.link = r.Str();
    for (auto* set : {&s.invited, &s.moved}) {
      uint64_t n = r.Count();
      for (uint64_t k = 0; k < n && r.ok(); ++k) set->insert(r.Str());
    }
  }
  return r.ok();
}

}  // namespace shoal
