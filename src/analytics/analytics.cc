#include "analytics/analytics.h"

#include <algorithm>

namespace shoal::analytics {

namespace {
constexpr uint64_t kDigestTimer = 1;

bool ContainsAny(const std::string& text, const std::vector<std::string>& words) {
  for (const auto& w : words)
    if (!w.empty() && text.find(w) != std::string::npos) return true;
  return false;
}

bool IsCheckin(const std::string& text, const std::vector<std::string>& words) {
  // A check-in is a short message that is (about) the keyword, not a sentence mentioning it.
  if (text.size() > 24) return false;
  return ContainsAny(text, words);
}
}  // namespace

Analytics::Analytics(std::shared_ptr<const AnalyticsConfig> config, std::shared_ptr<const TimeZone> zone)
    : cfg_(std::move(config)), zone_(std::move(zone)) {
  for (const auto& id : cfg_->group_ids) {
    group_index_.emplace(id, static_cast<int>(groups_.size()));
    groups_.push_back(GroupState{.id = id});
  }
}

int Analytics::GroupIndex(std::string_view id) const {
  auto it = group_index_.find(std::string(id));
  return it == group_index_.end() ? -1 : it->second;
}

void Analytics::Shift(std::map<int32_t, int64_t>& last, int32_t from, int32_t to) {
  if (from != kNever) {
    auto it = last.find(from);
    if (it != last.end() && --it->second == 0) last.erase(it);
  }
  ++last[to];
}

int64_t Analytics::Within(const std::map<int32_t, int64_t>& last, int32_t from, int32_t to) {
  int64_t n = 0;
  for (auto it = last.lower_bound(from); it != last.end() && it->first <= to; ++it) n += it->second;
  return n;
}

MemberState& Analytics::Touch(const Event& e) {
  auto [it, fresh] = member_index_.try_emplace(e.member, static_cast<uint32_t>(members_.size()));
  if (fresh) {
    members_.emplace_back();
    members_.back().id = e.member;
  }
  MemberState& m = members_[it->second];
  if (!e.name.empty()) m.name = e.name;
  return m;
}

void Analytics::OnEvent(const Event& e, Context& ctx) {
  if (e.type == EventType::kTick) return;
  const int32_t day = static_cast<int32_t>(zone_->LocalDay(e.ts.utc));
  if (now_day_ != kNever && day > now_day_) Rollover(day, ctx);
  now_day_ = std::max(now_day_, day);
  if (!cfg_->digest_group.empty() && digest_due_ == 0) ScheduleDigest(ctx);
  if (e.type == EventType::kConversion) return OnConversion(e, ctx);
  const int gi = GroupIndex(e.group);
  if (gi < 0) return;
  if ((e.type == EventType::kRecall || e.type == EventType::kRestrict || e.type == EventType::kLeave) &&
      OnStaffAct(e, gi))
    return;
  if (e.member.empty()) return;
  GroupState& g = groups_[gi];
  if (g.first_day == kNever) g.first_day = day;
  if (ctx.IsStaff(e.member)) {
    if (e.type == EventType::kMessage) {
      ++g.staff_messages;
      ++staff_messages_;
    }
    return;
  }
  switch (e.type) {
    case EventType::kJoin: {
      MemberState& m = Touch(e);
      uint32_t mi = member_index_[m.id];
      MembershipState& ms = memberships_[Key(gi, mi)];
      Id via_id = e.via.empty() ? kNoId : ctx.ids().Find(e.via);
      bool via_is_member = via_id != kNoId && e.via != e.member && ctx.roster().FindMember(via_id) != nullptr;
      if (!ms.present) Arrive(gi, mi, ms, day, e.via, via_is_member, e.ts.utc);
      ++g.days[day].joins;
      ++days_[day].joins;
      break;
    }
    case EventType::kLeave: {
      auto mit = member_index_.find(e.member);
      if (mit == member_index_.end()) break;
      MembershipState& ms = memberships_[Key(gi, mit->second)];
      if (!ms.present) break;
      MemberState& m = members_[mit->second];
      ms.present = false;
      ms.left = true;
      --g.members;
      if (ms.spoke_since_join) --g.spoke_since_join;
      ++g.days[day].leaves;
      ++days_[day].leaves;
      if (--m.groups_present == 0) {
        --members_present_;
        m.left_week = Week(day);
        ++days_[day].left_members;
        Churn& c = churn_[ChannelKey(m)];
        ++c.leaves;
        --c.present;
      }
      break;
    }
    case EventType::kMessage:
      OnMessage(e, gi, day);
      break;
    case EventType::kReaction: {
      ++g.reactions_by_day[day];
      ++days_[day].reactions;
      uint64_t h = MixSeed(HashString(e.group.data(), e.group.size()), HashString(e.msg_id.data(), e.msg_id.size()));
      auto rit = recent_.find(h);
      auto mit = member_index_.find(e.member);
      if (rit != recent_.end() && (mit == member_index_.end() || mit->second != rit->second.author)) {
        MemberState& author = members_[rit->second.author];
        ++author.reactions;
        author.behaviour.Add(kReactions, day, cfg_->levels.half_life_days());
        Promote(author, day);
      }
      break;
    }
    default:
      break;
  }
  days_[day].members_end = members_present_;
}

std::string Analytics::ChannelKey(const MemberState& m) const {
  // Invitations by members are one channel for churn; the inviters are listed separately.
  if (!m.inviter.empty()) return "(invited)";
  return m.channel.empty() ? "(none)" : m.channel;
}

void Analytics::Arrive(int gi, uint32_t mi, MembershipState& ms, int32_t day, const std::string& via,
                       bool via_is_member, Micros ts) {
  GroupState& g = groups_[gi];
  MemberState& m = members_[mi];
  ms.present = true;
  ms.spoke_since_join = false;
  ms.join_day = day;
  ++g.members;
  if (m.first_joined == 0) {
    m.first_joined = ts;
    m.cohort_week = Week(day);
    m.channel = via;
    ++days_[day].new_members;
    if (via_is_member) m.inviter = via;
    auto inv = member_index_.find(via);
    if (via_is_member && inv != member_index_.end() && inv->second != mi) {
      // An invitation by one of our members: credited to the inviter's level.
      MemberState& inviter = members_[inv->second];
      ++inviter.invites;
      inviter.behaviour.Add(kInvites, day, cfg_->levels.half_life_days());
      Promote(inviter, day);
    }
    ++churn_[ChannelKey(m)].joins;
    Attribute(mi);
  } else if (m.groups_present == 0) {
    ++churn_[ChannelKey(m)].joins;  // a returning member
  }
  if (m.groups_present++ == 0) {
    ++members_present_;
    m.left_week = kNever;
    ++churn_[ChannelKey(m)].present;
  }
}

void Analytics::OnMessage(const Event& e, int gi, int32_t day) {
  GroupState& g = groups_[gi];
  MemberState& m0 = Touch(e);
  const uint32_t mi = member_index_[m0.id];
  MembershipState& ms = memberships_[Key(gi, mi)];
  // Someone speaking is in the group even if we missed the join (history imported midway).
  if (!ms.present && !ms.left) Arrive(gi, mi, ms, day, "", false, e.ts.utc);
  MemberState& m = members_[mi];
  const double hl = cfg_->levels.half_life_days();
  ++g.messages;
  ++ms.messages;
  ++m.messages;
  DayActivity& gd = g.days[day];
  DayTotals& cd = days_[day];
  if (gd.messages++ == 0) ++cd.groups_with_messages;
  ++cd.messages;
  if (ms.last_spoke_day != day) {
    ++gd.speakers;
    Shift(g.last_spoke, ms.last_spoke_day, day);
    ms.last_spoke_day = day;
  }
  if (ms.present && !ms.spoke_since_join) {
    ms.spoke_since_join = true;
    ++g.spoke_since_join;
  }
  if (m.last_active_day != day) {
    ++cd.speakers;
    Shift(last_active_, m.last_active_day, day);
    m.last_active_day = day;
    ++m.active_days;
    m.behaviour.Add(kActiveDays, day, hl);
    if (m.cohort_week == kNever) m.cohort_week = Week(day);
    int32_t k = Week(day) - m.cohort_week;
    if (k >= 0 && k < 64) m.weeks_spoken |= uint64_t{1} << k;
  }
  m.behaviour.Add(kMessages, day, hl);
  if (IsCheckin(e.text, cfg_->checkin_words)) {
    ++m.checkins;
    m.behaviour.Add(kCheckins, day, hl);
  }
  if (!e.reply_to.empty()) {
    uint64_t h = MixSeed(HashString(e.group.data(), e.group.size()), HashString(e.reply_to.data(), e.reply_to.size()));
    auto it = recent_.find(h);
    if (it != recent_.end() && it->second.question && it->second.author != mi) {
      ++m.answers;
      m.behaviour.Add(kAnswers, day, hl);
    }
  }
  Promote(m, day);
  if (!e.msg_id.empty() && cfg_->recent_messages > 0) {
    uint64_t h = MixSeed(HashString(e.group.data(), e.group.size()), HashString(e.msg_id.data(), e.msg_id.size()));
    if (recent_.emplace(h, Recent{mi, ContainsAny(e.text, cfg_->question_markers), day}).second) {
      recent_order_.push_back(h);
      if (static_cast<int64_t>(recent_order_.size()) > cfg_->recent_messages) {
        recent_.erase(recent_order_.front());
        recent_order_.pop_front();
      }
    }
  }
}

void Analytics::Promote(MemberState& m, int32_t day) {
  std::string why;
  int reached = cfg_->levels.Reached(m.behaviour, 1.0, &why);
  if (reached > m.level) {
    m.level = reached;
    m.level_reason = "promoted to " + why;
    m.level_day = day;
  }
}

void Analytics::OnConversion(const Event& e, Context& ctx) {
  if (e.member.empty() || e.goal.empty()) return;
  Conversion c{e.goal, e.value, e.ts.utc, ""};
  if (!e.extra.empty()) {
    auto extra = nlohmann::json::parse("{" + e.extra + "}", nullptr, false);
    if (extra.is_object() && extra.contains("campaign") && extra["campaign"].is_string())
      c.campaign = extra["campaign"].get<std::string>();
  }
  auto it = member_index_.find(e.member);
  if (it != member_index_.end() && members_[it->second].first_joined != 0) {
    members_[it->second].conversions.push_back(std::move(c));
    return;
  }
  // Not (yet) one of ours. If another community knows the member it is theirs; otherwise keep it
  // until the member appears here, so nothing is lost.
  // The member's own groups, not every group of the tenant: a conversion reaches every
  // community, so a scan would cost (communities x groups) per conversion.
  Id mid = ctx.ids().Find(e.member);
  if (mid != kNoId) {
    for (Id gid : ctx.roster().GroupsOf(mid)) {
      const CommunityConfig* owner = nullptr;
      if (!ctx.config().FindGroup(ctx.ids().Name(gid), &owner)) continue;
      if (ctx.community() && owner->id == ctx.community()->id) continue;
      ++conversions_elsewhere_;
      return;
    }
  }
  pending_[e.member].push_back(std::move(c));
}

void Analytics::Attribute(uint32_t mi) {
  auto it = pending_.find(members_[mi].id);
  if (it == pending_.end()) return;
  auto& conv = members_[mi].conversions;
  conv.insert(conv.end(), it->second.begin(), it->second.end());
  pending_.erase(it);
}

void Analytics::Rollover(int32_t day, Context& ctx) {
  // Weekly cadence: demote members who fell a margin below their level (hysteresis).
  if (Week(day) != Week(now_day_)) {
    const double scale = 1.0 - cfg_->levels.demote_margin();
    for (MemberState& m : members_) {
      if (m.level == 0) continue;
      m.behaviour.DecayTo(day, cfg_->levels.half_life_days());
      std::string why;
      int keep = cfg_->levels.Reached(m.behaviour, scale, &why);
      if (keep < m.level) {
        m.level_reason = "demoted from " + std::string(cfg_->levels.Name(m.level)) + " (below its thresholds less " +
                         std::to_string(static_cast<int>(cfg_->levels.demote_margin() * 100 + 0.5)) + "%); now " + why;
        m.level = keep;
        m.level_day = day;
      }
    }
  }
  if (cfg_->alert_group.empty()) {
    return;
  }
  // Judge each group on the last complete day; alert once per warning episode.
  for (GroupState& g : groups_) {
    if (g.first_day == kNever) continue;
    GroupHealth h = AssessGroup(g.days, g.first_day, day - 1, g.members, cfg_->lifecycle);
    if (h.warning && !g.warned) {
      std::string signals;
      for (const auto& s : h.signals) signals += (signals.empty() ? "" : "; ") + s;
      std::string text = cfg_->alert_text;
      auto put = [&](const std::string& key, const std::string& value) {
        for (size_t p; (p = text.find(key)) != std::string::npos;) text.replace(p, key.size(), value);
      };
      const GroupConfig* gc = ctx.config().FindGroup(g.id);
      put("{group}", gc && !gc->name.empty() ? gc->name : g.id);
      put("{group_id}", g.id);
      put("{signals}", signals);
      put("{stage}", h.stage);
      Action a;
      a.type = ActionType::kSend;
      a.group = cfg_->alert_group;
      a.text = text;
      a.reason = "analytics:quiet_warning";
      ctx.Emit(std::move(a));
    }
    g.warned = h.warning;
  }
}

void Analytics::ScheduleDigest(Context& ctx) {
  const int64_t today = zone_->LocalDay(ctx.now());
  for (int64_t d = today; d < today + 8; ++d) {
    Micros at = zone_->ToUtc(d, cfg_->digest_minute);
    if (((d + 3) % 7) + 1 == cfg_->digest_weekday && at > ctx.now()) {
      digest_due_ = at;
      ctx.Schedule(at, kDigestTimer);
      return;
    }
  }
}

void Analytics::OnTimer(uint64_t tag, Context& ctx) {
  if (tag != kDigestTimer) return;
  const int32_t day = static_cast<int32_t>(zone_->LocalDay(ctx.now()));
  if (now_day_ != kNever && day > now_day_) Rollover(day, ctx);
  now_day_ = std::max(now_day_, day);
  Action a;
  a.type = ActionType::kSend;
  a.group = cfg_->digest_group;
  a.text = DigestText();
  a.reason = "analytics:digest";
  ctx.Emit(std::move(a));
  ++digests_sent_;
  digest_due_ = 0;
  ScheduleDigest(ctx);
}

bool Analytics::ReportGroup(std::string_view group, nlohmann::json& out) const {
  int gi = GroupIndex(group);
  if (gi < 0) return false;
  GroupJson(groups_[gi], out);
  return true;
}

}  // namespace shoal::analytics
