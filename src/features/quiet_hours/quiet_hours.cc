#include "features/quiet_hours/quiet_hours.h"

#include <nlohmann/json.hpp>

#include "features/common/command_args.h"
#include "features/common/text_template.h"
#include "shoal/event_codec.h"

namespace shoal {

namespace {
constexpr uint64_t kEndTagBase = 1ULL << 32;  // + token; below it: the period index's next start

std::string Joined(const std::set<std::string>& s) {
  std::string out;
  for (const auto& m : s) out += (out.empty() ? "" : ",") + m;
  return out;
}
}  // namespace

bool QuietHours::IsQuiet(std::string_view group, Micros now) const {
  auto it = groups_.find(group);
  return it != groups_.end() && it->second.until > now;
}

void QuietHours::ScheduleNext(Context& ctx, size_t period) {
  if (auto next = NextWindow(cfg_.periods[period].window, ctx.now(), *zone_)) ctx.Schedule(next->start, period);
}

void QuietHours::Arm(Context& ctx) {
  armed_ = true;
  for (size_t i = 0; i < cfg_.periods.size(); ++i) {
    // Started mid-period (a deploy at midnight): quiet now, not from tomorrow.
    if (auto now = CurrentWindow(cfg_.periods[i].window, ctx.now(), *zone_)) {
      for (const auto& g : cfg_.groups.Groups(ctx.community())) {
        if (cfg_.periods[i].groups.Contains(g)) Begin(ctx, g, now->end, cfg_.periods[i].name, cfg_.periods[i].exempt);
      }
    }
    ScheduleNext(ctx, i);
  }
}

void QuietHours::Begin(Context& ctx, const std::string& group, Micros until, const std::string& name,
                       const std::set<std::string, std::less<>>& exempt) {
  GroupQuiet& q = groups_[group];
  bool extending = q.until > ctx.now();
  if (extending && until <= q.until) {
    q.exempt.insert(exempt.begin(), exempt.end());
    return;
  }
  ends_.erase(q.token);
  q.token = next_token_++;
  ends_[q.token] = group;
  ctx.Schedule(until, kEndTagBase + q.token);
  q.until = until;
  if (extending) {
    q.exempt.insert(exempt.begin(), exempt.end());
  } else {
    q.name = name;
    q.exempt = std::set<std::string>(exempt.begin(), exempt.end());
    q.exempt.insert(cfg_.exempt.begin(), cfg_.exempt.end());
    q.reminded.clear();
    ++(name == cfg_.manual_name ? q.manual : q.periods);
  }
  std::string extra = "\"period\":";
  AppendJsonString(q.name, &extra);
  if (!q.exempt.empty()) {
    extra += ",\"exempt\":[";
    bool first = true;
    for (const auto& m : q.exempt) {
      if (!first) extra += ",";
      first = false;
      AppendJsonString(m, &extra);
    }
    extra += "]";
  }
  ctx.Emit({.type = ActionType::kWholeMute, .group = group, .seconds = (until - ctx.now() + kMicrosPerSecond - 1) / kMicrosPerSecond,
            .reason = extending ? "quiet:extend" : "quiet:start", .extra = std::move(extra)});
  if (!extending && !cfg_.start_notice.empty())
    ctx.Emit({.type = ActionType::kSend, .group = group,
              .text = RenderTemplate(cfg_.start_notice, {{"group", GroupName(ctx.config(), group)},
                                                         {"name", q.name},
                                                         {"until", FormatLocalDateTime(until, *zone_)}}),
              .reason = "quiet:start_notice"});
}

void QuietHours::End(Context& ctx, const std::string& group, GroupQuiet& q) {
  ends_.erase(q.token);
  q.token = 0;
  q.until = 0;
  q.reminded.clear();
  ctx.Emit({.type = ActionType::kWholeMute, .group = group, .seconds = 0, .reason = "quiet:end"});
  if (!cfg_.end_notice.empty())
    ctx.Emit({.type = ActionType::kSend, .group = group,
              .text = RenderTemplate(cfg_.end_notice, {{"group", GroupName(ctx.config(), group)}, {"name", q.name}}),
              .reason = "quiet:end_notice"});
}

bool QuietHours::HandleCommand(const Event& e, Context& ctx) {
  auto rest = CommandRest(TrimText(e.text), cfg_.command);
  if (!rest || !ctx.IsStaff(e.member)) return false;
  CommandLine line = ParseCommandLine(*rest);
  auto usage = [&] {
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(cfg_.usage, {{"command", cfg_.command}}), .reason = "quiet:usage"});
    return true;
  };
  if (line.words.size() == 1 && line.words[0] == "off" && line.options.empty()) {
    auto it = groups_.find(e.group);
    if (it == groups_.end() || it->second.until <= ctx.now()) return usage();
    End(ctx, e.group, it->second);
    return true;
  }
  if (line.words.size() != 2 || line.words[0] != "on") return usage();
  auto d = ParseDurationWord(line.words[1]);
  if (!d || *d < kMicrosPerMinute || *d > 7 * kMicrosPerDay) return usage();
  std::set<std::string, std::less<>> exempt;
  for (const auto& [k, v] : line.options) {
    if (k != "exempt") return usage();
    for (auto& m : SplitList(v)) exempt.insert(std::move(m));
  }
  Begin(ctx, e.group, ctx.now() + *d, cfg_.manual_name, exempt);
  return true;
}

void QuietHours::OnEvent(const Event& e, Context& ctx) {
  if (!armed_) Arm(ctx);
  if (e.type != EventType::kMessage || ctx.removed() || !cfg_.groups.Contains(e.group)) return;
  if (HandleCommand(e, ctx)) return;
  auto it = groups_.find(e.group);
  if (it == groups_.end() || it->second.until <= e.ts.utc) return;
  GroupQuiet& q = it->second;
  if (!cfg_.enforce || q.exempt.count(e.member) || ctx.IsStaff(e.member)) return;
  ++q.deleted;
  ctx.MarkRemoved("quiet");
  if (!e.msg_id.empty()) ctx.Emit({.type = ActionType::kDelete, .group = e.group, .member = e.member, .msg_id = e.msg_id, .reason = "quiet:delete"});
  if (!cfg_.reminder.empty() && q.reminded.insert(e.member).second)
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(cfg_.reminder, {{"name", DisplayName(ctx, e.member)},
                                                     {"until", FormatLocalDateTime(q.until, *zone_)}}),
              .reason = "quiet:reminder"});
}

void QuietHours::OnTimer(uint64_t tag, Context& ctx) {
  if (tag >= kEndTagBase) {
    auto it = ends_.find(tag - kEndTagBase);
    if (it == ends_.end()) return;  // ended early or extended: a stale timer
    GroupQuiet& q = groups_[it->second];
    std::string group = it->second;
    End(ctx, group, q);
    return;
  }
  if (tag >= cfg_.periods.size()) return;
  const auto& p = cfg_.periods[tag];
  auto span = CurrentWindow(p.window, ctx.now(), *zone_);
  if (span) {
    for (const auto& g : cfg_.groups.Groups(ctx.community())) {
      if (p.groups.Contains(g)) Begin(ctx, g, span->end, p.name, p.exempt);
    }
  }
  ScheduleNext(ctx, tag);
}

void QuietHours::Save(SnapshotWriter& w) const {
  w.Bool(armed_);
  w.U64(next_token_);
  w.U64(groups_.size());
  for (const auto& [g, q] : groups_) {
    w.Str(g);
    w.I64(q.until);
    w.U64(q.token);
    w.Str(q.name);
    for (const auto* set : {&q.exempt, &q.reminded}) {
      w.U64(set->size());
      for (const auto& m : *set) w.Str(m);
    }
    w.I64(q.periods);
    w.I64(q.manual);
    w.I64(q.deleted);
  }
}

bool QuietHours::Load(SnapshotReader& r) {
  groups_.clear();
  ends_.clear();
  armed_ = r.Bool();
  next_token_ = r.U64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string g = r.Str();
    GroupQuiet& q = groups_[g];
    q.until = r.I64();
    q.token = r.U64();
    q.name = r.Str();
    for (auto* set : {&q.exempt, &q.reminded}) {
      uint64_t k = r.Count();
      for (uint64_t j = 0; j < k && r.ok(); ++j) set->insert(r.Str());
    }
    q.periods = r.I64();
    q.manual = r.I64();
    q.deleted = r.I64();
    if (q.token >= next_token_) r.Fail();
    if (q.token) ends_[q.token] = g;
  }
  return r.ok();
}

bool QuietHours::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto it = groups_.find(group);
  if (it == groups_.end()) return false;
  const GroupQuiet& q = it->second;
  out = {{"quiet", q.token != 0}, {"until", q.token ? FormatLocalDateTime(q.until, *zone_) : ""},
         {"period", q.token ? q.name : ""}, {"exempt", Joined(q.exempt)},
         {"periods", q.periods}, {"manual", q.manual}, {"deleted", q.deleted}};
  return true;
}

void QuietHours::Report(nlohmann::json& out) const {
  int64_t periods = 0, manual = 0, deleted = 0, quiet_now = 0;
  nlohmann::json& groups = out["groups"];
  groups = nlohmann::json::object();
  for (const auto& [g, q] : groups_) {
    periods += q.periods;
    manual += q.manual;
    deleted += q.deleted;
    quiet_now += q.token != 0;
    ReportGroup(g, groups[g]);
  }
  out["periods_started"] = periods;
  out["manual_started"] = manual;
  out["deleted"] = deleted;
  out["quiet_now"] = quiet_now;
}

namespace {

std::unique_ptr<Feature> CreateQuietHours(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  QuietHoursConfig cfg;
  cfg.groups = ReadGroupScope(s, "groups", env);
  for (const auto& m : s.Strings("exempt")) cfg.exempt.insert(m);
  std::set<std::string> names;
  for (ConfigSection& p : s.List("periods")) {
    QuietHoursConfig::Period period;
    period.window.from = p.ClockTime("from", -1);
    period.window.to = p.ClockTime("to", -1);
    if (period.window.from < 0) p.Error("from", "a quiet period needs a start time", "e.g. from: \"23:00\"");
    if (period.window.to < 0) p.Error("to", "a quiet period needs an end time", "e.g. to: \"07:00\"");
    if (period.window.from >= 0 && period.window.from == period.window.to)
      p.Error("to", "ends when it starts", "a quiet period is shorter than a day, e.g. from 23:00 to 07:00");
    period.name = p.Str("name", "period" + std::to_string(cfg.periods.size() + 1));
    if (!names.insert(period.name).second) p.Error("name", "two periods are called '" + period.name + "'");
    if (p.Has("days")) {
      period.window.weekdays = 0;
      for (const auto& d : p.Strings("days")) {
        int v = d.size() == 1 ? d[0] - '0' : 0;
        if (v < 1 || v > 7) p.Error("days", "'" + d + "' is not an ISO weekday", "1 = Monday … 7 = Sunday");
        else period.window.weekdays |= static_cast<uint8_t>(1u << (v - 1));
      }
    }
    if (p.Has("date")) {
      std::string date = p.Str("date");
      int y, m, d;
      char extra;
      if (std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        p.Error("date", "'" + date + "' is not a date", "write YYYY-MM-DD");
      else period.window.date = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    }
    period.groups = ReadGroupScope(p, "groups", env);
    for (const auto& m : p.Strings("exempt")) period.exempt.insert(m);
    p.Finish();
    cfg.periods.push_back(std::move(period));
  }
  cfg.enforce = s.Bool("enforce", cfg.enforce);
  cfg.command = s.Str("command", cfg.command);
  if (cfg.command.empty()) s.Error("command", "must not be empty");
  cfg.manual_name = s.Str("manual_name", cfg.manual_name);
  if (names.count(cfg.manual_name)) s.Error("manual_name", "is also the name of a scheduled period");
  cfg.start_notice = ReadTemplate(s, "start_notice", "{group}: quiet until {until}", {"group", "name", "until"});
  cfg.end_notice = ReadTemplate(s, "end_notice", "{group}: the quiet period is over", {"group", "name"});
  cfg.reminder = ReadTemplate(s, "reminder", "", {"name", "until"});
  cfg.usage = ReadTemplate(s, "usage", "{command} on 1h [exempt=member,member] | {command} off", {"command"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<QuietHours>(std::move(cfg), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(quiet_hours, FeatureSpec{
    .name = "quiet_hours",
    .order = 120,
    .scope = FeatureScope::kCommunity,
    .create = CreateQuietHours,
});

}  // namespace shoal
