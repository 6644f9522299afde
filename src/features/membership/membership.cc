#include "features/membership/membership.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "features/common/command_args.h"
#include "features/common/group_scope.h"
#include "features/common/text_template.h"

namespace shoal {

namespace {
constexpr uint64_t kDailyTag = 1;

int64_t MonthOf(int64_t day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  return static_cast<int64_t>(y) * 12 + (m - 1);
}
std::string MonthLabel(int64_t month) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(month / 12), static_cast<long long>(month % 12 + 1));
  return buf;
}
}  // namespace

bool PaidMembership::IsActive(std::string_view member, Micros now) const {
  auto it = members_.find(member);
  return it != members_.end() && !it->second.lapsed && it->second.until + cfg_.grace > now;
}

void PaidMembership::ScheduleDaily(Context& ctx) {
  int64_t day = zone_->LocalDay(ctx.now());
  Micros due = zone_->ToUtc(day, cfg_.at_minute);
  if (due <= ctx.now()) due = zone_->ToUtc(day + 1, cfg_.at_minute);
  ctx.Schedule(due, kDailyTag);
}

void PaidMembership::Dm(Context& ctx, const std::string& member, const std::string& tmpl, const Member& m,
                        const std::string& reason, int64_t days) {
  if (tmpl.empty()) return;
  TemplateVars vars{{"name", DisplayName(ctx, member)},
                    {"group", GroupName(ctx.config(), cfg_.group)},
                    {"until", TimeZone::DayString(zone_->LocalDay(m.until))},
                    {"days", std::to_string(days)},
                    {"downgrade_group", cfg_.downgrade_to.empty() ? "" : GroupName(ctx.config(), cfg_.downgrade_to)}};
  ctx.Emit({.type = ActionType::kDm, .member = member, .text = RenderTemplate(tmpl, vars), .reason = reason});
}

void PaidMembership::OnPayment(const Event& e, Context& ctx) {
  if (std::find(cfg_.goals.begin(), cfg_.goals.end(), e.goal) == cfg_.goals.end() || e.member.empty()) return;
  Micros term = cfg_.term;
  auto extra = nlohmann::json::parse("{" + e.extra + "}", nullptr, false);
  if (!cfg_.plan.empty()) {
    if (extra.is_discarded() || !extra.contains("plan") || extra["plan"] != cfg_.plan) return;  // another plan's payment
  }
  int64_t day = zone_->LocalDay(e.ts.utc);
  Month& month = months_[MonthOf(day)];
  ++month.payments;
  month.amount += e.value;
  if (!extra.is_discarded() && extra.contains("term_days")) {
    const auto& t = extra["term_days"];
    double days = t.is_number() ? t.get<double>() : 0;
    if (days <= 0 || days > 36500) {
      // The money is counted; the grant waits for staff rather than guessing a term.
      ++bad_terms_;
      ctx.Emit({.type = ActionType::kAlert, .group = cfg_.group, .member = e.member,
                .text = RenderTemplate(cfg_.bad_term, {{"name", DisplayName(ctx, e.member)}, {"term", t.dump()}}),
                .reason = "membership:bad_term"});
      return;
    }
    term = static_cast<Micros>(std::llround(days * static_cast<double>(kMicrosPerDay)));
  }
  auto [it, fresh] = members_.try_emplace(e.member);
  Member& m = it->second;
  bool renewal = !fresh && !m.lapsed && m.until > e.ts.utc;
  if (fresh) {
    m.since = e.ts.utc;
    ++month.fresh;
  } else if (renewal) {
    ++month.renewals;
  } else {
    ++month.returning;
  }
  m.until = (renewal ? m.until : e.ts.utc) + term;
  m.reminded = 0;
  m.lapsed = false;
  ++m.payments;
  m.paid += e.value;
  Dm(ctx, e.member, renewal ? cfg_.renewed : cfg_.granted, m,
     renewal ? "membership:renewed" : fresh ? "membership:granted" : "membership:returned");
}

void PaidMembership::Expire(Context& ctx, const std::string& id, Member& m) {
  m.lapsed = true;
  ++expired_;
  if (cfg_.downgrade) ++downgraded_;
  Id gid = ctx.ids().Find(cfg_.group);
  Id mid = ctx.ids().Find(id);
  const auto* ms = gid == kNoId || mid == kNoId ? nullptr : ctx.roster().Find(gid, mid);
  if (ms && ms->present)
    ctx.Emit({.type = ActionType::kKick, .group = cfg_.group, .member = id, .ban = false,
              .reason = cfg_.downgrade ? "membership:downgraded" : "membership:expired"});
  Dm(ctx, id, cfg_.downgrade ? cfg_.downgraded : cfg_.expired, m,
     cfg_.downgrade ? "membership:downgraded" : "membership:expired");
}

void PaidMembership::Sweep(Context& ctx) {
  Micros now = ctx.now();
  for (auto& [id, m] : members_) {
    if (m.lapsed) continue;
    if (m.until + cfg_.grace <= now) {
      Expire(ctx, id, m);
      continue;
    }
    // The nearest threshold crossed and not yet sent; catching up sends one reminder, not three.
    int crossed = -1;
    for (size_t i = 0; i < cfg_.remind_before.size(); ++i) {
      if (m.until - now <= cfg_.remind_before[i]) crossed = static_cast<int>(i);
    }
    if (crossed < 0 || (m.reminded & (1u << crossed))) continue;
    for (int i = 0; i <= crossed; ++i) m.reminded |= 1u << i;
    ++reminders_;
    int64_t days = std::max<int64_t>(0, (m.until - now + kMicrosPerDay - 1) / kMicrosPerDay);
    Dm(ctx, id, cfg_.reminder, m, "membership:remind", days);
  }
}

void PaidMembership::OnEvent(const Event& e, Context& ctx) {
  if (!cfg_.active) return;
  now_ = std::max(now_, e.ts.utc);
  if (!armed_) {
    armed_ = true;
    ScheduleDaily(ctx);
  }
  if (e.type == EventType::kConversion) {
    OnPayment(e, ctx);
  } else if (e.type == EventType::kJoin && cfg_.members_only && e.group == cfg_.group && !ctx.IsStaff(e.member) &&
             !IsActive(e.member, e.ts.utc)) {
    ++refused_joins_;
    ctx.Emit({.type = ActionType::kKick, .group = e.group, .member = e.member, .ban = false,
              .reason = "membership:not_member"});
    Member none;
    auto it = members_.find(e.member);
    Dm(ctx, e.member, cfg_.not_member, it == members_.end() ? none : it->second, "membership:not_member");
  }
}

void PaidMembership::OnTimer(uint64_t tag, Context& ctx) {
  if (tag != kDailyTag) return;
  now_ = std::max(now_, ctx.now());
  Sweep(ctx);
  ScheduleDaily(ctx);
}

void PaidMembership::Save(SnapshotWriter& w) const {
  w.Bool(armed_);
  w.I64(now_);
  w.U64(members_.size());
  for (const auto& [id, m] : members_) {
    w.Str(id);
    w.I64(m.since);
    w.I64(m.until);
    w.I64(m.payments);
    w.F64(m.paid);
    w.U64(m.reminded);
    w.Bool(m.lapsed);
  }
  w.U64(months_.size());
  for (const auto& [k, m] : months_) {
    w.I64(k);
    w.I64(m.payments);
    w.I64(m.fresh);
    w.I64(m.renewals);
    w.I64(m.returning);
    w.F64(m.amount);
  }
  for (int64_t v : {reminders_, expired_, downgraded_, refused_joins_, bad_terms_}) w.I64(v);
}

bool PaidMembership::Load(SnapshotReader& r) {
  members_.clear();
  months_.clear();
  armed_ = r.Bool();
  now_ = r.I64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Member& m = members_[r.Str()];
    m.since = r.I64();
    m.until = r.I64();
    m.payments = r.I64();
    m.paid = r.F64();
    m.reminded = static_cast<uint32_t>(r.U64());
    m.lapsed = r.Bool();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Month& m = months_[r.I64()];
    m.payments = r.I64();
    m.fresh = r.I64();
    m.renewals = r.I64();
    m.returning = r.I64();
    m.amount = r.F64();
  }
  for (int64_t* v : {&reminders_, &expired_, &downgraded_, &refused_joins_, &bad_terms_}) *v = r.I64();
  return r.ok();
}

void PaidMembership::Report(nlohmann::json& out) const {
  if (!cfg_.active) return;
  int64_t active = 0, expiring = 0, lapsed = 0;
  double revenue = 0;
  for (const auto& [id, m] : members_) {
    if (m.lapsed || m.until + cfg_.grace <= now_) {
      ++lapsed;
      continue;
    }
    ++active;
    if (m.until - now_ <= cfg_.expiring_within) ++expiring;
  }
  out["group"] = cfg_.group;
  out["active"] = active;
  out["expiring"] = expiring;
  out["lapsed"] = lapsed;
  out["reminders"] = reminders_;
  out["expired"] = expired_;
  out["downgraded"] = downgraded_;
  out["refused_joins"] = refused_joins_;
  out["bad_terms"] = bad_terms_;
  nlohmann::json& by_month = out["revenue_by_month"];
  by_month = nlohmann::json::object();
  for (const auto& [k, m] : months_) {
    revenue += m.amount;
    by_month[MonthLabel(k)] = {{"payments", m.payments}, {"amount", m.amount}, {"new", m.fresh},
                               {"renewals", m.renewals}, {"returning", m.returning}};
  }
  out["revenue"] = revenue;
  constexpr size_t kReportMembers = 500;  // the soonest to expire when there are more
  std::vector<const std::pair<const std::string, Member>*> listed;
  for (const auto& kv : members_) listed.push_back(&kv);
  if (listed.size() > kReportMembers) {
    std::stable_sort(listed.begin(), listed.end(), [](const auto* a, const auto* b) { return a->second.until < b->second.until; });
    listed.resize(kReportMembers);
  }
  nlohmann::json& members = out["members"];
  members = nlohmann::json::object();
  for (const auto* kv : listed) {
    const Member& m = kv->second;
    bool gone = m.lapsed || m.until + cfg_.grace <= now_;
    members[kv->first] = {{"until", TimeZone::DayString(zone_->LocalDay(m.until))},
                          {"state", gone ? "lapsed" : m.until - now_ <= cfg_.expiring_within ? "expiring" : "active"},
                          {"payments", m.payments}, {"paid", m.paid}};
  }
}

namespace {

std::unique_ptr<Feature> CreateMembership(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  MembershipConfig cfg;
  cfg.group = s.RequiredStr("group");
  const CommunityConfig* owner = nullptr;
  if (!cfg.group.empty() && !env.config.FindGroup(cfg.group, &owner))
    s.Error("group", "unknown group '" + cfg.group + "'", "name the VIP group by id, e.g. qq:123");
  cfg.active = !env.community || owner == env.community;  // another community's VIP group: inert here
  if (s.Has("goals")) cfg.goals = s.Strings("goals");
  if (cfg.goals.empty()) s.Error("goals", "needs at least one conversion goal", "e.g. [paid]");
  cfg.plan = s.Str("plan", "");
  if (s.Has("term")) {
    YAML::Node t = s.Raw("term");
    std::string text = t.IsScalar() ? t.Scalar() : "";
    Micros term = ParseDurationWord(text).value_or(-1);
    bool negative = !text.empty() && text[0] == '-';
    if (negative || term == 0) s.Error("term", "a membership term must be positive, not '" + text + "'", "e.g. 365d");
    else if (term < 0) s.Error("term", "'" + text + "' is not a duration", "e.g. 365d, 30d");
    else if (term < kMicrosPerDay) s.Error("term", "a term under one day cannot be swept daily", "e.g. 30d");
    else cfg.term = term;
  }
  if (!s.Has("remind_before")) {
    // The default thresholds that a short term would cross on the day it is bought are dropped.
    std::erase_if(cfg.remind_before, [&](Micros d) { return d >= cfg.term / 2; });
  } else {
    cfg.remind_before.clear();
    for (const auto& w : s.Strings("remind_before")) {
      auto d = ParseDurationWord(w);
      if (!d || *d <= 0) s.Error("remind_before", "'" + w + "' is not a positive duration", "e.g. [30d, 7d, 1d]");
      else if (*d >= cfg.term) s.Error("remind_before", "'" + w + "' is not shorter than the term");
      else cfg.remind_before.push_back(*d);
    }
    if (cfg.remind_before.size() > 16) s.Error("remind_before", "at most 16 reminders");
    std::sort(cfg.remind_before.rbegin(), cfg.remind_before.rend());
    cfg.remind_before.erase(std::unique(cfg.remind_before.begin(), cfg.remind_before.end()), cfg.remind_before.end());
  }
  cfg.at_minute = s.ClockTime("at", cfg.at_minute);
  cfg.grace = s.Duration("grace", 0);
  std::string on_expiry = s.Str("on_expiry", "remove");
  if (on_expiry != "remove" && on_expiry != "downgrade") s.Error("on_expiry", "must be remove or downgrade");
  cfg.downgrade = on_expiry == "downgrade";
  cfg.downgrade_to = s.Str("downgrade_to", "");
  if (!cfg.downgrade_to.empty() && !env.config.FindGroup(cfg.downgrade_to))
    s.Error("downgrade_to", "unknown group '" + cfg.downgrade_to + "'");
  if (cfg.downgrade && cfg.downgrade_to.empty()) s.Error("downgrade_to", "on_expiry: downgrade needs the ordinary group", "e.g. downgrade_to: \"qq:1\"");
  cfg.members_only = s.Bool("members_only", false);
  cfg.expiring_within = s.Duration("expiring_within", cfg.expiring_within, kMicrosPerDay);
  std::vector<std::string> vars{"name", "group", "until", "days", "downgrade_group"};
  cfg.granted = ReadTemplate(s, "granted", "{name}: welcome to {group}, member until {until}", vars);
  cfg.renewed = ReadTemplate(s, "renewed", "{name}: renewed, member until {until}", vars);
  cfg.reminder = ReadTemplate(s, "reminder", "{name}: your membership of {group} ends on {until} ({days} days)", vars);
  cfg.expired = ReadTemplate(s, "expired", "{name}: your membership of {group} ended on {until}", vars);
  cfg.downgraded = ReadTemplate(s, "downgraded", "{name}: your membership of {group} ended on {until}; you stay in {downgrade_group}", vars);
  cfg.not_member = ReadTemplate(s, "not_member", "{name}: {group} is for members", vars);
  cfg.bad_term = ReadTemplate(s, "bad_term", "payment from {name} with term {term} not applied", {"name", "term"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<PaidMembership>(std::move(cfg), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(membership, FeatureSpec{
    .name = "membership",
    .order = 210,
    .scope = FeatureScope::kCommunity,
    .create = CreateMembership,
});

}  // namespace shoal
