#include "features/gate/gate.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"
#include "features/invite/invite.h"
#include "features/moderation/moderation.h"

namespace shoal {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Key(std::string_view group, std::string_view member) {
  return std::string(group) + "\n" + std::string(member);
}

}  // namespace

int64_t Gate::Capacity(const Context& ctx, const std::string& group, const GateRule& rule) const {
  if (rule.capacity) return rule.capacity;
  const GroupConfig* g = ctx.config().FindGroup(group);
  return g ? g->capacity : 0;
}

bool Gate::OnProbation(std::string_view group, std::string_view member) const {
  return probation_.count(Key(group, member)) > 0;
}

bool Gate::FailedProbation(std::string_view group, std::string_view member) const {
  return failed_.count(Key(group, member)) > 0;
}

Micros Gate::ProbationEnds(std::string_view group, std::string_view member) const {
  auto it = probation_.find(Key(group, member));
  return it == probation_.end() ? 0 : it->second;
}

void Gate::OnEvent(const Event& e, Context& ctx) {
  if (e.type == EventType::kConversion) {
    if (e.goal != "paid") return;
    paid_.insert(e.member);
    // Payment grants entry: approve every request this member has waiting (request id order).
    std::vector<std::string> ids;
    for (const auto& [id, r] : waiting_)
      if (r.member == e.member) ids.push_back(id);
    for (const auto& id : ids) {
      Request r = waiting_[id];
      waiting_.erase(id);
      Decide(ctx, id, r.group, r.member, true, "gate:paid");
    }
    return;
  }
  auto rule = rules_.find(e.group);
  if (rule == rules_.end()) return;
  switch (e.type) {
    case EventType::kJoinRequest:
      OnRequest(e, ctx, rule->second);
      break;
    case EventType::kJoin:
      failed_.erase(Key(e.group, e.member));
      if (rule->second.probation > 0 && !ctx.IsStaff(e.member)) {
        Micros deadline = e.ts.utc + rule->second.probation;
        probation_[Key(e.group, e.member)] = deadline;
        uint64_t tag = next_tag_++;
        timers_[tag] = {true, Key(e.group, e.member)};
        ctx.Schedule(deadline, tag);
        ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
                  .text = RenderTemplate(rule->second.captcha_prompt,
                                         {{"name", DisplayName(ctx, e.member)}, {"captcha", rule->second.captcha},
                                          {"minutes", std::to_string(rule->second.probation / kMicrosPerMinute)}}),
                  .reason = "gate:captcha"});
      }
      break;
    case EventType::kLeave:
      probation_.erase(Key(e.group, e.member));
      break;
    case EventType::kMessage:
      if (probation_.count(Key(e.group, e.member))) OnProbationMessage(e, ctx, rule->second);
      else if (rule->second.announce_only && !ctx.removed() && !ctx.IsStaff(e.member)) OnAnnounceOnly(e, ctx, rule->second);
      break;
    default:
      break;
  }
}

void Gate::OnRequest(const Event& e, Context& ctx, const GateRule& rule) {
  // Moderation (order 100) has already rejected blacklisted members; count, do not answer twice.
  if (auto* mod = ctx.Find<Moderation>("moderation"); mod && mod->Blacklisted(e.member)) {
    ++counts_[e.group].rejected["blacklist"];
    return;
  }
  int64_t cap = Capacity(ctx, e.group, rule);
  if (cap > 0 && ctx.roster().PresentCount(ctx.group_id()) >= cap)
    return Decide(ctx, e.request_id, e.group, e.member, false, "gate:full");
  switch (rule.mode) {
    case GateMode::kOpen:
      return Decide(ctx, e.request_id, e.group, e.member, true, "gate:open");
    case GateMode::kAnswer: {
      std::string answer = Lower(e.answer);
      bool ok = std::any_of(rule.keywords.begin(), rule.keywords.end(),
                            [&](const std::string& k) { return answer.find(Lower(k)) != std::string::npos; });
      return Decide(ctx, e.request_id, e.group, e.member, ok, ok ? "gate:answer" : "gate:answer_mismatch");
    }
    case GateMode::kInvite: {
      // The code arrives as the request's via, or typed as the answer.
      std::string code = !e.via.empty() ? e.via : std::string(TrimText(e.answer));
      auto* invite = ctx.Find<Invite>("invite");
      CodeStatus status = invite && !code.empty() ? invite->Check(code, e.group, e.ts.utc) : CodeStatus::kUnknown;
      return Decide(ctx, e.request_id, e.group, e.member, status == CodeStatus::kOk,
                    "gate:invite_" + std::string(CodeStatusName(status)));
    }
    case GateMode::kPaid: {
      if (paid_.count(e.member)) return Decide(ctx, e.request_id, e.group, e.member, true, "gate:paid");
      if (waiting_.count(e.request_id)) return;  // the same request again: still waiting
      waiting_[e.request_id] = {e.group, e.member, e.ts.utc};
      uint64_t tag = next_tag_++;
      timers_[tag] = {false, e.request_id};
      ctx.Schedule(e.ts.utc + rule.paid_wait, tag);
      ctx.Emit({.type = ActionType::kDm, .group = e.group, .member = e.member,
                .text = RenderTemplate(rule.pay_hint, {{"name", DisplayName(ctx, e.member)}, {"group", e.group}}),
                .reason = "gate:pay_hint"});
      return;
    }
  }
}

void Gate::Decide(Context& ctx, const std::string& request_id, const std::string& group, const std::string& member,
                  bool approve, const std::string& reason) {
  Counts& c = counts_[group];
  if (approve) ++c.approved;
  else ++c.rejected[reason.substr(5)];  // without the "gate:" prefix
  ctx.Emit({.type = approve ? ActionType::kApprove : ActionType::kReject, .group = group, .member = member,
            .request_id = request_id, .reason = reason});
}

void Gate::OnProbationMessage(const Event& e, Context& ctx, const GateRule& rule) {
  if (!rule.captcha.empty() && Lower(e.text).find(Lower(rule.captcha)) != std::string::npos) {
    probation_.erase(Key(e.group, e.member));
    ++counts_[e.group].probation_passed;
    return;
  }
  ++counts_[e.group].probation_deleted;
  ctx.MarkRemoved("gate:probation");
  ctx.Emit({.type = ActionType::kDelete, .group = e.group, .member = e.member, .msg_id = e.msg_id,
            .reason = "gate:probation"});
}

void Gate::OnAnnounceOnly(const Event& e, Context& ctx, const GateRule& rule) {
  ++counts_[e.group].announce_only_deleted;
  ctx.MarkRemoved("gate:announce_only");
  ctx.Emit({.type = ActionType::kDelete, .group = e.group, .member = e.member, .msg_id = e.msg_id,
            .reason = "gate:announce_only"});
  if (rule.chat.empty() || !pointed_.insert(Key(e.group, e.member)).second) return;
  const GroupConfig* chat = ctx.config().FindGroup(rule.chat);
  ctx.Emit({.type = ActionType::kDm, .group = e.group, .member = e.member,
            .text = RenderTemplate(rule.chat_hint, {{"name", DisplayName(ctx, e.member)},
                                                    {"chat", chat ? chat->name : rule.chat}}),
            .reason = "gate:chat_hint"});
}

void Gate::OnTimer(uint64_t tag, Context& ctx) {
  auto it = timers_.find(tag);
  if (it == timers_.end()) return;
  auto [is_probation, key] = it->second;
  timers_.erase(it);
  if (is_probation) {
    auto p = probation_.find(key);
    if (p == probation_.end() || p->second > ctx.now()) return;  // passed, left, or rejoined later
    probation_.erase(p);
    failed_.insert(key);
    size_t nl = key.find('\n');
    std::string group = key.substr(0, nl), member = key.substr(nl + 1);
    ++counts_[group].probation_kicked;
    ctx.Emit({.type = ActionType::kKick, .group = group, .member = member, .ban = false,
              .reason = "gate:captcha_timeout"});
    return;
  }
  auto w = waiting_.find(key);
  if (w == waiting_.end()) return;  // paid meanwhile
  Request r = w->second;
  waiting_.erase(w);
  Decide(ctx, key, r.group, r.member, false, "gate:unpaid");
}

void Gate::Report(nlohmann::json& out) const {
  nlohmann::json& groups = out["groups"] = nlohmann::json::object();
  for (const auto& [group, rule] : rules_) {
    nlohmann::json g;
    ReportGroup(group, g);
    groups[group] = std::move(g);
  }
  out["waiting_payment"] = waiting_.size();
  out["on_probation"] = probation_.size();
}

bool Gate::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto rule = rules_.find(std::string(group));
  if (rule == rules_.end()) return false;
  static const char* kModes[] = {"open", "answer", "invite", "paid"};
  auto c = counts_.find(rule->first);
  Counts none;
  const Counts& n = c == counts_.end() ? none : c->second;
  int64_t rejected = 0;
  for (const auto& [reason, k] : n.rejected) rejected += k;
  out = {{"mode", kModes[static_cast<int>(rule->second.mode)]},
         {"approved", n.approved},
         {"rejected", rejected},
         {"rejected_by_reason", n.rejected},
         {"probation_passed", n.probation_passed},
         {"probation_kicked", n.probation_kicked},
         {"probation_deleted", n.probation_deleted},
         {"announce_only_deleted", n.announce_only_deleted}};
  if (rule->second.announce_only) out["chat"] = rule->second.chat;
  return true;
}

void Gate::Save(SnapshotWriter& w) const {
  w.U64(waiting_.size());
  for (const auto& [id, r] : waiting_) {
    w.Str(id);
    w.Str(r.group);
    w.Str(r.member);
    w.I64(r.ts);
  }
  w.U64(probation_.size());
  for (const auto& [key, deadline] : probation_) {
    w.Str(key);
    w.I64(deadline);
  }
  w.U64(paid_.size());
  for (const auto& m : paid_) w.Str(m);
  w.U64(failed_.size());
  for (const auto& k : failed_) w.Str(k);
  w.U64(timers_.size());
  for (const auto& [tag, t] : timers_) {
    w.U64(tag);
    w.Bool(t.first);
    w.Str(t.second);
  }
  w.U64(next_tag_);
  w.U64(counts_.size());
  for (const auto& [group, c] : counts_) {
    w.Str(group);
    w.I64(c.approved);
    w.U64(c.rejected.size());
    for (const auto& [reason, n] : c.rejected) {
      w.Str(reason);
      w.I64(n);
    }
    w.I64(c.probation_passed);
    w.I64(c.probation_kicked);
    w.I64(c.probation_deleted);
    w.I64(c.announce_only_deleted);
  }
  w.U64(pointed_.size());
  for (const auto& k : pointed_) w.Str(k);
}

bool Gate::Load(SnapshotReader& r) {
  waiting_.clear();
  probation_.clear();
  paid_.clear();
  failed_.clear();
  pointed_.clear();
  timers_.clear();
  counts_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string id = r.Str();
    Request& q = waiting_[id];
    q.group = r.Str();
    q.member = r.Str();
    q.ts = r.I64();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string key = r.Str();
    probation_[key] = r.I64();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) paid_.insert(r.Str());
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) failed_.insert(r.Str());
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t tag = r.U64();
    bool probation = r.Bool();
    timers_[tag] = {probation, r.Str()};
  }
  next_tag_ = r.U64();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Counts& c = counts_[r.Str()];
    c.approved = r.I64();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) {
      std::string reason = r.Str();
      c.rejected[reason] = r.I64();
    }
    c.probation_passed = r.I64();
    c.probation_kicked = r.I64();
    c.probation_deleted = r.I64();
    c.announce_only_deleted = r.I64();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) pointed_.insert(r.Str());
  return r.ok();
}

}  // namespace shoal
