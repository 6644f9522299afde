// Analytics of moderation done on the platform: staff mutes, recalls and removals counted per
// group and per staff account, and recalled member messages taken out of the message counts
// (group, member, day). Speakers, active days and levels keep the message: it was said.
#include "analytics/analytics.h"
#include "shoal/staff_event.h"

namespace shoal::analytics {

namespace {

void Count(StaffCounts& c, const Event& e, const StaffAct& a) {
  if (e.type == EventType::kRecall) {
    ++c.recalls;
  } else if (e.type == EventType::kLeave) {
    ++(a.ban ? c.bans : c.kicks);
  } else if (a.whole) {
    ++(a.seconds == 0 ? c.whole_unmutes : c.whole_mutes);
  } else {
    ++(a.seconds == 0 ? c.unmutes : c.mutes);
  }
}

nlohmann::json CountsJson(const StaffCounts& c) {
  return {{"mutes", c.mutes},   {"unmutes", c.unmutes}, {"whole_mutes", c.whole_mutes}, {"whole_unmutes", c.whole_unmutes},
          {"recalls", c.recalls}, {"kicks", c.kicks},   {"bans", c.bans}};
}

}  // namespace

bool Analytics::OnStaffAct(const Event& e, int gi) {
  StaffAct a;
  if (e.type == EventType::kLeave) {
    a = ReadRemoval(e);
    if (a.by.empty()) return false;  // an ordinary leave: the membership numbers handle it
  } else if (!ParseStaffEvent(e, &a, nullptr)) {
    return true;  // validated at ingest; never reached for logged events
  }
  if (e.type == EventType::kRecall) OnRecall(e, gi);
  // Someone's own recall is not moderation, and Shoal's own calls are the bot's, not staff's.
  const bool staff_act = !a.by_self && !(e.type == EventType::kRecall && a.by == e.member);
  if (staff_act) {
    Count(staff_by_group_[e.group], e, a);
    Count(staff_by_member_[a.by], e, a);
  }
  return e.type != EventType::kLeave;  // a removal is still a leave for the membership numbers
}

void Analytics::OnRecall(const Event& e, int gi) {
  uint64_t h = MixSeed(HashString(e.group.data(), e.group.size()), HashString(e.msg_id.data(), e.msg_id.size()));
  auto it = recent_.find(h);
  if (it == recent_.end() || it->second.recalled) return;  // a staff message, too old, or twice
  Recent& rec = it->second;
  rec.recalled = true;
  GroupState& g = groups_[gi];
  MemberState& m = members_[rec.author];
  auto ms = memberships_.find(Key(gi, rec.author));
  --g.messages;
  ++g.recalled;
  --m.messages;
  if (ms != memberships_.end()) --ms->second.messages;
  if (rec.day == kNever) return;
  auto gd = g.days.find(rec.day);
  auto cd = days_.find(rec.day);
  if (gd != g.days.end() && gd->second.messages > 0 && --gd->second.messages == 0 && cd != days_.end())
    --cd->second.groups_with_messages;
  if (cd != days_.end() && cd->second.messages > 0) --cd->second.messages;
}

void Analytics::StaffJson(nlohmann::json& out) const {
  nlohmann::json& by_group = out["by_group"] = nlohmann::json::object();
  for (const auto& [id, c] : staff_by_group_) by_group[id] = CountsJson(c);
  nlohmann::json& by_staff = out["by_staff"] = nlohmann::json::object();
  for (const auto& [id, c] : staff_by_member_) by_staff[id] = CountsJson(c);
  int64_t recalled = 0;
  for (const auto& g : groups_) recalled += g.recalled;
  out["recalled_messages"] = recalled;
}

}  // namespace shoal::analytics
