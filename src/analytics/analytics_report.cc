// The read side of Analytics: everything `shoal report` shows. Dashboard numbers
// per group come from incremental state in O(1) (a few small-map lookups);
// concentration, cohorts, segments and funnels walk members at report time.
#include <algorithm>
#include <cmath>

#include "analytics/analytics.h"
#include "analytics/concentration.h"

namespace shoal::analytics {

namespace {

double Share(int64_t part, int64_t whole) {
  return whole > 0 ? std::round(1e4 * static_cast<double>(part) / static_cast<double>(whole)) / 1e4 : 0.0;
}
double Round(double v) { return std::round(v * 1e4) / 1e4; }

}  // namespace

void Analytics::GroupJson(const GroupState& g, nlohmann::json& out) const {
  const int32_t d = now_day_;
  out["members"] = g.members;
  out["messages"] = g.messages;
  out["staff_messages"] = g.staff_messages;
  out["recalled"] = g.recalled;
  int64_t dau = d == kNever ? 0 : Within(g.last_spoke, d, d);
  int64_t wau = d == kNever ? 0 : Within(g.last_spoke, d - 6, d);
  int64_t mau = d == kNever ? 0 : Within(g.last_spoke, d - 29, d);
  out["dau"] = dau;
  out["wau"] = wau;
  out["mau"] = mau;
  out["share_spoke_day"] = Share(dau, g.members);
  out["share_spoke_7d"] = Share(wau, g.members);
  out["share_spoke_since_join"] = Share(g.spoke_since_join, g.members);
  if (g.first_day == kNever || d == kNever) {
    out["stage"] = "none";
    out["stage_rule"] = "no events yet";
    out["warning"] = false;
    return;
  }
  GroupHealth h = AssessGroup(g.days, g.first_day, d, g.members, cfg_->lifecycle);
  int64_t reactions_7d = 0;
  for (auto it = g.reactions_by_day.lower_bound(d - 6); it != g.reactions_by_day.end(); ++it) reactions_7d += it->second;
  out["engagement_rate"] = g.members > 0 ? Round(static_cast<double>(h.messages_7d + reactions_7d) / g.members) : 0.0;
  out["stage"] = h.stage;
  out["stage_rule"] = h.rule;
  out["warning"] = h.warning;
  out["warning_signals"] = h.signals;
  out["quiet_days"] = h.quiet_days;
  out["age_days"] = h.age_days;
  out["messages_7d"] = h.messages_7d;
  out["messages_prev_7d"] = h.messages_prev_7d;
  out["member_change_7d"] = h.member_change_7d;
}

void Analytics::CommunityJson(nlohmann::json& c) const {
  const int32_t d = now_day_;
  int64_t messages = 0, groups_with_messages_today = 0, spoke_since_join = 0;
  for (const auto& g : groups_) {
    messages += g.messages;
    spoke_since_join += g.spoke_since_join;
    auto it = g.days.find(d);
    if (it != g.days.end() && it->second.messages > 0) ++groups_with_messages_today;
  }
  int64_t dau = d == kNever ? 0 : Within(last_active_, d, d);
  int64_t wau = d == kNever ? 0 : Within(last_active_, d - 6, d);
  int64_t mau = d == kNever ? 0 : Within(last_active_, d - 29, d);
  int64_t memberships_present = 0;
  for (const auto& g : groups_) memberships_present += g.members;
  int64_t messages_7d = 0, reactions_7d = 0;
  // d - 6 only once d is a day: kNever is INT32_MIN.
  for (auto it = d == kNever ? days_.end() : days_.lower_bound(d - 6); it != days_.end(); ++it) {
    messages_7d += it->second.messages;
    reactions_7d += it->second.reactions;
  }
  c["members"] = members_present_;
  c["members_ever"] = static_cast<int64_t>(members_.size());
  c["messages"] = messages;
  c["staff_messages"] = staff_messages_;
  c["dau"] = dau;
  c["wau"] = wau;
  c["mau"] = mau;
  c["share_spoke_day"] = Share(dau, members_present_);
  c["share_spoke_7d"] = Share(wau, members_present_);
  c["share_spoke_since_join"] = Share(spoke_since_join, memberships_present);
  c["engagement_rate"] = members_present_ > 0 ? Round(static_cast<double>(messages_7d + reactions_7d) / members_present_) : 0.0;
  c["groups"] = static_cast<int64_t>(groups_.size());
  c["groups_with_messages_today"] = groups_with_messages_today;
  nlohmann::json& days = c["days"];
  days = nlohmann::json::object();
  int64_t carried = 0;
  for (const auto& [day, t] : days_) {
    carried = t.members_end;
    days[TimeZone::DayString(day)] = {{"members", carried},
                                      {"new", t.new_members},
                                      {"left", t.left_members},
                                      {"messages", t.messages},
                                      {"speakers", t.speakers},
                                      {"share_spoke", Share(t.speakers, carried)},
                                      {"reactions", t.reactions},
                                      {"groups_with_messages", t.groups_with_messages}};
  }
}

void Analytics::RetentionJson(nlohmann::json& out) const {
  // cohort week -> [size, present at week k..., speaking in week k...]
  struct Row {
    int64_t size = 0;
    std::vector<int64_t> present, speaking;
  };
  const int32_t now_week = now_day_ == kNever ? 0 : Week(now_day_);
  const int weeks = static_cast<int>(cfg_->cohort_weeks);
  std::map<int32_t, Row> rows;
  for (const MemberState& m : members_) {
    if (m.cohort_week == kNever || m.first_joined == 0) continue;
    // A cohort after "now" only comes from a damaged snapshot; it has no weeks to show.
    int span = std::min(weeks, now_week - m.cohort_week + 1);
    if (span <= 0) continue;
    Row& r = rows[m.cohort_week];
    if (r.present.size() < static_cast<size_t>(span)) {
      r.present.resize(span);
      r.speaking.resize(span);
    }
    ++r.size;
    for (int k = 0; k < span; ++k) {
      // Present at the end of week k: never left, or left in a later week.
      if (m.left_week == kNever || m.left_week > m.cohort_week + k) ++r.present[k];
      if (k < 64 && (m.weeks_spoken >> k) & 1) ++r.speaking[k];
    }
  }
  nlohmann::json& cohorts = out["cohorts"];
  cohorts = nlohmann::json::object();
  for (const auto& [week, r] : rows) {
    int64_t monday = static_cast<int64_t>(week) * 7 - 3;
    nlohmann::json present = nlohmann::json::array(), speaking = nlohmann::json::array();
    for (size_t k = 0; k < r.present.size(); ++k) {
      present.push_back(Share(r.present[k], r.size));
      speaking.push_back(Share(r.speaking[k], r.size));
    }
    cohorts[TimeZone::DayString(monday)] = {{"size", r.size}, {"present", present}, {"speaking", speaking}};
  }
  nlohmann::json& churn = out["churn_by_channel"];
  churn = nlohmann::json::object();
  for (const auto& [channel, c] : churn_) {
    int64_t joined = std::max<int64_t>(c.joins, 1);
    churn[channel] = {{"joins", c.joins}, {"leaves", c.leaves}, {"present", c.present}, {"churn_rate", Share(c.leaves, joined)}};
  }
}

void Analytics::LevelsJson(nlohmann::json& out) const {
  const auto& rules = cfg_->levels.rules();
  std::vector<int64_t> counts(rules.size());
  for (const MemberState& m : members_)
    if (m.groups_present > 0) ++counts[m.level];
  nlohmann::json& pyramid = out["pyramid"];
  pyramid = nlohmann::json::object();
  for (size_t i = 0; i < rules.size(); ++i) pyramid[rules[i].name] = counts[i];
  nlohmann::json& ladder = out["rules"];
  ladder = nlohmann::json::object();
  for (size_t i = 1; i < rules.size(); ++i) {
    nlohmann::json all = nlohmann::json::object(), any = nlohmann::json::object();
    for (const auto& [metric, min] : rules[i].all) all[std::string(MetricName(metric))] = min;
    for (const auto& [metric, min] : rules[i].any) any[std::string(MetricName(metric))] = min;
    ladder[rules[i].name] = {{"all", all}, {"any", any}};
  }
  out["half_life_days"] = cfg_->levels.half_life_days();
  out["demote_margin"] = cfg_->levels.demote_margin();
}

void Analytics::ConversionsJson(nlohmann::json& out) const {
  struct Tally {
    int64_t count = 0, members = 0;
    double value = 0;
  };
  std::map<std::string, Tally> by_goal;
  std::map<std::string, std::map<std::string, int64_t>> by_channel, by_inviter, by_campaign;
  for (const MemberState& m : members_) {
    std::map<std::string, bool> seen;
    for (const Conversion& c : m.conversions) {
      Tally& t = by_goal[c.goal];
      ++t.count;
      t.value += c.value;
      if (!seen[c.goal]) {
        seen[c.goal] = true;
        ++t.members;
      }
      ++by_channel[ChannelKey(m)][c.goal];
      if (!m.inviter.empty()) ++by_inviter[m.inviter][c.goal];
      if (!c.campaign.empty()) ++by_campaign[c.campaign][c.goal];
    }
  }
  nlohmann::json& goals = out["by_goal"];
  goals = nlohmann::json::object();
  int64_t present_ever = 0;
  for (const MemberState& m : members_) present_ever += m.first_joined != 0;
  for (const auto& [goal, t] : by_goal)
    goals[goal] = {{"count", t.count}, {"members", t.members}, {"value", t.value}, {"rate", Share(t.members, present_ever)}};
  out["by_channel"] = by_channel;
  out["by_inviter"] = by_inviter;
  out["by_campaign"] = by_campaign;
  int64_t pending = 0;
  for (const auto& [member, list] : pending_) pending += static_cast<int64_t>(list.size());
  out["unattributed"] = {{"conversions", pending}, {"members", static_cast<int64_t>(pending_.size())}};
  out["elsewhere"] = conversions_elsewhere_;

  nlohmann::json& funnels = out["funnels"];
  funnels = nlohmann::json::object();
  for (const Funnel& f : cfg_->funnels) {
    std::vector<int64_t> reached(f.steps.size());
    std::vector<std::vector<double>> hours(f.steps.size());
    for (const MemberState& m : members_) {
      Micros at = 0;
      for (size_t s = 0; s < f.steps.size(); ++s) {
        Micros t = 0;
        if (f.steps[s] == "join") {
          t = m.first_joined;
        } else {
          // The first conversion to this goal no earlier than the previous step.
          for (const Conversion& c : m.conversions)
            if (c.goal == f.steps[s] && c.ts >= at && (t == 0 || c.ts < t)) t = c.ts;
        }
        if (t == 0 || t < at) break;
        ++reached[s];
        if (s > 0) hours[s].push_back(static_cast<double>(t - at) / kMicrosPerHour);
        at = t;
      }
    }
    nlohmann::json steps = nlohmann::json::array();
    for (size_t s = 0; s < f.steps.size(); ++s) {
      nlohmann::json step = {{"step", f.steps[s]}, {"members", reached[s]}};
      if (s > 0) {
        step["rate_from_previous"] = Share(reached[s], reached[s - 1]);
        step["rate_from_first"] = Share(reached[s], reached[0]);
        auto& h = hours[s];
        if (!h.empty()) {
          std::sort(h.begin(), h.end());
          step["median_hours_to_convert"] = Round(h[h.size() / 2]);
        }
      }
      steps.push_back(std::move(step));
    }
    funnels[f.name] = {{"steps", steps}};
  }
}

void Analytics::HealthJson(nlohmann::json& out, bool with_groups) const {
  out["as_of"] = now_day_ == kNever ? "" : TimeZone::DayString(now_day_);
  CommunityJson(out["community"]);
  nlohmann::json groups = nlohmann::json::object();
  std::map<std::string, int64_t> stages;
  nlohmann::json dying = nlohmann::json::array();
  for (const auto& g : groups_) {
    nlohmann::json j;
    GroupJson(g, j);
    ++stages[j["stage"].get<std::string>()];
    if (j["warning"].get<bool>()) dying.push_back(g.id);
    if (with_groups) groups[g.id] = std::move(j);
  }
  if (with_groups) out["groups"] = std::move(groups);
  out["stages"] = stages;
  out["warnings"] = dying;
}

bool Analytics::Lookup(std::string_view key, nlohmann::json& out) const {
  if (key == "@summary" || key == "@groups") {
    HealthJson(out, key == "@groups");
    return true;
  }
  return Profile(key, out);
}

void Analytics::Report(nlohmann::json& out) const {
  HealthJson(out, /*with_groups=*/true);
  nlohmann::json& groups = out["groups"];
  out["lifecycle_rules"] = {
      {"cold_start", "age < " + std::to_string(cfg_->lifecycle.cold_start_days) + " days"},
      {"dead", "no member message for >= " + std::to_string(cfg_->lifecycle.dead_days) + " days"},
      {"declining", "messages last 7 days / previous 7 days < " + std::to_string(cfg_->lifecycle.decline_ratio) +
                        " (previous >= " + std::to_string(cfg_->lifecycle.min_messages) + ")"},
      {"growing", "members up >= " + std::to_string(cfg_->lifecycle.growth_ratio * 100) + "% in 7 days"},
      {"warning", "at least " + std::to_string(cfg_->lifecycle.warn_min_signals) + " of: quiet >= " +
                      std::to_string(cfg_->lifecycle.warn_quiet_days) + " days; messages this week / last <= " +
                      std::to_string(cfg_->lifecycle.warn_trend_ratio) + "; speaker-days this week / last <= " +
                      std::to_string(cfg_->lifecycle.warn_speaker_ratio)}};

  // Concentration over members' message counts, community-wide and per group.
  std::vector<int64_t> counts;
  counts.reserve(members_.size());
  for (const MemberState& m : members_) counts.push_back(m.messages);
  Concentration c = MeasureConcentration(counts, cfg_->top_fraction);
  out["concentration"] = {{"top_fraction", cfg_->top_fraction}, {"top_share", Round(c.top_share)},
                          {"gini", Round(c.gini)},             {"speakers", c.speakers},
                          {"messages", c.messages}};
  std::vector<std::vector<int64_t>> per_group(groups_.size());
  for (const auto& [key, ms] : memberships_) per_group[key >> 32].push_back(ms.messages);
  for (size_t gi = 0; gi < groups_.size(); ++gi) {
    Concentration gc = MeasureConcentration(per_group[gi], cfg_->top_fraction);
    groups[groups_[gi].id]["concentration"] = {{"top_share", Round(gc.top_share)}, {"gini", Round(gc.gini)}};
  }
  RetentionJson(out["retention"]);
  LevelsJson(out["levels"]);
  ConversionsJson(out["conversions"]);
  CrmJson(out["crm"]);
  out["digest"] = {{"sent", digests_sent_}, {"text", DigestText()}};
  StaffJson(out["staff_moderation"]);
}

std::string Analytics::DigestText() const {
  const int32_t d = now_day_;
  int64_t messages = 0, fresh = 0, left = 0;
  // d - 6 only once d is a day: kNever is INT32_MIN.
  for (auto it = d == kNever ? days_.end() : days_.lower_bound(d - 6); it != days_.end(); ++it) {
    messages += it->second.messages;
    fresh += it->second.new_members;
    left += it->second.left_members;
  }
  int64_t wau = d == kNever ? 0 : Within(last_active_, d - 6, d);
  std::string dying;
  for (const auto& g : groups_) {
    if (g.first_day == kNever || d == kNever) continue;
    GroupHealth h = AssessGroup(g.days, g.first_day, d, g.members, cfg_->lifecycle);
    if (h.warning || h.stage == "dead") dying += (dying.empty() ? "" : ", ") + g.id + " (" + h.stage + ")";
  }
  std::string text = cfg_->digest_text;
  auto put = [&](const std::string& key, const std::string& value) {
    for (size_t p; (p = text.find(key)) != std::string::npos;) text.replace(p, key.size(), value);
  };
  put("{week}", d == kNever ? "" : TimeZone::DayString(d));
  put("{members}", std::to_string(members_present_));
  put("{new}", std::to_string(fresh));
  put("{left}", std::to_string(left));
  put("{messages}", std::to_string(messages));
  put("{speakers}", std::to_string(wau));
  int64_t pct = members_present_ > 0 ? (wau * 100 + members_present_ / 2) / members_present_ : 0;
  put("{share_spoke_7d}", std::to_string(pct) + "%");
  put("{dying}", dying.empty() ? "-" : dying);
  return text;
}

}  // namespace shoal::analytics
