#include "features/session/session.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"
#include "features/poll/poll.h"

namespace shoal {

namespace {

uint64_t Tag(size_t session, uint8_t phase) { return (static_cast<uint64_t>(session) << 8) | phase; }

std::string ClockText(const TimeZone& zone, Micros t) {
  int m = zone.LocalMinuteOfDay(t);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}

std::string Date(const TimeZone& zone, Micros t) {
  int y;
  unsigned mo, d;
  CivilFromDays(zone.LocalDay(t), &y, &mo, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u-%02u", mo, d);
  return buf;
}

bool IsQuestion(std::string_view text) {
  return text.find('?') != std::string_view::npos || text.find("？") != std::string_view::npos ||
         text.starts_with("请问");
}

}  // namespace

Session::Session(std::vector<SessionPlan> plans, std::shared_ptr<const TimeZone> zone)
    : plans_(std::move(plans)), zone_(std::move(zone)), state_(plans_.size()) {}

void Session::Arm(Context& ctx) {
  armed_ = true;
  Micros now = ctx.now();
  for (size_t si = 0; si < plans_.size(); ++si) {
    const SessionPlan& p = plans_[si];
    // Phases already past when the engine first runs are skipped; the end always runs if still ahead.
    if (p.start - p.announce_before >= now) ctx.Schedule(p.start - p.announce_before, Tag(si, kAnnounce));
    if (p.start - p.open_before >= now) ctx.Schedule(p.start - p.open_before, Tag(si, kOpen));
    if (p.start >= now) ctx.Schedule(p.start, Tag(si, kStart));
    if (p.end >= now) ctx.Schedule(p.end, Tag(si, kEnd));
  }
}

std::map<std::string, std::string, std::less<>> Session::Vars(Context& ctx, size_t si) const {
  const SessionPlan& p = plans_[si];
  std::string outline;
  for (size_t i = 0; i < p.outline.size(); ++i) outline += (i ? "\n" : "") + std::to_string(i + 1) + ". " + p.outline[i];
  return {{"topic", p.topic},
          {"kol", DisplayName(ctx, p.kol)},
          {"outline", outline},
          {"date", Date(*zone_, p.start)},
          {"start", ClockText(*zone_, p.start)},
          {"end", ClockText(*zone_, p.end)},
          {"link", p.link},
          {"seats", std::to_string(p.seats)},
          {"seats_left", std::to_string(std::max<int64_t>(0, p.seats - state_[si].seats_taken))},
          {"rules", p.rules},
          {"name", p.name}};
}

void Session::OnEvent(const Event& e, Context& ctx) {
  if (!armed_) Arm(ctx);
  for (size_t si = 0; si < plans_.size(); ++si)
    if (e.group == plans_[si].group) OnGroupEvent(e, ctx, si);
}

void Session::OnGroupEvent(const Event& e, Context& ctx, size_t si) {
  const SessionPlan& p = plans_[si];
  SessionState& s = state_[si];
  switch (e.type) {
    case EventType::kJoinRequest: {
      std::string reason;
      if (s.status < kOpened) reason = "session:not_open";
      else if (s.status == kEnded) reason = "session:ended";
      else if (s.seats_taken >= p.seats) reason = "session:full";
      if (!reason.empty()) {
        ++s.refused;
        ctx.Emit({.type = ActionType::kReject, .group = e.group, .member = e.member, .request_id = e.request_id,
                  .reason = reason});
        return;
      }
      ++s.seats_taken;  // held from approval, so two approvals never share the last seat
      ctx.Emit({.type = ActionType::kApprove, .group = e.group, .member = e.member, .request_id = e.request_id,
                .reason = "session:seat"});
      return;
    }
    case EventType::kJoin: {
      if (s.status < kOpened || s.status == kEnded) return;
      if (!s.speakers.count(e.member)) {
        s.speakers[e.member].name = DisplayName(ctx, e.member);
        ++s.participants;
      }
      s.seats_taken = std::max(s.seats_taken, ctx.roster().PresentCount(ctx.group_id()));
      return;
    }
    case EventType::kMessage: {
      if (s.status < kOpened || s.status == kEnded || ctx.removed()) return;
      ++s.messages;
      const bool kol = e.member == p.kol;
      if (kol) ++s.kol_messages;
      if (!kol && ctx.IsStaff(e.member)) return;  // moderators guide the talk; the ranking is the members'
      Speaker& sp = s.speakers[e.member];
      if (sp.name.empty()) sp.name = DisplayName(ctx, e.member);
      ++sp.messages;
      if (!e.reply_to.empty()) {
        auto q = s.questions_open.find(e.reply_to);
        if (q != s.questions_open.end() && !q->second) {
          q->second = true;
          ++s.answered;
        }
      }
      if (!kol && !e.msg_id.empty() && IsQuestion(e.text)) {
        ++s.questions;
        s.questions_open.emplace(e.msg_id, false);
      }
      return;
    }
    default:
      return;
  }
}

std::string Session::SummaryText(Context& ctx, size_t si, const std::string& tmpl) const {
  const SessionState& s = state_[si];
  const SessionPlan& p = plans_[si];
  std::vector<std::pair<int64_t, std::string>> rows;
  for (const auto& [m, sp] : s.speakers)
    if (sp.messages && m != p.kol) rows.emplace_back(-sp.messages, m);
  std::sort(rows.begin(), rows.end());
  std::string top;
  for (size_t i = 0; i < rows.size() && i < 3; ++i)
    top += (i ? "、" : "") + s.speakers.at(rows[i].second).name + " " + std::to_string(-rows[i].first);
  // Polls held in the session group (the poll feature's own tallies).
  std::string polls;
  if (auto* poll = ctx.Find<Poll>("poll")) {
    nlohmann::json j;
    poll->Report(j);
    for (const auto& [id, pj] : j["polls"].items()) {
      if (pj["group"] != p.group) continue;
      polls += (polls.empty() ? "" : "；") + pj["question"].get<std::string>() + "：";
      for (size_t i = 0; i < pj["options"].size(); ++i)
        polls += (i ? "，" : "") + pj["options"][i].get<std::string>() + " " + std::to_string(pj["votes"][i].get<int64_t>());
    }
  }
  auto vars = Vars(ctx, si);
  vars["participants"] = std::to_string(s.participants);
  vars["messages"] = std::to_string(s.messages);
  vars["kol_messages"] = std::to_string(s.kol_messages);
  vars["questions"] = std::to_string(s.questions);
  vars["answered"] = std::to_string(s.answered);
  vars["top"] = top;
  vars["polls"] = polls;
  return RenderTemplate(tmpl, vars);
}

void Session::OnTimer(uint64_t tag, Context& ctx) {
  size_t si = tag >> 8;
  if (si >= plans_.size()) return;
  Fire(ctx, si, static_cast<Phase>(tag & 0xff));
}

void Session::Fire(Context& ctx, size_t si, Phase phase) {
  const SessionPlan& p = plans_[si];
  SessionState& s = state_[si];
  auto vars = Vars(ctx, si);
  switch (phase) {
    case kAnnounce:
      for (const auto& g : p.sources)
        ctx.Emit({.type = ActionType::kAnnounce, .group = g, .text = RenderTemplate(p.announce, vars),
                  .reason = "session:announce"});
      s.status = std::max(s.status, kAnnounced);
      return;
    case kOpen:
      ctx.Emit({.type = ActionType::kCreateGroup, .group = p.group, .name = p.name, .reason = "session:create",
                .extra = "\"seats\":" + std::to_string(p.seats)});
      for (const auto& g : p.sources)
        ctx.Emit({.type = ActionType::kSend, .group = g, .text = RenderTemplate(p.invite, vars), .reason = "session:invite"});
      s.status = std::max(s.status, kOpened);
      if (ctx.now() + p.remind_every < p.start) ctx.Schedule(ctx.now() + p.remind_every, Tag(si, kRemind));
      return;
    case kRemind:
      if (s.status != kOpened) return;
      if (s.seats_taken < p.seats) {
        for (const auto& g : p.sources)
          ctx.Emit({.type = ActionType::kSend, .group = g, .text = RenderTemplate(p.reminder, vars),
                    .reason = "session:reminder"});
      }
      if (ctx.now() + p.remind_every < p.start) ctx.Schedule(ctx.now() + p.remind_every, Tag(si, kRemind));
      return;
    case kStart:
      if (s.status < kOpened) {  // the open phase was missed: open now
        Fire(ctx, si, kOpen);
        vars = Vars(ctx, si);
      }
      ctx.Emit({.type = ActionType::kSend, .group = p.group, .text = RenderTemplate(p.start_post, vars),
                .reason = "session:start"});
      s.status = kRunning;
      return;
    case kEnd:
      if (s.status == kEnded) return;
      ctx.Emit({.type = ActionType::kSend, .group = p.group, .text = SummaryText(ctx, si, p.summary),
                .reason = "session:summary"});
      ctx.Emit({.type = ActionType::kDisband, .group = p.group, .reason = "session:end"});
      for (const auto& g : p.sources)
        ctx.Emit({.type = ActionType::kSend, .group = g, .text = SummaryText(ctx, si, p.report), .reason = "session:report"});
      s.status = kEnded;
      return;
  }
}

void Session::Report(nlohmann::json& out) const {
  static const char* kStatus[] = {"planned", "announced", "open", "running", "ended"};
  nlohmann::json& sessions = out["sessions"] = nlohmann::json::object();
  for (size_t si = 0; si < plans_.size(); ++si) {
    const SessionPlan& p = plans_[si];
    const SessionState& s = state_[si];
    std::vector<std::pair<int64_t, std::string>> rows;
    for (const auto& [m, sp] : s.speakers)
      if (sp.messages) rows.emplace_back(-sp.messages, m);
    std::sort(rows.begin(), rows.end());
    nlohmann::json top = nlohmann::json::array();
    for (size_t i = 0; i < rows.size() && i < 10; ++i) top.push_back({{"member", rows[i].second}, {"messages", -rows[i].first}});
    sessions[p.id] = {{"topic", p.topic},      {"group", p.group},          {"status", kStatus[s.status]},
                      {"seats", p.seats},      {"seats_taken", s.seats_taken}, {"refused", s.refused},
                      {"participants", s.participants}, {"messages", s.messages}, {"kol_messages", s.kol_messages},
                      {"questions", s.questions}, {"answered", s.answered}, {"top_speakers", top}};
  }
}

void Session::Save(SnapshotWriter& w) const {
  w.Bool(armed_);
  w.U64(state_.size());
  for (const auto& s : state_) {
    w.U64(s.status);
    w.U64(s.speakers.size());
    for (const auto& [m, sp] : s.speakers) {
      w.Str(m);
      w.Str(sp.name);
      w.I64(sp.messages);
    }
    for (int64_t v : {s.participants, s.messages, s.kol_messages, s.questions, s.answered, s.seats_taken, s.refused})
      w.I64(v);
    w.U64(s.questions_open.size());
    for (const auto& [id, answered] : s.questions_open) {
      w.Str(id);
      w.Bool(answered);
    }
  }
}

bool Session::Load(SnapshotReader& r) {
  armed_ = r.Bool();
  if (r.Count() != state_.size()) return false;
  for (auto& s : state_) {
    s = SessionState{};
    uint64_t status = r.U64();
    if (status > kEnded) return false;
    s.status = static_cast<Status>(status);
    uint64_t n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      std::string m = r.Str();
      Speaker& sp = s.speakers[m];
      sp.name = r.Str();
      sp.messages = r.I64();
    }
    for (int64_t* v : {&s.participants, &s.messages, &s.kol_messages, &s.questions, &s.answered, &s.seats_taken, &s.refused})
      *v = r.I64();
    n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      std::string id = r.Str();
      s.questions_open[id] = r.Bool();
    }
  }
  return r.ok();
}

}  // namespace shoal
