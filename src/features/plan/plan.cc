#include "features/plan/plan.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/leaderboard/leaderboard.h"
#include "features/points/points_ledger.h"
#include "shoal/horizon.h"

namespace shoal {

namespace {

std::string Platform(const std::string& group) { return group.substr(0, group.find(':')); }

uint32_t Lane(std::vector<std::string>* names, const std::string& name) {
  auto it = std::find(names->begin(), names->end(), name);
  if (it != names->end()) return static_cast<uint32_t>(it - names->begin());
  names->push_back(name);
  return static_cast<uint32_t>(names->size() - 1);
}

std::string JsonStr(const std::string& s) { return nlohmann::json(s).dump(); }

// A snapshot's instant within about a thousand years of 1970 (or the given sentinel):
// anything else is corruption, refused before it reaches time-zone arithmetic.
bool Sane(Micros t, Micros sentinel) {
  constexpr Micros kLimit = Micros{1} << 55;
  return t == sentinel || (t > -kLimit && t < kLimit);
}

}  // namespace

Plan::Plan(std::unique_ptr<PlanConfig> cfg, const CommunityConfig* community, std::shared_ptr<const TimeZone> zone)
    : cfg_(std::move(cfg)), community_(community), zone_(std::move(zone)) {
  const auto& groups = community_->groups;
  for (uint32_t i = 0; i < groups.size(); ++i) {
    group_index_.emplace(groups[i].id, i);
    // One lane per bot account (the platform's default account when none is named) and per platform.
    std::string platform = Platform(groups[i].id);
    account_lane_.push_back(Lane(&account_names_, platform + "/" + groups[i].account));
    platform_lane_.push_back(Lane(&platform_names_, platform));
  }
  lanes_.platform_gap.assign(platform_names_.size(), 0);
  for (size_t i = 0; i < platform_names_.size(); ++i) {
    auto it = cfg_->platform_gap.find(platform_names_[i]);
    if (it != cfg_->platform_gap.end()) lanes_.platform_gap[i] = it->second;
  }
  for (uint32_t i = 0; i < cfg_->entries.size(); ++i) entry_index_.emplace(cfg_->entries[i].id, i);
  entries_.resize(cfg_->entries.size());
  last_spoke_.assign(groups.size(), INT64_MIN);
  last_post_.assign(groups.size(), INT64_MIN);
}

int Plan::FindEntry(std::string_view id) const {
  auto it = entry_index_.find(std::string(id));
  return it == entry_index_.end() ? -1 : static_cast<int>(it->second);
}

// The plan begins with the first event of its community: occurrences before that never existed.
void Plan::Start(Context& ctx) {
  started_ = true;
  std::vector<Micros> dues(cfg_->entries.size());
  for (size_t i = 0; i < dues.size(); ++i) dues[i] = cfg_->entries[i].when.Next(ctx.now() - 1, *zone_);
  due_.Assign(dues);
}

// One engine timer for the earliest due entry or delivery; a later one is never added twice.
void Plan::Arm(Context& ctx) {
  Micros want = due_.TopDue();
  if (!queue_.empty()) want = std::min(want, queue_.begin()->first.first);
  if (want == kNever) return;
  want = std::max(want, ctx.now());
  if (!armed_.empty() && *armed_.begin() <= want) return;
  ctx.Schedule(want, 0);
  armed_.insert(want);
}

void Plan::OnTimer(uint64_t tag, Context& ctx) {
  armed_.erase(armed_.begin(), armed_.upper_bound(ctx.now()));
  // Far behind the time being advanced to (the server was down): handle everything there, once.
  Micros horizon = HorizonOf(ctx);
  if (horizon - ctx.now() > cfg_->grace) {
    if (!armed_.count(horizon)) {
      ctx.Schedule(horizon, 0);
      armed_.insert(horizon);
    }
    return;
  }
  Process(ctx);
  Arm(ctx);
}

void Plan::Process(Context& ctx) {
  Micros now = ctx.now();
  for (;;) {
    if (!due_.empty() && due_.TopDue() <= now) {
      uint32_t id = due_.Top();
      RunEntry(id, due_.TopDue(), ctx);
      continue;
    }
    if (!queue_.empty() && queue_.begin()->first.first <= now) {
      auto node = queue_.extract(queue_.begin());
      DoWork(node.key().first, node.mapped(), ctx);
      continue;
    }
    break;
  }
}

void Plan::RunEntry(uint32_t id, Micros due, Context& ctx) {
  const PlanEntry& e = cfg_->entries[id];
  EntryState& st = entries_[id];
  Micros now = ctx.now();
  if (due >= now - cfg_->grace) {
    due_.Set(id, e.when.Next(due, *zone_));
    if (st.status == kPaused) ++st.paused_skips;
    else Launch(id, due, due, ctx);
    return;
  }
  // Missed while down: the latest missed occurrence runs once, now, unless it is too old.
  Micros last = kNever;
  // Counting slots missed more than a year ago tells nobody anything: start there at most.
  int64_t n = e.when.CountBetween(std::max(due, now - 366 * kMicrosPerDay) - 1, now, *zone_, &last);
  due_.Set(id, e.when.Next(now, *zone_));
  if (st.status == kPaused) {
    st.paused_skips += n;
    return;
  }
  if (now - last > e.catch_up_limit) {
    st.missed += n;
    missed_ += n;
    return;
  }
  st.missed += n - 1;
  missed_ += n - 1;
  ++st.caught_up;
  ++caught_up_;
  Launch(id, last, now, ctx);
}

void Plan::Launch(uint32_t id, Micros occurrence, Micros start, Context& ctx) {
  const PlanEntry& e = cfg_->entries[id];
  EntryState& st = entries_[id];
  ++st.runs;
  st.last_run = occurrence;
  int64_t question = -1;
  if (e.uses_question && !cfg_->questions.empty()) {
    question = st.question % static_cast<int64_t>(cfg_->questions.size());
    ++st.question;
  }
  std::vector<PaceItem> items;
  items.reserve(e.groups.size());
  for (uint32_t g : e.groups) items.push_back({g, account_lane_[g], platform_lane_[g]});
  Rng rng = ctx.MakeRng(MixSeed(HashString(e.id.data(), e.id.size()), static_cast<uint64_t>(occurrence)));
  for (const PacedSend& s : Pace(start, items, cfg_->pacing, rng, &lanes_))
    Queue(s.at, {.kind = kDeliver, .entry = id, .group = s.target, .occurrence = occurrence, .question = question});
}

void Plan::DoWork(Micros due, const Work& w, Context& ctx) {
  if (w.kind == kDeliver) {
    Deliver(due, w, ctx);
    return;
  }
  auto it = tasks_.find(w.task);
  if (it == tasks_.end() || it->second.state != kOpen) return;
  Task& t = it->second;
  const std::string& group = community_->groups[t.group].id;
  TemplateVars vars = TaskVars(w.task, t, ctx);
  if (w.kind == kRemind) {
    ++t.reminders;
    std::string owner = Owner(t.group, ctx);
    Action a{.type = owner.empty() ? ActionType::kAlert : ActionType::kDm, .group = group, .member = owner,
             .text = RenderTemplate(cfg_->reminder, vars), .reason = "plan:remind",
             .extra = "\"task\":\"T" + std::to_string(w.task) + "\""};
    ctx.Emit(std::move(a));
    if (t.reminders < cfg_->reminders) Queue(ctx.now() + cfg_->remind_every, {.kind = kRemind, .task = w.task});
    return;
  }
  t.state = kNotSent;
  t.closed = ctx.now();
  ++tasks_not_sent_;
  ctx.Emit({.type = ActionType::kAlert, .group = group, .text = RenderTemplate(cfg_->not_sent, vars),
            .reason = "plan:not_sent", .extra = "\"task\":\"T" + std::to_string(w.task) + "\",\"plan\":" +
                                                JsonStr(cfg_->entries[t.entry].id)});
}

void Plan::Deliver(Micros due, const Work& w, Context& ctx) {
  const PlanEntry& e = cfg_->entries[w.entry];
  EntryState& st = entries_[w.entry];
  Micros now = ctx.now();
  if (st.status != kActive || now - due > e.catch_up_limit) {
    ++dropped_;  // paused or cancelled mid-spread, or too late after downtime
    return;
  }
  if (e.skip_if_quiet && last_post_[w.group] != INT64_MIN && last_spoke_[w.group] <= last_post_[w.group]) {
    ++st.quiet_skips;
    ++quiet_skips_;
    return;
  }
  last_post_[w.group] = now;
  const GroupConfig& g = community_->groups[w.group];
  std::string text = Render(e, w.group, w.occurrence, w.question, ctx);
  std::string extra = "\"plan\":" + JsonStr(e.id) + ",\"occurrence\":\"" + FormatRfc3339(zone_->Stamp(w.occurrence)) + "\"";
  if (!g.account.empty()) extra += ",\"account\":" + JsonStr(g.account);
  if (e.mode == Delivery::kDirect) {
    ++st.sent;
    ++posts_;
    ctx.Emit({.type = ActionType::kSend, .group = g.id, .text = std::move(text), .reason = "plan",
              .extra = std::move(extra)});
    return;
  }
  int64_t id = next_task_++;
  Task t{.entry = w.entry, .group = w.group, .created = now};
  tasks_.emplace(id, t);
  ++st.tasks;
  ++tasks_created_;
  ctx.Emit({.type = ActionType::kTask, .group = g.id, .member = Owner(w.group, ctx), .text = std::move(text),
            .name = "T" + std::to_string(id), .reason = "plan:assisted",
            .extra = "\"task\":\"T" + std::to_string(id) + "\"," + extra});
  if (cfg_->reminders > 0) Queue(now + cfg_->remind_every, {.kind = kRemind, .task = id});
  Queue(now + cfg_->task_expire, {.kind = kExpire, .task = id});
}

std::string Plan::Owner(uint32_t group, Context& ctx) const {
  const std::string& gid = community_->groups[group].id;
  auto it = cfg_->owners.find(gid);
  if (it != cfg_->owners.end()) return it->second;
  Id g = ctx.ids().Find(gid);
  if (g == kNoId) return "";
  for (Id m : ctx.roster().MembersOf(g)) {
    const Membership* ms = ctx.roster().Find(g, m);
    if (ms && ms->present && ms->role == Role::kOwner) return ctx.ids().Name(m);
  }
  return "";
}

TemplateVars Plan::TaskVars(int64_t task, const Task& t, Context& ctx) const {
  const GroupConfig& g = community_->groups[t.group];
  return {{"task", "T" + std::to_string(task)},
          {"group", g.name},
          {"entry", cfg_->entries[t.entry].id},
          {"owner", Owner(t.group, ctx)}};
}

std::string Plan::Render(const PlanEntry& e, uint32_t group, Micros occurrence, int64_t question, Context& ctx) const {
  const GroupConfig& g = community_->groups[group];
  TemplateVars vars = StaticPostVars(e, g, *community_, *zone_, occurrence,
                                     question >= 0 ? cfg_->questions[static_cast<size_t>(question)].question : "");
  if (e.text.find("{members}") != std::string::npos) {
    Id id = ctx.ids().Find(g.id);
    vars["members"] = std::to_string(id == kNoId ? 0 : ctx.roster().PresentCount(id));
  }
  if (e.text.find("{leaderboard}") != std::string::npos) {
    std::string lines;
    if (auto* board = ctx.Find<Leaderboard>("leaderboard")) {
      if (auto* ledger = ctx.Find<PointsLedger>("points")) board->Sync(*ledger);
      if (const Board* b = board->Find(Period::kDay, ctx.now(), g.id)) {
        for (const auto& row : b->Top(static_cast<size_t>(cfg_->leaderboard_top))) {
          lines += (lines.empty() ? "" : "\n") +
                   RenderTemplate(cfg_->leaderboard_line, {{"rank", std::to_string(row.rank)},
                                                           {"name", DisplayName(ctx, board->MemberName(row.member))},
                                                           {"points", std::to_string(row.points)}});
        }
      }
    }
    vars["leaderboard"] = lines;
  }
  return RenderTemplate(e.text, vars);
}

void Plan::Reply(const Event& e, Context& ctx, const std::string& text, const std::string& reason) {
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = text, .reason = reason});
}

bool Plan::HandleCommand(const Event& e, Context& ctx) {
  std::string_view text = TrimText(e.text);
  if (text.rfind(cfg_->command + " ", 0) != 0 || !ctx.IsStaff(e.member)) return false;
  std::string_view rest = TrimText(text.substr(cfg_->command.size()));
  size_t sp = rest.find(' ');
  std::string verb(rest.substr(0, sp));
  std::string id(sp == std::string_view::npos ? std::string_view() : TrimText(rest.substr(sp + 1)));
  if (verb != "pause" && verb != "resume" && verb != "run" && verb != "cancel") return false;
  int index = FindEntry(id);
  if (index < 0) {
    Reply(e, ctx, RenderTemplate(cfg_->reply_unknown, {{"id", id}}), "plan:unknown");
    return true;
  }
  uint32_t i = static_cast<uint32_t>(index);
  EntryState& st = entries_[i];
  std::string state;
  if (st.status == kCancelled) {
    state = "cancelled";
  } else if (verb == "pause") {
    st.status = kPaused;
    state = "paused";
  } else if (verb == "resume") {
    st.status = kActive;
    state = "active";
  } else if (verb == "cancel") {
    st.status = kCancelled;
    due_.Set(i, kNever);
    state = "cancelled";
  } else if (st.status == kPaused) {
    state = "paused";  // run-now waits for resume
  } else {
    Launch(i, ctx.now(), ctx.now(), ctx);
    state = "running";
  }
  Micros next = due_.Due(i);
  std::string next_text = next == kNever ? "-" : FormatRfc3339(zone_->Stamp(next));
  Reply(e, ctx, RenderTemplate(cfg_->reply, {{"id", id}, {"state", state}, {"next", next_text}}), "plan:" + verb);
  Process(ctx);  // a run-now's first sends are due at once
  return true;
}

bool Plan::HandleDone(const Event& e, Context& ctx) {
  std::string_view text = TrimText(e.text);
  if (text != cfg_->done_command && text.rfind(cfg_->done_command + " ", 0) != 0) return false;
  std::string_view arg = TrimText(text.substr(cfg_->done_command.size()));
  auto g = group_index_.find(e.group);
  int64_t id = 0;
  if (!arg.empty()) {
    if (arg[0] == 'T' || arg[0] == 't') arg.remove_prefix(1);
    id = std::atoll(std::string(arg).c_str());
  } else if (g != group_index_.end()) {
    for (const auto& [tid, t] : tasks_) {  // no id: the oldest open task of this group
      if (t.state == kOpen && t.group == g->second) {
        id = tid;
        break;
      }
    }
  }
  auto it = tasks_.find(id);
  if (it == tasks_.end() || it->second.state != kOpen) return false;
  Task& t = it->second;
  if (!ctx.IsStaff(e.member) && Owner(t.group, ctx) != e.member) return false;
  t.state = kDone;
  t.closed = ctx.now();
  t.done_by = e.member;
  ++tasks_done_;
  last_post_[t.group] = ctx.now();
  Reply(e, ctx, RenderTemplate(cfg_->done_reply, TaskVars(id, t, ctx)), "plan:done");
  return true;
}

void Plan::OnEvent(const Event& e, Context& ctx) {
  if (!started_) Start(ctx);
  if (e.type == EventType::kMessage && !ctx.removed()) {
    auto g = group_index_.find(e.group);
    if (!HandleCommand(e, ctx) && !HandleDone(e, ctx) && g != group_index_.end()) last_spoke_[g->second] = e.ts.utc;
  }
  Arm(ctx);
}

void Plan::Save(SnapshotWriter& w) const {
  w.Bool(started_);
  w.U64(entries_.size());
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    const EntryState& s = entries_[i];
    w.I64(due_.Due(i));
    w.I64(s.last_run);
    w.U64(s.status);
    for (int64_t v : {s.runs, s.caught_up, s.missed, s.paused_skips, s.question, s.sent, s.tasks, s.quiet_skips}) w.I64(v);
  }
  w.U64(queue_.size());
  for (const auto& [key, work] : queue_) {
    w.I64(key.first);
    w.U64(key.second);
    w.U64(work.kind);
    w.U64(work.entry);
    w.U64(work.group);
    w.I64(work.occurrence);
    w.I64(work.task);
    w.I64(work.question);
  }
  w.U64(next_work_);
  w.U64(tasks_.size());
  for (const auto& [id, t] : tasks_) {
    w.I64(id);
    w.U64(t.entry);
    w.U64(t.group);
    w.I64(t.created);
    w.I64(t.closed);
    w.I64(t.reminders);
    w.U64(t.state);
    w.Str(t.done_by);
  }
  w.I64(next_task_);
  w.U64(last_spoke_.size());
  for (size_t i = 0; i < last_spoke_.size(); ++i) {
    w.I64(last_spoke_[i]);
    w.I64(last_post_[i]);
  }
  for (const auto* v : {&lanes_.account_free, &lanes_.platform_free}) {
    w.U64(v->size());
    for (Micros t : *v) w.I64(t);
  }
  w.U64(armed_.size());
  for (Micros t : armed_) w.I64(t);
  for (int64_t v : {posts_, tasks_created_, tasks_done_, tasks_not_sent_, quiet_skips_, caught_up_, missed_, dropped_})
    w.I64(v);
}

bool Plan::Load(SnapshotReader& r) {
  started_ = r.Bool();
  if (r.Count() != entries_.size()) return false;
  std::vector<Micros> dues(entries_.size());
  for (uint32_t i = 0; i < entries_.size() && r.ok(); ++i) {
    EntryState& s = entries_[i];
    dues[i] = r.I64();
    s.last_run = r.I64();
    if (!Sane(dues[i], kNever) || !Sane(s.last_run, INT64_MIN)) r.Fail();
    uint64_t status = r.U64();
    if (status > kCancelled) r.Fail();
    s.status = static_cast<Status>(status);
    for (int64_t* v : {&s.runs, &s.caught_up, &s.missed, &s.paused_skips, &s.question, &s.sent, &s.tasks, &s.quiet_skips})
      *v = r.I64();
  }
  due_.Assign(dues);
  queue_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Micros due = r.I64();
    uint64_t seq = r.U64();
    Work w;
    uint64_t kind = r.U64();
    w.entry = static_cast<uint32_t>(r.U64());
    w.group = static_cast<uint32_t>(r.U64());
    w.occurrence = r.I64();
    w.task = r.I64();
    w.question = r.I64();
    if (kind > kExpire || !Sane(due, 0) || !Sane(w.occurrence, 0) || w.entry >= entries_.size() || w.group >= last_spoke_.size() ||
        w.question >= static_cast<int64_t>(cfg_->questions.size()))
      r.Fail();
    w.kind = static_cast<Kind>(kind);
    queue_.emplace(std::make_pair(due, seq), w);
  }
  next_work_ = r.U64();
  tasks_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int64_t id = r.I64();
    Task t;
    t.entry = static_cast<uint32_t>(r.U64());
    t.group = static_cast<uint32_t>(r.U64());
    t.created = r.I64();
    t.closed = r.I64();
    t.reminders = r.I64();
    uint64_t state = r.U64();
    t.done_by = r.Str();
    if (state > kNotSent || !Sane(t.created, 0) || !Sane(t.closed, 0) || t.entry >= entries_.size() || t.group >= last_spoke_.size()) r.Fail();
    t.state = static_cast<TaskState>(state);
    tasks_.emplace(id, std::move(t));
  }
  next_task_ = r.I64();
  if (r.Count() != last_spoke_.size()) return false;
  for (size_t i = 0; i < last_spoke_.size() && r.ok(); ++i) {
    last_spoke_[i] = r.I64();
    last_post_[i] = r.I64();
    if (!Sane(last_spoke_[i], INT64_MIN) || !Sane(last_post_[i], INT64_MIN)) r.Fail();
  }
  for (auto* v : {&lanes_.account_free, &lanes_.platform_free}) {
    v->clear();
    n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      v->push_back(r.I64());
      if (!Sane(v->back(), INT64_MIN)) r.Fail();
    }
  }
  armed_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) armed_.insert(r.I64());
  for (int64_t* v : {&posts_, &tasks_created_, &tasks_done_, &tasks_not_sent_, &quiet_skips_, &caught_up_, &missed_, &dropped_})
    *v = r.I64();
  return r.ok();
}

void Plan::Report(nlohmann::json& out) const {
  int64_t active = 0, paused = 0, cancelled = 0;
  for (const auto& s : entries_) (s.status == kActive ? active : s.status == kPaused ? paused : cancelled)++;
  out["entries"] = entries_.size();
  out["active"] = active;
  out["paused"] = paused;
  out["cancelled"] = cancelled;
  out["posts_sent"] = posts_;
  out["tasks_created"] = tasks_created_;
  out["tasks_done"] = tasks_done_;
  out["tasks_open"] = tasks_created_ - tasks_done_ - tasks_not_sent_;
  out["tasks_not_sent"] = tasks_not_sent_;
  out["skipped_quiet"] = quiet_skips_;
  out["caught_up"] = caught_up_;
  out["missed"] = missed_;
  out["dropped"] = dropped_;
  out["pending_sends"] = queue_.size();
  Micros next = due_.TopDue();
  out["next_due"] = next == kNever ? "" : FormatRfc3339(zone_->Stamp(next));
  out["next_entry"] = next == kNever ? "" : cfg_->entries[due_.Top()].id;
  // What was not sent: the assisted posts nobody marked done (latest 100).
  nlohmann::json& not_sent = out["not_sent"];
  not_sent = nlohmann::json::array();
  for (auto it = tasks_.rbegin(); it != tasks_.rend() && not_sent.size() < 100; ++it) {
    if (it->second.state != kNotSent) continue;
    not_sent.push_back({{"task", "T" + std::to_string(it->first)},
                        {"entry", cfg_->entries[it->second.entry].id},
                        {"group", community_->groups[it->second.group].id},
                        {"created", FormatRfc3339(zone_->Stamp(it->second.created))}});
  }
  // Per entry, for the first 200 (month plans can hold thousands; the totals above cover all).
  nlohmann::json& list = out["by_entry"];
  list = nlohmann::json::object();
  for (uint32_t i = 0; i < entries_.size() && i < 200; ++i) {
    const EntryState& s = entries_[i];
    Micros due = due_.Due(i);
    list[cfg_->entries[i].id] = {
        {"state", s.status == kActive ? "active" : s.status == kPaused ? "paused" : "cancelled"},
        {"source", cfg_->entries[i].source},
        {"runs", s.runs}, {"sent", s.sent}, {"tasks", s.tasks}, {"skipped_quiet", s.quiet_skips},
        {"caught_up", s.caught_up}, {"missed", s.missed}, {"skipped_paused", s.paused_skips},
        {"last_run", s.last_run == INT64_MIN ? "" : FormatRfc3339(zone_->Stamp(s.last_run))},
        {"next", due == kNever ? "" : FormatRfc3339(zone_->Stamp(due))}};
  }
}

bool Plan::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto it = group_index_.find(std::string(group));
  if (it == group_index_.end()) return false;
  Micros last = last_post_[it->second];
  int64_t open = 0;
  for (const auto& [id, t] : tasks_) open += t.state == kOpen && t.group == it->second;
  out = {{"last_post", last == INT64_MIN ? "" : FormatRfc3339(zone_->Stamp(last))}, {"open_tasks", open}};
  return true;
}

namespace {

std::unique_ptr<Feature> CreatePlan(ConfigSection& s, const FeatureEnv& env) {
  if (!env.community) {
    s.Error("", "the plan runs per community");
    return nullptr;
  }
  auto cfg = ReadPlanConfig(s, env);
  if (!cfg) return nullptr;
  return std::make_unique<Plan>(std::move(cfg), env.community, env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(plan, FeatureSpec{
    .name = "plan",
    .order = 350,
    .scope = FeatureScope::kCommunity,
    .create = CreatePlan,
});

}  // namespace shoal
