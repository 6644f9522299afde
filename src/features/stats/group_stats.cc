#include "features/stats/group_stats.h"

#include <nlohmann/json.hpp>

namespace shoal {

void GroupStats::OnEvent(const Event& e, Context& ctx) {
  if (e.group.empty()) return;
  auto it = groups_.find(e.group);
  if (it == groups_.end()) it = groups_.emplace(e.group, GroupCounts{}).first;
  GroupCounts& g = it->second;
  int64_t day = zone_->LocalDay(e.ts.utc);
  switch (e.type) {
    case EventType::kJoin:
      ++g.joins;
      ++g.days[day].joins;
      break;
    case EventType::kLeave:
      ++g.leaves;
      ++g.days[day].leaves;
      break;
    case EventType::kMessage: {
      if (ctx.IsStaff(e.member)) {
        ++g.staff_messages;  // staff are excluded from member numbers
        break;
      }
      ++g.messages;
      g.last_message = e.ts.utc;
      DayCounts& d = g.days[day];
      ++d.messages;
      Id gid = ctx.group_id(), mid = ctx.member_id();
      uint64_t key = (static_cast<uint64_t>(gid) << 32) | mid;
      int32_t& last = last_spoke_day_[key];
      if (last == 0) ++g.speakers_ever;
      if (last != day + 1) {
        ++d.speakers;
        last = static_cast<int32_t>(day + 1);
      }
      break;
    }
    default:
      break;
  }
}

const GroupCounts* GroupStats::Find(std::string_view group) const {
  auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &it->second;
}

void GroupStats::Save(SnapshotWriter& w) const {
  w.U64(groups_.size());
  for (const auto& [id, g] : groups_) {
    w.Str(id);
    w.I64(g.messages);
    w.I64(g.joins);
    w.I64(g.leaves);
    w.I64(g.speakers_ever);
    w.I64(g.staff_messages);
    w.I64(g.last_message);
    w.U64(g.days.size());
    for (const auto& [day, d] : g.days) {
      w.I64(day);
      w.I64(d.messages);
      w.I64(d.speakers);
      w.I64(d.joins);
      w.I64(d.leaves);
    }
  }
  std::vector<uint64_t> keys = SortedKeys(last_spoke_day_);
  w.U64(keys.size());
  for (uint64_t k : keys) {
    w.U64(k);
    w.I64(*last_spoke_day_.Find(k));
  }
}

bool GroupStats::Load(SnapshotReader& r) {
  groups_.clear();
  last_spoke_day_.Clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string id = r.Str();
    GroupCounts g;
    g.messages = r.I64();
    g.joins = r.I64();
    g.leaves = r.I64();
    g.speakers_ever = r.I64();
    g.staff_messages = r.I64();
    g.last_message = r.I64();
    uint64_t days = r.Count();
    for (uint64_t j = 0; j < days && r.ok(); ++j) {
      int64_t day = r.I64();
      DayCounts d;
      d.messages = r.I64();
      d.speakers = r.I64();
      d.joins = r.I64();
      d.leaves = r.I64();
      g.days.emplace(day, d);
    }
    groups_.emplace(std::move(id), std::move(g));
  }
  n = r.Count();
  last_spoke_day_.Reserve(n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t k = r.U64();
    if (k == FlatMap<int32_t>::kEmpty) return false;
    last_spoke_day_[k] = static_cast<int32_t>(r.I64());
  }
  return r.ok();
}

void GroupStats::GroupJson(const GroupCounts& g, nlohmann::json& out) {
  out["messages"] = g.messages;
  out["joins"] = g.joins;
  out["leaves"] = g.leaves;
  out["speakers_ever"] = g.speakers_ever;
  out["staff_messages"] = g.staff_messages;
  out["active_days"] = g.days.size();
  nlohmann::json& days = out["days"];
  days = nlohmann::json::object();
  for (const auto& [day, d] : g.days) {
    days[TimeZone::DayString(day)] = {
        {"messages", d.messages}, {"speakers", d.speakers}, {"joins", d.joins}, {"leaves", d.leaves}};
  }
}

void GroupStats::Report(nlohmann::json& out) const {
  nlohmann::json& groups = out["groups"];
  groups = nlohmann::json::object();
  int64_t messages = 0, joins = 0, leaves = 0;
  for (const auto& [id, g] : groups_) {
    GroupJson(g, groups[id]);
    messages += g.messages;
    joins += g.joins;
    leaves += g.leaves;
  }
  out["messages"] = messages;
  out["joins"] = joins;
  out["leaves"] = leaves;
}

bool GroupStats::ReportGroup(std::string_view group, nlohmann::json& out) const {
  const GroupCounts* g = Find(group);
  if (!g) return false;
  GroupJson(*g, out);
  return true;
}

SHOAL_REGISTER_FEATURE(group_stats, FeatureSpec{
    .name = "stats",
    .order = 900,
    .scope = FeatureScope::kCommunity,
    .always_on = true,
    .create = [](ConfigSection& section, const FeatureEnv& env) -> std::unique_ptr<Feature> {
      section.Bool("enabled", true);
      return std::make_unique<GroupStats>(env.zone);
    },
});

}  // namespace shoal
