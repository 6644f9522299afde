// CRM: a member's profile (who, where from, what they did, what they bought),
// tags (manual and by rule) and segments (rules over the profile).
#include <algorithm>

#include "analytics/analytics.h"

namespace shoal::analytics {

namespace {
std::string Stamp(const TimeZone& zone, Micros t) { return t == 0 ? "" : FormatRfc3339(zone.Stamp(t)); }
}  // namespace

RuleValue Analytics::Field(const MemberState& m, std::string_view name, const std::vector<std::string>& tags) const {
  auto num = [](double v) { return RuleValue{false, v, ""}; };
  auto str = [](std::string s) { return RuleValue{true, 0, std::move(s)}; };
  if (name == "messages") return num(static_cast<double>(m.messages));
  if (name == "active_days") return num(static_cast<double>(m.active_days));
  if (name == "answers") return num(static_cast<double>(m.answers));
  if (name == "reactions") return num(static_cast<double>(m.reactions));
  if (name == "invites") return num(static_cast<double>(m.invites));
  if (name == "checkins") return num(static_cast<double>(m.checkins));
  if (name == "quiet_days") {
    // Days since the member last spoke; since joining when they never did.
    int32_t since = m.last_active_day != kNever ? m.last_active_day
                                                : static_cast<int32_t>(zone_->LocalDay(m.first_joined));
    return num(now_day_ == kNever ? 0 : static_cast<double>(now_day_ - since));
  }
  if (name == "days_since_join")
    return num(m.first_joined == 0 || now_day_ == kNever ? 0 : static_cast<double>(now_day_ - zone_->LocalDay(m.first_joined)));
  if (name == "groups") return num(m.groups_present);
  if (name == "present") return num(m.groups_present > 0 ? 1 : 0);
  if (name == "conversions") return num(static_cast<double>(m.conversions.size()));
  if (name == "value") {
    double v = 0;
    for (const auto& c : m.conversions) v += c.value;
    return num(v);
  }
  if (name == "level") return str(std::string(cfg_->levels.Name(m.level)));
  if (name == "level_rank") return num(m.level);
  if (name == "channel") return str(m.channel);
  if (name == "inviter") return str(m.inviter);
  std::string_view goal = name == "paid" ? "paid" : name.starts_with("converted_") ? name.substr(10) : "";
  if (!goal.empty()) {
    bool any = std::any_of(m.conversions.begin(), m.conversions.end(), [&](const Conversion& c) { return c.goal == goal; });
    return num(any ? 1 : 0);
  }
  if (name.starts_with("tag_")) {
    bool has = std::find(tags.begin(), tags.end(), name.substr(4)) != tags.end();
    return num(has ? 1 : 0);
  }
  return num(0);
}

std::vector<std::string> Analytics::TagsOf(const MemberState& m) const {
  std::vector<std::string> tags;
  for (const auto& [tag, ids] : cfg_->manual_tags)
    if (std::find(ids.begin(), ids.end(), m.id) != ids.end()) tags.push_back(tag);
  for (const NamedRule& r : cfg_->tags) {
    if (std::find(tags.begin(), tags.end(), r.name) != tags.end()) continue;
    if (r.rule.Matches([&](std::string_view f) { return Field(m, f, tags); })) tags.push_back(r.name);
  }
  std::sort(tags.begin(), tags.end());
  return tags;
}

void Analytics::ProfileJson(const MemberState& m, nlohmann::json& p) const {
  const uint32_t mi = member_index_.at(m.id);
  p["id"] = m.id;
  p["name"] = m.name;
  p["channel"] = m.channel;
  p["inviter"] = m.inviter;
  p["first_joined"] = Stamp(*zone_, m.first_joined);
  nlohmann::json groups = nlohmann::json::object();
  for (size_t gi = 0; gi < groups_.size(); ++gi) {
    auto it = memberships_.find(Key(static_cast<int>(gi), mi));
    if (it == memberships_.end()) continue;
    const MembershipState& ms = it->second;
    groups[groups_[gi].id] = {{"present", ms.present},
                              {"joined", ms.join_day == kNever ? "" : TimeZone::DayString(ms.join_day)},
                              {"messages", ms.messages}};
  }
  p["groups"] = groups;
  p["messages"] = m.messages;
  p["active_days"] = m.active_days;
  p["last_active"] = m.last_active_day == kNever ? "" : TimeZone::DayString(m.last_active_day);
  p["answers"] = m.answers;
  p["reactions_received"] = m.reactions;
  p["invites"] = m.invites;
  p["checkins"] = m.checkins;
  p["level"] = cfg_->levels.Name(m.level);
  p["level_reason"] = m.level_reason;
  nlohmann::json conv = nlohmann::json::array();
  for (const Conversion& c : m.conversions) {
    nlohmann::json j = {{"goal", c.goal}, {"value", c.value}, {"ts", Stamp(*zone_, c.ts)}};
    if (!c.campaign.empty()) j["campaign"] = c.campaign;
    conv.push_back(std::move(j));
  }
  p["conversions"] = conv;
  p["paid"] = Field(m, "paid", {}).number != 0;
  p["quiet_days"] = Field(m, "quiet_days", {}).number;
  std::vector<std::string> tags = TagsOf(m);
  p["tags"] = tags;
  nlohmann::json segments = nlohmann::json::array();
  for (const NamedRule& s : cfg_->segments)
    if (s.rule.Matches([&](std::string_view f) { return Field(m, f, tags); })) segments.push_back(s.name);
  p["segments"] = segments;
}

bool Analytics::Profile(std::string_view member, nlohmann::json& out) const {
  auto it = member_index_.find(std::string(member));
  if (it == member_index_.end()) return false;
  ProfileJson(members_[it->second], out);
  return true;
}

std::vector<std::string> Analytics::Tags(std::string_view member) const {
  auto it = member_index_.find(std::string(member));
  return it == member_index_.end() ? std::vector<std::string>{} : TagsOf(members_[it->second]);
}

std::vector<std::string> Analytics::SegmentMembers(std::string_view segment) const {
  std::vector<std::string> out;
  for (const NamedRule& s : cfg_->segments) {
    if (s.name != segment) continue;
    for (const MemberState& m : members_) {
      if (m.first_joined == 0) continue;
      std::vector<std::string> tags = TagsOf(m);
      if (s.rule.Matches([&](std::string_view f) { return Field(m, f, tags); })) out.push_back(m.id);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Analytics::CrmJson(nlohmann::json& out) const {
  std::vector<std::vector<std::string>> members_in(cfg_->segments.size());
  std::map<std::string, int64_t> tag_counts;
  for (const MemberState& m : members_) {
    if (m.first_joined == 0) continue;
    std::vector<std::string> tags = TagsOf(m);
    for (const auto& t : tags) ++tag_counts[t];
    for (size_t s = 0; s < cfg_->segments.size(); ++s)
      if (cfg_->segments[s].rule.Matches([&](std::string_view f) { return Field(m, f, tags); }))
        members_in[s].push_back(m.id);
  }
  nlohmann::json& segments = out["segments"];
  segments = nlohmann::json::object();
  for (size_t s = 0; s < cfg_->segments.size(); ++s) {
    auto& ids = members_in[s];
    std::sort(ids.begin(), ids.end());
    nlohmann::json sample = nlohmann::json::array();
    for (size_t i = 0; i < ids.size() && static_cast<int64_t>(i) < cfg_->report_sample; ++i) sample.push_back(ids[i]);
    segments[cfg_->segments[s].name] = {
        {"rule", cfg_->segments[s].rule.text()}, {"members", static_cast<int64_t>(ids.size())}, {"sample", sample}};
  }
  out["tags"] = tag_counts;
  nlohmann::json& profiles = out["profiles"];
  profiles = nlohmann::json::object();
  int64_t shown = 0;
  for (const MemberState& m : members_) {
    if (shown >= cfg_->report_profiles) break;
    ProfileJson(m, profiles[m.id]);
    ++shown;
  }
  out["profiles_shown"] = shown;
  out["profiles_total"] = static_cast<int64_t>(members_.size());
}

}  // namespace shoal::analytics
