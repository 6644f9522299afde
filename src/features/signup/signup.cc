#include "features/signup/signup.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "features/common/command_args.h"
#include "features/points/points_ledger.h"

namespace shoal {

namespace {
std::optional<int64_t> ParseCount(const std::string& s, int64_t max) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > max) return std::nullopt;
  return v;
}

std::string JoinWords(const std::vector<std::string>& words, const std::string& sep) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

// The text after whichever keyword it starts with (as a whole word); nullopt when none.
std::optional<std::string_view> AfterKeyword(std::string_view text, const std::vector<std::string>& words) {
  for (const auto& w : words) {
    if (auto rest = CommandRest(text, w)) return rest;
  }
  return std::nullopt;
}
}  // namespace

std::string Signup::When(Micros t) const { return t ? FormatLocalDateTime(t, *zone_) : ""; }

Signup::Activity* Signup::Latest(const std::string& group, int64_t* id) {
  auto it = latest_.find(group);
  if (it == latest_.end()) return nullptr;
  *id = it->second;
  return &activities_.at(it->second);
}

void Signup::Reply(const Event& e, Context& ctx, const std::string& tmpl, const TemplateVars& vars, const std::string& reason) {
  if (tmpl.empty()) return;
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = RenderTemplate(tmpl, vars), .reason = reason});
}

void Signup::PostList(Context& ctx, int64_t id, Activity& a, const std::string& header_tmpl, const std::string& reason) {
  TemplateVars vars{{"title", a.title},
                    {"count", std::to_string(a.sheet.entries.size())},
                    {"cap", a.sheet.cap ? std::to_string(a.sheet.cap) : "∞"},
                    {"waiting", std::to_string(a.sheet.waitlist.size())},
                    {"deadline", When(a.deadline)},
                    {"at", When(a.event_at)}};
  std::string text = RenderTemplate(header_tmpl, vars);
  auto line = [&](const std::string& tmpl, size_t i, const SignupEntry& en) {
    std::string l = RenderTemplate(tmpl, {{"n", std::to_string(i + 1)}, {"name", en.name}, {"values", JoinWords(en.values, " ")}});
    while (!l.empty() && l.back() == ' ') l.pop_back();
    text += "\n" + l;
  };
  for (size_t i = 0; i < a.sheet.entries.size(); ++i) line(cfg_.list_line, i, a.sheet.entries[i]);
  for (size_t i = 0; i < a.sheet.waitlist.size(); ++i) line(cfg_.waitlist_line, i, a.sheet.waitlist[i]);
  ctx.Emit({.type = ActionType::kSend, .group = a.group, .text = std::move(text), .reason = reason,
            .extra = "\"signup\":" + std::to_string(id) + ",\"count\":" + std::to_string(a.sheet.entries.size())});
}

void Signup::Changed(Context& ctx, int64_t id, Activity& a) {
  if (cfg_.list_every == 0) {
    PostList(ctx, id, a, cfg_.list_header, "signup:list");
    return;
  }
  if (a.list_due) return;  // one repost covers every change until it goes out
  a.list_due = true;
  ctx.Schedule(ctx.now() + cfg_.list_every, static_cast<uint64_t>(id) * kTimerKinds + kList);
}

void Signup::Open(const Event& e, Context& ctx, const std::string& args) {
  CommandLine line = ParseCommandLine(args);
  Activity a;
  a.group = e.group;
  a.title = JoinWords(line.words, " ");
  a.sheet.cap = cfg_.default_cap;
  a.sheet.waitlist_cap = cfg_.default_waitlist;
  a.opened = ctx.now();
  std::string why;
  int64_t current = 0;
  if (Activity* open = Latest(e.group, &current); open && open->open)
    why = "「" + open->title + "」 is still open; " + cfg_.command + " close it first";
  else if (a.title.empty())
    why = "a title is needed";
  for (const auto& [k, v] : line.options) {
    if (!why.empty()) break;
    if (k == "cap" || k == "waitlist") {
      auto n = ParseCount(v, 100'000);
      if (!n) why = k + "=" + v + " is not a count";
      else (k == "cap" ? a.sheet.cap : a.sheet.waitlist_cap) = *n;
    } else if (k == "deadline" || k == "at") {
      auto t = ParseLocalDateTime(v, *zone_);
      if (!t) why = k + "=" + v + " is not a date and time (write 2026-11-28T18:00)";
      else if (*t <= ctx.now()) why = k + "=" + v + " is in the past";
      else (k == "deadline" ? a.deadline : a.event_at) = *t;
    } else if (k == "fields") {
      a.fields = SplitList(v);
      if (a.fields.size() > 10) why = "at most 10 fields";
    } else {
      why = "unknown option " + k + " (cap, waitlist, deadline, at, fields)";
    }
  }
  if (why.empty() && a.deadline && a.event_at && a.deadline > a.event_at) why = "the deadline is after the activity starts";
  if (why.empty() && a.sheet.cap == 0 && a.sheet.waitlist_cap > 0) a.sheet.waitlist_cap = 0;  // nothing to wait for
  if (!why.empty()) {
    Reply(e, ctx, cfg_.refused, {{"why", why}, {"command", cfg_.command}}, "signup:refused");
    return;
  }
  int64_t id = next_id_++;
  auto base = static_cast<uint64_t>(id) * kTimerKinds;
  if (a.deadline) ctx.Schedule(a.deadline, base + kDeadline);
  if (a.event_at && cfg_.remind_before > 0 && a.event_at - cfg_.remind_before > ctx.now())
    ctx.Schedule(a.event_at - cfg_.remind_before, base + kRemind);
  std::string how = cfg_.join_words.empty() ? "" : cfg_.join_words[0];
  for (const auto& f : a.fields) how += " " + f;
  TemplateVars vars{{"title", a.title}, {"cap", a.sheet.cap ? std::to_string(a.sheet.cap) : "∞"},
                    {"waitlist", std::to_string(a.sheet.waitlist_cap)}, {"deadline", When(a.deadline)},
                    {"at", When(a.event_at)}, {"how", how}, {"fields", JoinWords(a.fields, "、")}};
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .text = RenderTemplate(cfg_.opened, vars), .reason = "signup:open",
            .extra = "\"signup\":" + std::to_string(id)});
  activities_.emplace(id, std::move(a));
  latest_[e.group] = id;
}

void Signup::Close(Context& ctx, int64_t id, Activity& a) {
  a.open = false;
  a.list_due = false;  // the final list replaces a pending repost
  PostList(ctx, id, a, cfg_.closed, "signup:closed");
}

void Signup::JoinActivity(const Event& e, Context& ctx, std::string_view args) {
  int64_t id = 0;
  Activity* a = Latest(e.group, &id);
  if (!a) return;  // no sign-up in this group: "+1" is just chat
  std::string name = DisplayName(ctx, e.member);
  TemplateVars vars{{"name", name}, {"title", a->title}};
  if (!a->open || (a->deadline && ctx.now() >= a->deadline)) {
    ++a->refused_late;
    if (!a->told_closed.insert(e.member).second) return;  // answered once; "报名" afterwards is just chat
    vars["deadline"] = When(a->deadline);
    Reply(e, ctx, cfg_.closed_reply, vars, "signup:closed_reply");
    return;
  }
  SignupEntry entry{.member = e.member, .name = name, .at = ctx.now()};
  std::vector<std::string> words = SplitWords(args);
  if (!a->fields.empty()) {
    if (words.size() < a->fields.size()) {
      std::string how = cfg_.join_words.empty() ? "" : cfg_.join_words[0];
      for (const auto& f : a->fields) how += " " + f;
      vars["how"] = how;
      Reply(e, ctx, cfg_.bad_fields, vars, "signup:bad_fields");
      return;
    }
    entry.values.assign(words.begin(), words.begin() + static_cast<long>(a->fields.size()) - 1);
    entry.values.push_back(JoinWords(std::vector<std::string>(words.begin() + static_cast<long>(a->fields.size()) - 1, words.end()), " "));
  }
  int64_t pos = 0;
  JoinResult r = a->sheet.Join(std::move(entry), &pos);
  vars["n"] = std::to_string(pos);
  vars["count"] = std::to_string(a->sheet.entries.size());
  vars["cap"] = a->sheet.cap ? std::to_string(a->sheet.cap) : "∞";
  switch (r) {
    case JoinResult::kJoined:
      Reply(e, ctx, cfg_.joined, vars, "signup:joined");
      Changed(ctx, id, *a);
      break;
    case JoinResult::kWaitlisted:
      Reply(e, ctx, cfg_.waitlisted, vars, "signup:waitlisted");
      Changed(ctx, id, *a);
      break;
    case JoinResult::kAlreadyIn:
      ++a->duplicates;
      Reply(e, ctx, cfg_.already, vars, "signup:duplicate");
      break;
    case JoinResult::kAlreadyWaiting:
      ++a->duplicates;
      Reply(e, ctx, cfg_.already_waiting, vars, "signup:duplicate");
      break;
    case JoinResult::kFull:
      ++a->refused_full;
      Reply(e, ctx, cfg_.full, vars, "signup:full");
      break;
  }
}

void Signup::WithdrawFrom(const Event& e, Context& ctx) {
  int64_t id = 0;
  Activity* a = Latest(e.group, &id);
  if (!a || (a->event_at && ctx.now() >= a->event_at)) return;
  std::optional<SignupEntry> promoted;
  WithdrawResult r = a->sheet.Withdraw(e.member, &promoted);
  if (r == WithdrawResult::kNotFound) return;
  ++a->withdrawn;
  Reply(e, ctx, cfg_.withdrawn, {{"name", DisplayName(ctx, e.member)}, {"title", a->title}}, "signup:withdrawn");
  if (promoted) {
    ++a->promoted;
    if (!cfg_.promoted.empty())
      ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = promoted->member,
                .text = RenderTemplate(cfg_.promoted, {{"name", promoted->name}, {"title", a->title},
                                                       {"n", std::to_string(a->sheet.entries.size())}}),
                .reason = "signup:promoted"});
  }
  Changed(ctx, id, *a);
}

void Signup::Attend(const Event& e, Context& ctx, std::string_view args) {
  int64_t id = 0;
  Activity* a = Latest(e.group, &id);
  if (!a || a->code.empty() || ctx.now() >= a->attend_until) return;  // no attendance running: just chat
  std::string name = DisplayName(ctx, e.member);
  TemplateVars vars{{"name", name}, {"title", a->title}};
  auto words = SplitWords(args);
  if (words.size() != 1 || words[0] != a->code) {
    Reply(e, ctx, cfg_.attend_bad, vars, "signup:attend_bad");
    return;
  }
  SignupEntry* entry = a->sheet.Find(e.member);
  if (!entry) {
    Reply(e, ctx, cfg_.attend_none, vars, "signup:attend_none");
    return;
  }
  int64_t credited = 0;
  if (!entry->attended) {
    entry->attended = ctx.now();
    auto* ledger = ctx.Find<PointsLedger>("points");
    if (ledger && cfg_.attend_points > 0 &&
        ledger->Credit(ctx.now(), e.group, e.member, cfg_.attend_points, "signup", "su" + std::to_string(id)) == CreditStatus::kOk)
      credited = cfg_.attend_points;
  }
  vars["points"] = std::to_string(credited);
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = RenderTemplate(cfg_.attend_ok, vars),
            .reason = "signup:attended", .extra = "\"points\":" + std::to_string(credited)});
}

bool Signup::HandleCommand(const Event& e, Context& ctx) {
  auto rest = CommandRest(TrimText(e.text), cfg_.command);
  if (!rest || !ctx.IsStaff(e.member)) return false;
  std::string_view args = TrimText(*rest);
  size_t sp = args.find(' ');
  std::string verb(args.substr(0, sp));
  std::string more = sp == std::string_view::npos ? "" : std::string(args.substr(sp + 1));
  int64_t id = 0;
  Activity* a = Latest(e.group, &id);
  if (verb == "open") {
    Open(e, ctx, more);
  } else if (verb == "close" && a && a->open) {
    Close(ctx, id, *a);
  } else if (verb == "list" && a) {
    a->list_due = false;
    PostList(ctx, id, *a, cfg_.list_header, "signup:list");
  } else if (verb == "attend" && a) {
    Rng rng = ctx.MakeRng(MixSeed(HashString("signup", 6), static_cast<uint64_t>(id)));
    a->code = std::to_string(1000 + rng.Below(9000));
    a->attend_until = ctx.now() + cfg_.attend_window;
    ctx.Schedule(a->attend_until, static_cast<uint64_t>(id) * kTimerKinds + kAttendEnd);
    TemplateVars vars{{"title", a->title}, {"code", a->code}, {"until", When(a->attend_until)},
                      {"how", (cfg_.attend_words.empty() ? std::string() : cfg_.attend_words[0]) + " " + a->code}};
    ctx.Emit({.type = ActionType::kDm, .member = e.member, .text = RenderTemplate(cfg_.code_dm, vars), .reason = "signup:code"});
    vars.erase("code");
    vars["how"] = cfg_.attend_words.empty() ? "" : cfg_.attend_words[0];
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .text = RenderTemplate(cfg_.attend_open, vars),
              .reason = "signup:attend_open"});
  } else {
    Reply(e, ctx, cfg_.usage, {{"command", cfg_.command}}, "signup:usage");
  }
  return true;
}

void Signup::OnEvent(const Event& e, Context& ctx) {
  if (e.type != EventType::kMessage || ctx.removed()) return;
  if (HandleCommand(e, ctx)) return;
  std::string_view text = TrimText(e.text);
  if (AfterKeyword(text, cfg_.withdraw_words)) WithdrawFrom(e, ctx);
  else if (auto rest = AfterKeyword(text, cfg_.join_words)) JoinActivity(e, ctx, *rest);
  else if (auto code = AfterKeyword(text, cfg_.attend_words)) Attend(e, ctx, *code);
}

void Signup::OnTimer(uint64_t tag, Context& ctx) {
  auto it = activities_.find(static_cast<int64_t>(tag / kTimerKinds));
  if (it == activities_.end()) return;
  int64_t id = it->first;
  Activity& a = it->second;
  switch (tag % kTimerKinds) {
    case kList:
      if (!a.list_due) return;  // closed or listed on request since
      a.list_due = false;
      PostList(ctx, id, a, cfg_.list_header, "signup:list");
      break;
    case kDeadline:
      if (a.open) Close(ctx, id, a);
      break;
    case kRemind:
      a.reminded = true;
      for (const auto& en : a.sheet.entries)
        ctx.Emit({.type = ActionType::kDm, .member = en.member,
                  .text = RenderTemplate(cfg_.reminder, {{"name", en.name}, {"title", a.title}, {"at", When(a.event_at)}}),
                  .reason = "signup:remind", .extra = "\"signup\":" + std::to_string(id)});
      break;
    case kAttendEnd: {
      if (a.code.empty() || ctx.now() < a.attend_until) return;  // restarted since
      a.code.clear();
      int64_t attended = 0;
      for (const auto& en : a.sheet.entries) attended += en.attended != 0;
      ctx.Emit({.type = ActionType::kSend, .group = a.group,
                .text = RenderTemplate(cfg_.attendance, {{"title", a.title}, {"attended", std::to_string(attended)},
                                                         {"count", std::to_string(a.sheet.entries.size())}}),
                .reason = "signup:attendance", .extra = "\"signup\":" + std::to_string(id) + ",\"attended\":" + std::to_string(attended)});
      break;
    }
  }
}

namespace {
void SaveEntries(SnapshotWriter& w, const std::vector<SignupEntry>& list) {
  w.U64(list.size());
  for (const auto& en : list) {
    w.Str(en.member);
    w.Str(en.name);
    w.U64(en.values.size());
    for (const auto& v : en.values) w.Str(v);
    w.I64(en.at);
    w.I64(en.attended);
  }
}
void LoadEntries(SnapshotReader& r, std::vector<SignupEntry>* list) {
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    SignupEntry en;
    en.member = r.Str();
    en.name = r.Str();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) en.values.push_back(r.Str());
    en.at = r.I64();
    en.attended = r.I64();
    list->push_back(std::move(en));
  }
}
}  // namespace

void Signup::Save(SnapshotWriter& w) const {
  w.I64(next_id_);
  w.U64(activities_.size());
  for (const auto& [id, a] : activities_) {
    w.I64(id);
    w.Str(a.group);
    w.Str(a.title);
    w.U64(a.fields.size());
    for (const auto& f : a.fields) w.Str(f);
    w.I64(a.sheet.cap);
    w.I64(a.sheet.waitlist_cap);
    SaveEntries(w, a.sheet.entries);
    SaveEntries(w, a.sheet.waitlist);
    for (Micros t : {a.opened, a.deadline, a.event_at, a.attend_until}) w.I64(t);
    for (bool b : {a.open, a.list_due, a.reminded}) w.Bool(b);
    w.Str(a.code);
    w.U64(a.told_closed.size());
    for (const auto& m : a.told_closed) w.Str(m);
    for (int64_t v : {a.withdrawn, a.promoted, a.refused_full, a.refused_late, a.duplicates}) w.I64(v);
  }
  w.U64(latest_.size());
  for (const auto& [g, id] : latest_) {
    w.Str(g);
    w.I64(id);
  }
}

bool Signup::Load(SnapshotReader& r) {
  activities_.clear();
  latest_.clear();
  next_id_ = r.I64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int64_t id = r.I64();
    Activity& a = activities_[id];
    a.group = r.Str();
    a.title = r.Str();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) a.fields.push_back(r.Str());
    a.sheet.cap = r.I64();
    a.sheet.waitlist_cap = r.I64();
    LoadEntries(r, &a.sheet.entries);
    LoadEntries(r, &a.sheet.waitlist);
    for (Micros* t : {&a.opened, &a.deadline, &a.event_at, &a.attend_until}) *t = r.I64();
    for (bool* b : {&a.open, &a.list_due, &a.reminded}) *b = r.Bool();
    a.code = r.Str();
    k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) a.told_closed.insert(r.Str());
    for (int64_t* v : {&a.withdrawn, &a.promoted, &a.refused_full, &a.refused_late, &a.duplicates}) *v = r.I64();
    if (id <= 0 || id >= next_id_) r.Fail();
    for (const auto& en : a.sheet.entries)
      if (en.values.size() != a.fields.size()) r.Fail();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string g = r.Str();
    int64_t id = r.I64();
    if (!activities_.count(id)) r.Fail();
    latest_[g] = id;
  }
  return r.ok();
}

void Signup::Report(nlohmann::json& out) const {
  int64_t open = 0, participants = 0, attended_total = 0;
  nlohmann::json& list = out["activities"];
  list = nlohmann::json::object();
  auto entries = [&](const std::vector<SignupEntry>& v) {
    nlohmann::json arr = nlohmann::json::array();
    for (size_t i = 0; i < v.size(); ++i)
      arr.push_back({{"n", i + 1}, {"member", v[i].member}, {"name", v[i].name}, {"values", v[i].values},
                     {"signed_up", When(v[i].at)}, {"attended", When(v[i].attended)}});
    return arr;
  };
  for (const auto& [id, a] : activities_) {
    int64_t attended = 0;
    for (const auto& en : a.sheet.entries) attended += en.attended != 0;
    open += a.open;
    participants += static_cast<int64_t>(a.sheet.entries.size());
    attended_total += attended;
    size_t count = a.sheet.entries.size();
    list[std::to_string(id)] = {
        {"title", a.title}, {"group", a.group}, {"state", a.open ? "open" : "closed"}, {"cap", a.sheet.cap},
        {"waitlist_cap", a.sheet.waitlist_cap}, {"deadline", When(a.deadline)}, {"at", When(a.event_at)},
        {"fields", a.fields}, {"count", count}, {"waiting", a.sheet.waitlist.size()}, {"withdrawn", a.withdrawn},
        {"promoted", a.promoted}, {"refused_full", a.refused_full}, {"refused_late", a.refused_late},
        {"duplicates", a.duplicates}, {"attended", attended},
        {"attendance_rate", count ? static_cast<double>(attended) / static_cast<double>(count) : 0.0},
        {"entries", entries(a.sheet.entries)}, {"waitlist", entries(a.sheet.waitlist)}};
  }
  out["signups"] = activities_.size();
  out["open"] = open;
  out["participants"] = participants;
  out["attended"] = attended_total;
}

namespace {

std::unique_ptr<Feature> CreateSignup(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  SignupConfig cfg;
  cfg.command = s.Str("command", cfg.command);
  if (cfg.command.empty()) s.Error("command", "must not be empty");
  if (s.Has("join_words")) cfg.join_words = s.Strings("join_words");
  if (s.Has("withdraw_words")) cfg.withdraw_words = s.Strings("withdraw_words");
  if (s.Has("attend_words")) cfg.attend_words = s.Strings("attend_words");
  if (cfg.join_words.empty()) s.Error("join_words", "needs at least one word", "e.g. [报名, +1]");
  for (const auto& w : cfg.join_words) {
    for (const auto& x : cfg.withdraw_words)
      if (w == x) s.Error("withdraw_words", "'" + x + "' is also a join word");
  }
  cfg.default_cap = s.Int("cap", 0, 0, 100'000);
  cfg.default_waitlist = s.Int("waitlist", 0, 0, 100'000);
  cfg.list_every = s.Duration("list_every", cfg.list_every, 0);
  cfg.remind_before = s.Duration("remind_before", cfg.remind_before, 0);
  cfg.attend_window = s.Duration("attend_window", cfg.attend_window, kMicrosPerMinute);
  cfg.attend_points = s.Int("attend_points", 0, 0, 1'000'000);
  std::vector<std::string> open_vars{"title", "cap", "waitlist", "deadline", "at", "how", "fields"};
  cfg.opened = ReadTemplate(s, "opened", "Sign-up: {title} ({cap} places, until {deadline}). Send: {how}", open_vars);
  std::vector<std::string> join_vars{"name", "title", "n", "count", "cap"};
  cfg.joined = ReadTemplate(s, "joined", "{name} #{n} ({count}/{cap})", join_vars);
  cfg.waitlisted = ReadTemplate(s, "waitlisted", "{name}: full, waiting list #{n}", join_vars);
  cfg.already = ReadTemplate(s, "already", "{name}: already #{n}", join_vars);
  cfg.already_waiting = ReadTemplate(s, "already_waiting", "{name}: already waiting #{n}", join_vars);
  cfg.full = ReadTemplate(s, "full", "{name}: {title} is full", join_vars);
  cfg.closed_reply = ReadTemplate(s, "closed_reply", "{name}: {title} is closed", {"name", "title", "deadline"});
  cfg.bad_fields = ReadTemplate(s, "bad_fields", "{name}: send {how}", {"name", "title", "how"});
  cfg.withdrawn = ReadTemplate(s, "withdrawn", "{name}: withdrawn from {title}", {"name", "title"});
  cfg.promoted = ReadTemplate(s, "promoted", "{name}: a place in {title} is yours (#{n})", {"name", "title", "n"});
  std::vector<std::string> list_vars{"title", "count", "cap", "waiting", "deadline", "at"};
  cfg.list_header = ReadTemplate(s, "list_header", "{title} ({count}/{cap})", list_vars);
  cfg.closed = ReadTemplate(s, "closed", "{title}: closed, {count} signed up", list_vars);
  cfg.list_line = ReadTemplate(s, "list_line", "{n}. {name} {values}", {"n", "name", "values"});
  cfg.waitlist_line = ReadTemplate(s, "waitlist_line", "w{n}. {name} {values}", {"n", "name", "values"});
  cfg.reminder = ReadTemplate(s, "reminder", "{name}: {title} starts {at}", {"name", "title", "at"});
  std::vector<std::string> attend_vars{"title", "code", "until", "how"};
  cfg.code_dm = ReadTemplate(s, "code_dm", "{title}: the venue code is {code} (until {until})", attend_vars);
  cfg.attend_open = ReadTemplate(s, "attend_open", "{title}: at the venue, send {how} and the code", {"title", "until", "how"});
  cfg.attend_ok = ReadTemplate(s, "attend_ok", "{name}: welcome to {title} +{points}", {"name", "title", "points"});
  cfg.attend_bad = ReadTemplate(s, "attend_bad", "{name}: wrong code", {"name", "title"});
  cfg.attend_none = ReadTemplate(s, "attend_none", "{name}: not signed up for {title}", {"name", "title"});
  cfg.attendance = ReadTemplate(s, "attendance", "{title}: {attended} of {count} came", {"title", "attended", "count"});
  cfg.refused = ReadTemplate(s, "refused", "not opened: {why}", {"why", "command"});
  cfg.usage = ReadTemplate(s, "usage", "{command} open <title> cap=N deadline=… at=… fields=a,b | close | list | attend", {"command"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Signup>(std::move(cfg), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(signup, FeatureSpec{
    .name = "signup",
    .order = 335,
    .scope = FeatureScope::kCommunity,
    .create = CreateSignup,
});

}  // namespace shoal
