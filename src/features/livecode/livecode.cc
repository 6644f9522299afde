#include "features/livecode/livecode.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

LiveCode::LiveCode(std::vector<LivePool> pools) : pools_(std::move(pools)), state_(pools_.size()) {
  for (size_t i = 0; i < pools_.size(); ++i) state_[i].members.assign(pools_[i].groups.size(), 0);
}

int LiveCode::Target(size_t pi) const {
  const LivePool& p = pools_[pi];
  for (size_t gi = 0; gi < p.groups.size(); ++gi)
    if (state_[pi].members[gi] < p.capacity[gi]) return static_cast<int>(gi);
  return -1;
}

void LiveCode::OnEvent(const Event& e, Context& ctx) {
  if (e.type != EventType::kJoin && e.type != EventType::kLeave && e.type != EventType::kJoinRequest) return;
  for (size_t pi = 0; pi < pools_.size(); ++pi) {
    const LivePool& p = pools_[pi];
    auto it = std::find(p.groups.begin(), p.groups.end(), e.group);
    if (it == p.groups.end()) continue;
    size_t gi = it - p.groups.begin();
    PoolState& s = state_[pi];
    for (size_t i = 0; i < p.groups.size(); ++i) {
      Id g = ctx.ids().Find(p.groups[i]);
      s.members[i] = g == kNoId ? 0 : ctx.roster().PresentCount(g);
    }
    if (e.type == EventType::kJoinRequest) {
      int target = Target(pi);
      if (s.members[gi] < p.capacity[gi] || target < 0) continue;
      // A stale QR led here: point them to the group with seats.
      ++s.redirects;
      const std::string& to = p.groups[target];
      const GroupConfig* g = ctx.config().FindGroup(to);
      auto link = p.links.find(to);
      ctx.Emit({.type = ActionType::kDm, .group = e.group, .member = e.member,
                .text = RenderTemplate(p.redirect, {{"name", DisplayName(ctx, e.member)},
                                                    {"group", g ? g->name : to},
                                                    {"link", link == p.links.end() ? "" : link->second}}),
                .reason = "livecode:redirect"});
      continue;
    }
    if (e.type == EventType::kJoin && e.via == p.code) {
      ++s.joins;
      if (s.members[gi] > p.capacity[gi]) ++s.overflow;
    }
    Refresh(pi, ctx, e.group);
  }
}

void LiveCode::Refresh(size_t pi, Context& ctx, const std::string& cause_group) {
  const LivePool& p = pools_[pi];
  PoolState& s = state_[pi];
  int target = Target(pi);
  if (target == s.target) return;
  bool first = s.target == -2;
  s.target = target;
  if (target >= 0) {
    if (first) return;  // the first look needs no announcement: nothing changed
    const std::string& g = p.groups[target];
    const GroupConfig* gc = ctx.config().FindGroup(g);
    auto link = p.links.find(g);
    ctx.Emit({.type = ActionType::kAlert, .group = g,
              .text = RenderTemplate(p.switch_alert, {{"code", p.code}, {"group", g}, {"name", gc ? gc->name : g},
                                                      {"link", link == p.links.end() ? "" : link->second}}),
              .reason = "livecode:switch"});
    return;
  }
  // Every group is full: ask for the next one (once per number) and tell staff.
  std::string name = p.base_name + std::to_string(p.next_number + static_cast<int64_t>(s.created.size()));
  s.created.push_back(name);
  ctx.Emit({.type = ActionType::kCreateGroup, .group = p.groups.front(), .name = name, .reason = "livecode:full"});
  ctx.Emit({.type = ActionType::kAlert, .group = cause_group,
            .text = RenderTemplate(p.full_alert, {{"code", p.code}, {"name", name}}), .reason = "livecode:full"});
}

bool LiveCode::Lookup(std::string_view code, nlohmann::json& out) const {
  for (size_t pi = 0; pi < pools_.size(); ++pi) {
    const LivePool& p = pools_[pi];
    if (p.code != code) continue;
    int target = Target(pi);
    out = {{"code", p.code}, {"name", p.name}, {"full", target < 0}};
    if (target >= 0) {
      const std::string& g = p.groups[target];
      auto link = p.links.find(g);
      out["group"] = g;
      out["link"] = link == p.links.end() ? "" : link->second;
      out["seats_left"] = p.capacity[target] - state_[pi].members[target];
    }
    return true;
  }
  return false;
}

void LiveCode::Report(nlohmann::json& out) const {
  nlohmann::json& pools = out["pools"] = nlohmann::json::object();
  for (size_t pi = 0; pi < pools_.size(); ++pi) {
    const LivePool& p = pools_[pi];
    const PoolState& s = state_[pi];
    nlohmann::json groups = nlohmann::json::array();
    int64_t members = 0, capacity = 0;
    for (size_t gi = 0; gi < p.groups.size(); ++gi) {
      groups.push_back({{"group", p.groups[gi]}, {"members", s.members[gi]}, {"capacity", p.capacity[gi]},
                        {"full", s.members[gi] >= p.capacity[gi]}});
      members += s.members[gi];
      capacity += p.capacity[gi];
    }
    int target = Target(pi);
    pools[p.code] = {{"name", p.name},
                     {"groups", groups},
                     {"target", target < 0 ? "" : p.groups[target]},
                     {"fill", capacity ? static_cast<double>(members) / static_cast<double>(capacity) : 0.0},
                     {"joins", s.joins},
                     {"overflow", s.overflow},
                     {"redirects", s.redirects},
                     {"groups_requested", s.created}};
  }
}

void LiveCode::Save(SnapshotWriter& w) const {
  w.U64(state_.size());
  for (const auto& s : state_) {
    w.U64(s.members.size());
    for (int64_t m : s.members) w.I64(m);
    w.I64(s.target);
    w.I64(s.joins);
    w.I64(s.overflow);
    w.I64(s.redirects);
    w.U64(s.created.size());
    for (const auto& name : s.created) w.Str(name);
  }
}

bool LiveCode::Load(SnapshotReader& r) {
  if (r.Count() != state_.size()) return false;
  for (size_t pi = 0; pi < state_.size() && r.ok(); ++pi) {
    PoolState& s = state_[pi];
    if (r.Count() != s.members.size()) return false;
    for (auto& m : s.members) m = r.I64();
    s.target = static_cast<int>(r.I64());
    if (s.target < -2 || s.target >= static_cast<int>(s.members.size())) return false;
    s.joins = r.I64();
    s.overflow = r.I64();
    s.redirects = r.I64();
    s.created.clear();
    uint64_t n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) s.created.push_back(r.Str());
  }
  return r.ok();
}

}  // namespace shoal
