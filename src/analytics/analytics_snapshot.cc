// Save/Load for Analytics: every piece of state, maps written in key order so
// the bytes are deterministic (replay == restart).
#include <algorithm>

#include "analytics/analytics.h"

namespace shoal::analytics {

namespace {

void SaveConversion(SnapshotWriter& w, const Conversion& c) {
  w.Str(c.goal);
  w.F64(c.value);
  w.I64(c.ts);
  w.Str(c.campaign);
}
Conversion LoadConversion(SnapshotReader& r) {
  Conversion c;
  c.goal = r.Str();
  c.value = r.F64();
  c.ts = r.I64();
  c.campaign = r.Str();
  return c;
}
template <class K>
void SaveCounts(SnapshotWriter& w, const std::map<K, int64_t>& m) {
  w.U64(m.size());
  for (const auto& [k, v] : m) {
    w.I64(k);
    w.I64(v);
  }
}
template <class K>
void LoadCounts(SnapshotReader& r, std::map<K, int64_t>& m) {
  m.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    K k = static_cast<K>(r.I64());
    m[k] = r.I64();
  }
}

}  // namespace

void Analytics::Save(SnapshotWriter& w) const {
  w.I64(now_day_);
  w.U64(members_.size());
  for (const MemberState& m : members_) {
    w.Str(m.id);
    w.Str(m.name);
    w.Str(m.channel);
    w.Str(m.inviter);
    w.I64(m.first_joined);
    w.I64(m.cohort_week);
    w.I64(m.left_week);
    w.I64(m.groups_present);
    w.I64(m.last_active_day);
    for (int64_t v : {m.messages, m.active_days, m.answers, m.reactions, m.invites, m.checkins}) w.I64(v);
    w.U64(m.weeks_spoken);
    w.I64(m.behaviour.day);
    for (double v : m.behaviour.v) w.F64(v);
    w.I64(m.level);
    w.Str(m.level_reason);
    w.I64(m.level_day);
    w.U64(m.conversions.size());
    for (const auto& c : m.conversions) SaveConversion(w, c);
  }
  std::vector<uint64_t> keys = SortedKeys(memberships_);
  w.U64(keys.size());
  for (uint64_t k : keys) {
    const MembershipState& ms = memberships_.at(k);
    w.U64(k);
    w.I64(ms.join_day);
    w.I64(ms.last_spoke_day);
    w.I64(ms.messages);
    w.Bool(ms.present);
    w.Bool(ms.left);
    w.Bool(ms.spoke_since_join);
  }
  w.U64(groups_.size());
  for (const GroupState& g : groups_) {
    w.Str(g.id);
    w.I64(g.first_day);
    w.I64(g.members);
    w.I64(g.spoke_since_join);
    w.I64(g.messages);
    w.I64(g.staff_messages);
    w.U64(g.days.size());
    for (const auto& [day, d] : g.days) {
      w.I64(day);
      w.I64(d.messages);
      w.I64(d.speakers);
      w.I64(d.joins);
      w.I64(d.leaves);
    }
    SaveCounts(w, g.reactions_by_day);
    SaveCounts(w, g.last_spoke);
    w.Bool(g.warned);
  }
  w.U64(days_.size());
  for (const auto& [day, t] : days_) {
    w.I64(day);
    for (int64_t v : {t.messages, t.speakers, t.joins, t.leaves, t.reactions, t.new_members, t.left_members,
                      t.groups_with_messages, t.members_end})
      w.I64(v);
  }
  SaveCounts(w, last_active_);
  w.I64(members_present_);
  w.I64(staff_messages_);
  w.U64(churn_.size());
  for (const auto& [channel, c] : churn_) {
    w.Str(channel);
    w.I64(c.joins);
    w.I64(c.leaves);
    w.I64(c.present);
  }
  w.U64(recent_order_.size());
  for (uint64_t h : recent_order_) {
    const Recent& rec = recent_.at(h);
    w.U64(h);
    w.U64(rec.author);
    w.Bool(rec.question);
  }
  w.U64(pending_.size());
  for (const auto& [member, list] : pending_) {
    w.Str(member);
    w.U64(list.size());
    for (const auto& c : list) SaveConversion(w, c);
  }
  w.I64(conversions_elsewhere_);
  w.I64(digest_due_);
  w.I64(digests_sent_);
  // Moderation on the platform came later: its state follows everything else, so a snapshot
  // written before it still loads (recent messages without their day, no staff counts).
  for (uint64_t h : recent_order_) {
    const Recent& rec = recent_.at(h);
    w.I64(rec.day);
    w.Bool(rec.recalled);
  }
  for (const GroupState& g : groups_) w.I64(g.recalled);
  for (const auto* by : {&staff_by_group_, &staff_by_member_}) {
    w.U64(by->size());
    for (const auto& [id, c] : *by) {
      w.Str(id);
      for (int64_t v : {c.mutes, c.unmutes, c.whole_mutes, c.whole_unmutes, c.recalls, c.kicks, c.bans}) w.I64(v);
    }
  }
}

bool Analytics::Load(SnapshotReader& r) {
  now_day_ = static_cast<int32_t>(r.I64());
  members_.clear();
  member_index_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    MemberState m;
    m.id = r.Str();
    m.name = r.Str();
    m.channel = r.Str();
    m.inviter = r.Str();
    m.first_joined = r.I64();
    m.cohort_week = static_cast<int32_t>(r.I64());
    m.left_week = static_cast<int32_t>(r.I64());
    m.groups_present = static_cast<int32_t>(r.I64());
    m.last_active_day = static_cast<int32_t>(r.I64());
    for (int64_t* v : {&m.messages, &m.active_days, &m.answers, &m.reactions, &m.invites, &m.checkins}) *v = r.I64();
    m.weeks_spoken = r.U64();
    m.behaviour.day = r.I64();
    for (double& v : m.behaviour.v) v = r.F64();
    m.level = static_cast<int32_t>(r.I64());
    if (m.level < 0 || m.level >= static_cast<int32_t>(cfg_->levels.rules().size())) r.Fail();
    m.level_reason = r.Str();
    m.level_day = static_cast<int32_t>(r.I64());
    uint64_t c = r.Count();
    for (uint64_t j = 0; j < c && r.ok(); ++j) m.conversions.push_back(LoadConversion(r));
    member_index_[m.id] = static_cast<uint32_t>(members_.size());
    members_.push_back(std::move(m));
  }
  memberships_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t k = r.U64();
    MembershipState ms;
    ms.join_day = static_cast<int32_t>(r.I64());
    ms.last_spoke_day = static_cast<int32_t>(r.I64());
    ms.messages = r.I64();
    ms.present = r.Bool();
    ms.left = r.Bool();
    ms.spoke_since_join = r.Bool();
    if ((k & 0xffffffffu) >= members_.size() || (k >> 32) >= groups_.size()) r.Fail();
    memberships_[k] = ms;
  }
  if (r.Count() != groups_.size()) r.Fail();
  for (GroupState& g : groups_) {
    if (!r.ok()) break;
    if (r.Str() != g.id) r.Fail();
    g.first_day = static_cast<int32_t>(r.I64());
    g.members = r.I64();
    g.spoke_since_join = r.I64();
    g.messages = r.I64();
    g.staff_messages = r.I64();
    g.days.clear();
    uint64_t d = r.Count();
    for (uint64_t j = 0; j < d && r.ok(); ++j) {
      int64_t day = r.I64();
      DayActivity& a = g.days[day];
      a.messages = r.I64();
      a.speakers = r.I64();
      a.joins = r.I64();
      a.leaves = r.I64();
    }
    LoadCounts(r, g.reactions_by_day);
    LoadCounts(r, g.last_spoke);
    g.warned = r.Bool();
  }
  days_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    DayTotals& t = days_[static_cast<int32_t>(r.I64())];
    for (int64_t* v : {&t.messages, &t.speakers, &t.joins, &t.leaves, &t.reactions, &t.new_members, &t.left_members,
                       &t.groups_with_messages, &t.members_end})
      *v = r.I64();
  }
  LoadCounts(r, last_active_);
  members_present_ = r.I64();
  staff_messages_ = r.I64();
  churn_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Churn& c = churn_[r.Str()];
    c.joins = r.I64();
    c.leaves = r.I64();
    c.present = r.I64();
  }
  recent_.clear();
  recent_order_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t h = r.U64();
    Recent rec{static_cast<uint32_t>(r.U64()), r.Bool()};
    if (rec.author >= members_.size()) r.Fail();
    recent_[h] = rec;
    recent_order_.push_back(h);
  }
  pending_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    auto& list = pending_[r.Str()];
    uint64_t c = r.Count();
    for (uint64_t j = 0; j < c && r.ok(); ++j) list.push_back(LoadConversion(r));
  }
  conversions_elsewhere_ = r.I64();
  digest_due_ = r.I64();
  digests_sent_ = r.I64();
  for (GroupState& g : groups_) g.recalled = 0;
  staff_by_group_.clear();
  staff_by_member_.clear();
  if (r.ok() && !r.done()) {
    for (uint64_t h : recent_order_) {
      Recent& rec = recent_[h];
      rec.day = static_cast<int32_t>(r.I64());
      rec.recalled = r.Bool();
    }
    for (GroupState& g : groups_) g.recalled = r.I64();
    for (auto* by : {&staff_by_group_, &staff_by_member_}) {
      n = r.Count();
      for (uint64_t i = 0; i < n && r.ok(); ++i) {
        StaffCounts& c = (*by)[r.Str()];
        for (int64_t* v : {&c.mutes, &c.unmutes, &c.whole_mutes, &c.whole_unmutes, &c.recalls, &c.kicks, &c.bans})
          *v = r.I64();
      }
    }
  }
  return r.ok();
}

SHOAL_REGISTER_FEATURE(analytics, FeatureSpec{
    .name = "analytics",
    .order = 950,
    .scope = FeatureScope::kCommunity,
    .always_on = true,
    .create = [](ConfigSection& section, const FeatureEnv& env) -> std::unique_ptr<Feature> {
      auto cfg = ReadAnalyticsConfig(section, env.community);
      if (!cfg) return nullptr;
      return std::make_unique<Analytics>(std::move(cfg), env.zone);
    },
});

}  // namespace shoal::analytics
