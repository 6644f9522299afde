#include "features/cleanup/cleanup.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "features/checkin/checkin.h"
#include "features/common/command_args.h"
#include "features/common/text_template.h"

namespace shoal {

namespace {
constexpr uint64_t kDailyTag = 1;
constexpr size_t kPreviewLines = 30;

bool MessageRule(CleanupRuleKind k) { return k != CleanupRuleKind::kNoCheckinFor; }
uint64_t KeyOf(Id group, Id member) { return (static_cast<uint64_t>(group) << 32) | member; }
uint64_t GroupBegin(Id group) { return static_cast<uint64_t>(group) << 32; }
uint64_t GroupEnd(Id group) { return (static_cast<uint64_t>(group) << 32) | 0xffffffffu; }
}  // namespace

void Cleanup::ScheduleDaily(Context& ctx) {
  int64_t day = zone_->LocalDay(ctx.now());
  Micros due = zone_->ToUtc(day, cfg_.at_minute);
  if (due <= ctx.now()) due = zone_->ToUtc(day + 1, cfg_.at_minute);
  ctx.Schedule(due, kDailyTag);
}

Cleanup::GroupStats& Cleanup::Group(const std::string& group, Id id) {
  GroupStats& g = groups_[group];
  g.id = id;
  return g;
}

bool Cleanup::Exempt(Context& ctx, Id group, Id member, const std::string& member_name, const PaidMembership* vip) {
  if (cfg_.exempt.count(member_name)) return true;
  const MemberInfo* info = ctx.roster().FindMember(member);
  if (info && info->staff) return true;
  const Membership* ms = ctx.roster().Find(group, member);
  if (ms && ms->role != Role::kMember) return true;  // KOLs, admins, owners
  if (vip && vip->IsActive(member_name, ctx.now())) return true;
  return false;
}

std::vector<Cleanup::Candidate> Cleanup::Candidates(Context& ctx, const std::string& group, int64_t* present) {
  std::vector<Candidate> out;
  *present = 0;
  Id gid = ctx.ids().Find(group);
  if (gid == kNoId) return out;
  *present = ctx.roster().PresentCount(gid) - Group(group, gid).kicked;
  auto* checkin = ctx.Find<Checkin>("checkin");
  auto* vip = ctx.Find<PaidMembership>("membership");
  int64_t today = zone_->LocalDay(ctx.now());
  for (Id mid : ctx.roster().MembersOf(gid)) {
    const Membership* ms = ctx.roster().Find(gid, mid);
    if (!ms || !ms->present || kicked_.count(KeyOf(gid, mid))) continue;
    const std::string& member = ctx.ids().Name(mid);
    if (Exempt(ctx, gid, mid, member, vip)) continue;
    MemberActivity a;
    a.joined_at = ms->joined_at ? ms->joined_at : ms->first_joined;
    a.last_message = ms->last_message;
    a.join_day = zone_->LocalDay(a.joined_at);
    if (checkin) a.last_checkin_day = checkin->LastDay(member);
    for (uint32_t i = 0; i < cfg_.rules.size(); ++i) {
      if (!cfg_.rules[i].groups.Contains(group) || !RuleMatches(cfg_.rules[i].rule, a, ctx.now(), today)) continue;
      out.push_back({member, mid, i, LastActivity(a)});
      break;
    }
  }
  // Longest silent first: the order of the preview list and of capacity removals.
  std::sort(out.begin(), out.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.last_activity, x.member) < std::tie(y.last_activity, y.member);
  });
  return out;
}

void Cleanup::Reply(Context& ctx, const Event& e, std::string text, const std::string& reason) {
  if (text.empty()) return;
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = std::move(text), .reason = reason});
}

void Cleanup::Forget(const std::string& group, Key key) {
  warned_.erase(key);
  pending_.erase(key);
  if (kicked_.erase(key)) --groups_[group].kicked;
}

void Cleanup::Remove(Context& ctx, const std::string& group, Key key, const std::string& member, const std::string& label) {
  ctx.Emit({.type = ActionType::kKick, .group = group, .member = member, .ban = false, .reason = "cleanup:" + label});
  if (!cfg_.removed.empty())
    ctx.Emit({.type = ActionType::kSend, .group = group, .member = member,
              .text = RenderTemplate(cfg_.removed, {{"name", DisplayName(ctx, member)},
                                                    {"rule", label},
                                                    {"group", GroupName(ctx.config(), group)}}),
              .reason = "cleanup:notice"});
  Forget(group, key);
  kicked_.insert(key);
  ++groups_[group].kicked;
  ++removed_;
  ++removed_by_rule_[label];
}

void Cleanup::Scan(Context& ctx, const std::string& group, ScanMode mode, const Event* reply_to) {
  int64_t present = 0;
  std::vector<Candidate> cands = Candidates(ctx, group, &present);
  Id gid = ctx.ids().Find(group);
  if (gid == kNoId) return;  // nobody ever seen there
  GroupStats& gs = Group(group, gid);
  Micros now = ctx.now();
  bool over = present > 0 && static_cast<double>(cands.size()) > cfg_.max_share * static_cast<double>(present);
  bool guard_lifted = mode == ScanMode::kForce || gs.override_until > now;
  TemplateVars vars{{"group", GroupName(ctx.config(), group)},
                    {"count", std::to_string(cands.size())},
                    {"present", std::to_string(present)},
                    {"share", std::to_string(static_cast<int>(std::lround(cfg_.max_share * 100)))},
                    {"command", cfg_.command}};
  if (mode == ScanMode::kPreview) {
    int64_t warned = 0, due = 0;
    std::string text;
    for (size_t i = 0; i < cands.size(); ++i) {
      auto w = warned_.find(KeyOf(gid, cands[i].id));
      std::string state = w == warned_.end() ? "new" : now - w->second.at >= cfg_.grace ? "due" : "warned";
      warned += state != "new";
      due += state == "due";
      if (i < kPreviewLines)
        text += "\n" + RenderTemplate(cfg_.preview_line,
                                      {{"n", std::to_string(i + 1)},
                                       {"name", DisplayName(ctx, cands[i].member)},
                                       {"member", cands[i].member},
                                       {"rule", cfg_.rules[cands[i].rule].rule.label},
                                       {"days", std::to_string((now - cands[i].last_activity) / kMicrosPerDay)},
                                       {"state", state}});
    }
    if (cands.size() > kPreviewLines) text += "\n…";
    vars["warned"] = std::to_string(warned);
    vars["due"] = std::to_string(due);
    text = RenderTemplate(cfg_.preview_header, vars) + text;
    if (over && !guard_lifted) text += "\n" + RenderTemplate(cfg_.refused, vars);
    Reply(ctx, *reply_to, std::move(text), "cleanup:preview");
    return;
  }
  gs.present = present;
  gs.candidates = static_cast<int64_t>(cands.size());
  gs.last_scan_day = zone_->LocalDay(now);
  if (over && !guard_lifted) {
    // A rule that would empty the group is a mistake until staff say otherwise: nobody is warned.
    ++gs.refused;
    ctx.Emit({.type = ActionType::kAlert, .group = group, .text = RenderTemplate(cfg_.refused, vars),
              .reason = "cleanup:refused",
              .extra = "\"candidates\":" + std::to_string(cands.size()) + ",\"present\":" + std::to_string(present)});
    return;
  }
  // Warnings whose member no longer matches (spoke, checked in, became exempt) lapse.
  std::set<Key> matching;
  for (const auto& c : cands) matching.insert(KeyOf(gid, c.id));
  for (auto it = warned_.lower_bound(GroupBegin(gid)); it != warned_.end() && it->first <= GroupEnd(gid);) {
    if (matching.count(it->first)) {
      ++it;
      continue;
    }
    pending_.erase(it->first);
    ++recovered_;
    it = warned_.erase(it);
  }
  std::vector<const Candidate*> due;
  for (const auto& c : cands) {
    auto [it, fresh] = warned_.try_emplace(KeyOf(gid, c.id), Warning{now, c.rule, c.member});
    if (!fresh) {
      if (now - it->second.at >= cfg_.grace) due.push_back(&c);
      continue;
    }
    ++warnings_;
    const std::string& label = cfg_.rules[c.rule].rule.label;
    ctx.Emit({.type = ActionType::kSend, .group = group, .member = c.member,
              .text = RenderTemplate(cfg_.warn, {{"name", DisplayName(ctx, c.member)},
                                                 {"rule", label},
                                                 {"days", std::to_string((now - c.last_activity) / kMicrosPerDay)},
                                                 {"deadline", FormatLocalDateTime(now + cfg_.grace, *zone_)},
                                                 {"group", vars["group"]}}),
              .reason = "cleanup:warn:" + label});
  }
  if (due.empty()) return;
  if (cfg_.confirm && mode == ScanMode::kDaily) {
    size_t added = 0;
    for (const Candidate* c : due) added += pending_.emplace(KeyOf(gid, c->id), c->member).second;
    if (added == 0) return;  // staff were told about these already
    vars["count"] = std::to_string(due.size());
    ctx.Emit({.type = ActionType::kAlert, .group = group, .text = RenderTemplate(cfg_.ready, vars),
              .reason = "cleanup:ready", .extra = "\"pending\":" + std::to_string(due.size())});
    return;
  }
  for (const Candidate* c : due) Remove(ctx, group, KeyOf(gid, c->id), c->member, cfg_.rules[c->rule].rule.label);
}

void Cleanup::Confirm(Context& ctx, const Event& e) {
  int64_t present = 0;
  std::vector<Candidate> cands = Candidates(ctx, e.group, &present);  // re-checked: nobody who spoke since goes
  Id gid = ctx.group_id();
  int64_t removed = 0;
  for (const auto& c : cands) {
    Key key = KeyOf(gid, c.id);
    if (!pending_.count(key)) continue;
    Remove(ctx, e.group, key, c.member, cfg_.rules[c.rule].rule.label);
    ++removed;
  }
  pending_.erase(pending_.lower_bound(GroupBegin(gid)), pending_.upper_bound(GroupEnd(gid)));
  TemplateVars vars{{"group", GroupName(ctx.config(), e.group)}, {"count", std::to_string(removed)}};
  Reply(ctx, e, RenderTemplate(removed ? cfg_.confirmed : cfg_.nothing, vars),
        removed ? "cleanup:confirmed" : "cleanup:nothing");
}

bool Cleanup::HandleCommand(const Event& e, Context& ctx) {
  auto rest = CommandRest(TrimText(e.text), cfg_.command);
  if (!rest || !ctx.IsStaff(e.member)) return false;
  auto words = SplitWords(*rest);
  std::string verb = words.size() == 1 ? words[0] : "";
  if (verb == "preview") {
    Scan(ctx, e.group, ScanMode::kPreview, &e);
  } else if (verb == "confirm") {
    Confirm(ctx, e);
  } else if (verb == "force") {
    Group(e.group, ctx.group_id()).override_until = ctx.now() + cfg_.grace + kMicrosPerDay;
    int64_t removed_before = removed_, warned_before = warnings_;
    Scan(ctx, e.group, ScanMode::kForce, &e);
    TemplateVars vars{{"group", GroupName(ctx.config(), e.group)},
                      {"count", std::to_string(removed_ - removed_before)},
                      {"warned", std::to_string(warnings_ - warned_before)}};
    Reply(ctx, e, RenderTemplate(cfg_.forced, vars), "cleanup:forced");
  } else {
    Reply(ctx, e, RenderTemplate(cfg_.usage, {{"command", cfg_.command}}), "cleanup:usage");
  }
  return true;
}

void Cleanup::CapacityCheck(Context& ctx, const Event& e) {
  const GroupConfig* g = ctx.config().FindGroup(e.group);
  if (cfg_.capacity_at <= 0 || !g || g->capacity <= 0) return;
  Id gid = ctx.group_id();
  int64_t present = ctx.roster().PresentCount(gid) - Group(e.group, gid).kicked;
  auto trigger = static_cast<int64_t>(std::ceil(cfg_.capacity_at * static_cast<double>(g->capacity)));
  if (present < trigger) return;
  auto target = static_cast<int64_t>(std::floor(cfg_.capacity_down_to * static_cast<double>(g->capacity)));
  std::vector<Candidate> silent;
  auto* vip = ctx.Find<PaidMembership>("membership");
  for (Id mid : ctx.roster().MembersOf(gid)) {
    const Membership* ms = ctx.roster().Find(gid, mid);
    if (!ms || !ms->present || mid == ctx.member_id() || kicked_.count(KeyOf(gid, mid))) continue;
    const std::string& member = ctx.ids().Name(mid);
    if (Exempt(ctx, gid, mid, member, vip)) continue;
    silent.push_back({member, mid, 0, std::max(ms->joined_at ? ms->joined_at : ms->first_joined, ms->last_message)});
  }
  std::sort(silent.begin(), silent.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.last_activity, x.member) < std::tie(y.last_activity, y.member);
  });
  for (size_t i = 0; i < silent.size() && present > target; ++i, --present) {
    Remove(ctx, e.group, KeyOf(gid, silent[i].id), silent[i].member, "capacity");
    ++capacity_removed_;
  }
}

void Cleanup::OnEvent(const Event& e, Context& ctx) {
  if (!armed_ && !cfg_.rules.empty()) {
    armed_ = true;
    ScheduleDaily(ctx);
  }
  if (e.group.empty() || !cfg_.groups.Contains(e.group)) return;
  // The common case, cheaply: nobody warned and no command.
  if (e.type == EventType::kMessage && warned_.empty() && e.text.find(cfg_.command) == std::string::npos) return;
  Key key = KeyOf(ctx.group_id(), ctx.member_id());
  switch (e.type) {
    case EventType::kMessage: {
      if (HandleCommand(e, ctx)) return;
      auto it = warned_.find(key);
      if (it != warned_.end() && MessageRule(cfg_.rules[it->second.rule].rule.kind)) {
        warned_.erase(it);
        pending_.erase(key);
        ++recovered_;
      }
      break;
    }
    case EventType::kJoin:
      Forget(e.group, key);
      CapacityCheck(ctx, e);
      break;
    case EventType::kLeave:
      Forget(e.group, key);
      break;
    default:
      break;
  }
}

void Cleanup::OnTimer(uint64_t tag, Context& ctx) {
  if (tag != kDailyTag) return;
  for (const auto& g : cfg_.groups.Groups(ctx.community())) Scan(ctx, g, ScanMode::kDaily, nullptr);
  ScheduleDaily(ctx);
}

void Cleanup::Save(SnapshotWriter& w) const {
  w.Bool(armed_);
  w.U64(warned_.size());
  for (const auto& [k, v] : warned_) {
    w.U64(k);
    w.I64(v.at);
    w.U64(v.rule);
    w.Str(v.member);
  }
  w.U64(pending_.size());
  for (const auto& [k, member] : pending_) {
    w.U64(k);
    w.Str(member);
  }
  w.U64(groups_.size());
  for (const auto& [g, s] : groups_) {
    w.Str(g);
    w.U64(s.id);
    w.I64(s.present);
    w.I64(s.candidates);
    w.I64(s.last_scan_day);
    w.I64(s.override_until);
    w.I64(s.refused);
  }
  w.U64(kicked_.size());
  for (Key k : kicked_) w.U64(k);
  w.U64(removed_by_rule_.size());
  for (const auto& [label, n] : removed_by_rule_) {
    w.Str(label);
    w.I64(n);
  }
  w.I64(warnings_);
  w.I64(removed_);
  w.I64(recovered_);
  w.I64(capacity_removed_);
}

bool Cleanup::Load(SnapshotReader& r) {
  warned_.clear();
  pending_.clear();
  kicked_.clear();
  groups_.clear();
  removed_by_rule_.clear();
  armed_ = r.Bool();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Key k = r.U64();
    Warning v;
    v.at = r.I64();
    v.rule = static_cast<uint32_t>(r.U64());
    v.member = r.Str();
    if (v.rule >= cfg_.rules.size()) r.Fail();
    warned_[k] = std::move(v);
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Key k = r.U64();
    pending_[k] = r.Str();
  }
  std::map<Id, GroupStats*> by_id;
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    GroupStats& s = groups_[r.Str()];
    s.id = static_cast<Id>(r.U64());
    s.present = r.I64();
    s.candidates = r.I64();
    s.last_scan_day = r.I64();
    s.override_until = r.I64();
    s.refused = r.I64();
    by_id[s.id] = &s;
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Key k = r.U64();
    auto g = by_id.find(static_cast<Id>(k >> 32));
    if (g == by_id.end()) r.Fail();  // every removal is counted in its group
    else if (kicked_.insert(k).second) ++g->second->kicked;
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string label = r.Str();
    removed_by_rule_[label] = r.I64();
  }
  warnings_ = r.I64();
  removed_ = r.I64();
  recovered_ = r.I64();
  capacity_removed_ = r.I64();
  return r.ok();
}

bool Cleanup::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto it = groups_.find(group);
  if (it == groups_.end()) return false;
  const GroupStats& s = it->second;
  int64_t warned = 0;
  for (auto w = warned_.lower_bound(GroupBegin(s.id)); w != warned_.end() && w->first <= GroupEnd(s.id); ++w) ++warned;
  nlohmann::json pending = nlohmann::json::array();
  for (auto p = pending_.lower_bound(GroupBegin(s.id)); p != pending_.end() && p->first <= GroupEnd(s.id); ++p) {
    auto w = warned_.find(p->first);
    pending.push_back({{"member", p->second},
                       {"rule", w == warned_.end() ? "" : cfg_.rules[w->second.rule].rule.label},
                       {"warned", w == warned_.end() ? "" : FormatLocalDateTime(w->second.at, *zone_)}});
  }
  std::sort(pending.begin(), pending.end(), [](const nlohmann::json& a, const nlohmann::json& b) { return a["member"] < b["member"]; });
  out = {{"present", s.present}, {"candidates", s.candidates}, {"warned", warned}, {"refused", s.refused},
         {"pending", std::move(pending)}, {"last_scan", s.last_scan_day == INT64_MIN ? "" : TimeZone::DayString(s.last_scan_day)}};
  return true;
}

void Cleanup::Report(nlohmann::json& out) const {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : cfg_.rules) rules.push_back(r.rule.label);
  out["rules"] = std::move(rules);
  out["warnings"] = warnings_;
  out["removed"] = removed_;
  out["capacity_removed"] = capacity_removed_;
  out["recovered"] = recovered_;
  out["pending"] = pending_.size();
  nlohmann::json by_rule = nlohmann::json::object();
  for (const auto& [label, n] : removed_by_rule_) by_rule[label] = n;
  out["removed_by_rule"] = std::move(by_rule);
  int64_t refused = 0;
  nlohmann::json& groups = out["groups"];
  groups = nlohmann::json::object();
  for (const auto& [g, s] : groups_) {
    refused += s.refused;
    ReportGroup(g, groups[g]);
  }
  out["refused"] = refused;
}

namespace {

std::unique_ptr<Feature> CreateCleanup(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  CleanupConfig cfg;
  cfg.groups = ReadGroupScope(s, "groups", env);
  cfg.at_minute = s.ClockTime("at", cfg.at_minute);
  std::set<std::string> labels;
  for (ConfigSection& r : s.List("rules")) {
    CleanupConfig::ScopedRule sr;
    const char* kinds[] = {"no_message_for", "never_spoke_within", "no_checkin_for"};
    int given = 0;
    for (int k = 0; k < 3; ++k) {
      if (!r.Has(kinds[k])) continue;
      ++given;
      sr.rule.kind = static_cast<CleanupRuleKind>(k);
      // Shorter spans are almost certainly a typo that would sweep out whole groups.
      Micros min = sr.rule.kind == CleanupRuleKind::kNoCheckinFor ? kMicrosPerDay : kMicrosPerHour;
      sr.rule.span = r.Duration(kinds[k], 0, 0);
      if (sr.rule.span < min)
        r.Error(kinds[k], "is shorter than " + std::string(min == kMicrosPerDay ? "1d" : "1h") + " and would flag almost everyone",
                "write a span like 30d");
      if (sr.rule.kind == CleanupRuleKind::kNoCheckinFor && sr.rule.span % kMicrosPerDay != 0)
        r.Error(kinds[k], "counts whole days", "write e.g. 3d");
    }
    if (given != 1) r.Error("", "a rule needs exactly one of no_message_for, never_spoke_within, no_checkin_for");
    sr.rule.label = r.Str("name", DefaultRuleLabel(sr.rule.kind, sr.rule.span));
    if (!labels.insert(sr.rule.label).second) r.Error("name", "two rules are called '" + sr.rule.label + "'", "give each rule its own name");
    sr.groups = ReadGroupScope(r, "groups", env);
    r.Finish();
    cfg.rules.push_back(std::move(sr));
  }
  if (cfg.rules.empty() && !s.Has("capacity")) s.Error("rules", "no rules and no capacity limit: cleanup would do nothing", "add e.g. rules: [{no_message_for: 30d}]");
  cfg.grace = s.Duration("grace", cfg.grace, kMicrosPerHour);
  cfg.confirm = s.Bool("confirm", cfg.confirm);
  cfg.max_share = s.Number("max_share", cfg.max_share, 0.01, 1);
  for (const auto& m : s.Strings("exempt")) cfg.exempt.insert(m);
  if (s.Has("capacity")) {
    ConfigSection c = s.Child("capacity");
    cfg.capacity_at = c.Number("at", 0.95, 0.1, 1);
    cfg.capacity_down_to = c.Number("down_to", cfg.capacity_at - 0.05, 0.05, 1);
    if (cfg.capacity_down_to >= cfg.capacity_at) c.Error("down_to", "must be below `at`", "e.g. at: 0.98, down_to: 0.95");
    c.Finish();
  }
  cfg.command = s.Str("command", cfg.command);
  if (cfg.command.empty()) s.Error("command", "must not be empty");
  cfg.warn = ReadTemplate(s, "warn", "{name}: inactive ({rule}); removal after {deadline} unless you speak",
                          {"name", "rule", "days", "deadline", "group"});
  cfg.removed = ReadTemplate(s, "removed", "", {"name", "rule", "group"});
  std::vector<std::string> group_vars{"group", "count", "present", "share", "command"};
  cfg.refused = ReadTemplate(s, "refused",
                             "cleanup refused in {group}: {count} of {present} members match, more than {share}%; "
                             "check the rules, or send {command} force",
                             group_vars);
  cfg.ready = ReadTemplate(s, "ready", "{group}: {count} member(s) ready for removal; {command} preview, then {command} confirm",
                           group_vars);
  cfg.preview_header = ReadTemplate(s, "preview_header", "{group}: {count} of {present} match ({warned} warned, {due} due)",
                                    {"group", "count", "present", "share", "command", "warned", "due"});
  cfg.preview_line = ReadTemplate(s, "preview_line", "{n}. {name} {rule} {days}d {state}",
                                  {"n", "name", "member", "rule", "days", "state"});
  cfg.confirmed = ReadTemplate(s, "confirmed", "{group}: {count} removed", {"group", "count"});
  cfg.forced = ReadTemplate(s, "forced", "{group}: guard lifted; {warned} warned, {count} removed", {"group", "count", "warned"});
  cfg.nothing = ReadTemplate(s, "nothing", "{group}: nobody to remove", {"group", "count"});
  cfg.usage = ReadTemplate(s, "usage", "{command} preview | confirm | force", {"command"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Cleanup>(std::move(cfg), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(cleanup, FeatureSpec{
    .name = "cleanup",
    .order = 150,
    .scope = FeatureScope::kCommunity,
    .create = CreateCleanup,
});

}  // namespace shoal
