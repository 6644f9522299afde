#include "features/moderation/moderation.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "moderation/detectors/near_dup.h"
#include "shoal/rng.h"

namespace shoal {
namespace {

bool IsAdReason(const std::string& reason) { return reason.rfind("ad:", 0) == 0 || reason.rfind("dup:", 0) == 0; }

bool HasRole(const std::vector<std::string>& roles, const std::string& role, bool staff) {
  for (const auto& r : roles)
    if (r == role || (r == "staff" && staff)) return true;
  return false;
}

std::string Truncate(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return s.substr(0, cut) + "…";
}

std::string FormatScore(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Moderation::Moderation(std::map<std::string, Policy> policies, Policy tenant_default, DupConfig dup)
    : policies_(std::move(policies)), tenant_default_(std::move(tenant_default)), dup_(dup) {}

const Policy* Moderation::PolicyFor(const std::string& group, const Config& cfg, std::string* community) const {
  const CommunityConfig* c = nullptr;
  cfg.FindGroup(group, &c);
  if (!c) return &tenant_default_;
  *community = c->id;
  auto it = policies_.find(c->id);
  return it == policies_.end() ? &tenant_default_ : &it->second;
}

void Moderation::Emit(Context& ctx, Action a) { ctx.Emit(std::move(a)); }

std::string Moderation::RoleOf(const Event& e, Context& ctx) const {
  Id g = ctx.ids().Find(e.group), m = ctx.ids().Find(e.member);
  const Membership* ms = g == kNoId || m == kNoId ? nullptr : ctx.roster().Find(g, m);
  return std::string(RoleName(ms ? ms->role : Role::kMember));
}

int64_t Moderation::AddStrike(const std::string& key, Micros now, Micros expiry) {
  auto& v = strikes_[key];
  v.erase(std::remove_if(v.begin(), v.end(), [&](Micros t) { return t < now - expiry; }), v.end());
  v.push_back(now);
  return static_cast<int64_t>(v.size());
}

Decision Moderation::NewDecision(const Event& e, double score, std::string reason, std::string evidence) {
  Decision d;
  d.id = next_decision_++;
  d.ts = e.ts.utc;
  d.group = e.group;
  d.member = e.member;
  d.name = e.name;
  d.msg_id = e.msg_id;
  d.score = score;
  d.reason = std::move(reason);
  d.evidence = std::move(evidence);
  return d;
}

Decision& Moderation::Keep(Decision d) {
  audit_.push_back(std::move(d));
  while (audit_.size() > kAuditCapacity) audit_.pop_front();
  return audit_.back();
}

Decision& Moderation::Record(const Event& e, double score, std::string reason, std::string evidence, bool dry_run) {
  Decision d = NewDecision(e, score, std::move(reason), std::move(evidence));
  d.text = Truncate(e.text, 300);
  d.dry_run = dry_run;
  ++by_reason_[d.reason];
  ++by_group_[d.group];
  if (dry_run) ++dry_run_decisions_;
  return Keep(std::move(d));
}

void Moderation::BlacklistEverywhere(const std::string& member, const std::string& reason, Context& ctx, Decision& d) {
  BlacklistEntry& b = blacklist_[member];
  if (b.since == 0) {
    b.since = ctx.now();
    b.reason = reason;
    b.decision = d.id;
  }
  Id m = ctx.ids().Find(member);
  for (const auto& c : ctx.config().communities) {
    for (const auto& g : c.groups) {
      if (b.banned_in.count(g.id)) continue;
      Id gid = ctx.ids().Find(g.id);
      const Membership* ms = gid == kNoId || m == kNoId ? nullptr : ctx.roster().Find(gid, m);
      if (g.id != d.group && !(ms && ms->present)) continue;
      Action a{.type = ActionType::kKick, .group = g.id, .member = member, .ban = true, .reason = "blacklist"};
      if (g.id == d.group) a.reason = reason;
      Emit(ctx, std::move(a));
      b.banned_in.insert(g.id);
    }
  }
}

void Moderation::OnEvent(const Event& e, Context& ctx) {
  // A whole-group mute names no member; every other event this feature reads does.
  if (e.group.empty() || (e.member.empty() && e.type != EventType::kRestrict)) return;
  std::string community;
  const Policy* p = PolicyFor(e.group, ctx.config(), &community);
  if (!p->enabled) return;
  switch (e.type) {
    case EventType::kJoin: {
      auto it = blacklist_.find(e.member);
      if (it == blacklist_.end()) return;
      ++refused_;
      Decision& d = Record(e, 1.0, "blacklist", "blacklist:since decision " + std::to_string(it->second.decision),
                           p->dry_run);
      d.actions = p->dry_run ? "none (dry run)" : "ban";
      if (p->dry_run) return;
      Emit(ctx, Action{.type = ActionType::kKick, .group = e.group, .member = e.member, .ban = true,
                       .reason = "blacklist"});
      it->second.banned_in.insert(e.group);
      return;
    }
    case EventType::kJoinRequest: {
      auto it = blacklist_.find(e.member);
      if (it == blacklist_.end()) return;
      ++refused_;
      Decision& d = Record(e, 1.0, "blacklist", "blacklist:since decision " + std::to_string(it->second.decision),
                           p->dry_run);
      d.actions = p->dry_run ? "none (dry run)" : "reject";
      if (p->dry_run) return;
      Emit(ctx, Action{.type = ActionType::kReject, .group = e.group, .member = e.member,
                       .request_id = e.request_id, .reason = "blacklist"});
      return;
    }
    case EventType::kMessage:
      OnMessage(e, ctx, *p, community);
      return;
    case EventType::kLeave:
    case EventType::kRecall:
    case EventType::kRestrict:
      OnStaffEvent(e, *p, community);
      return;
    default:
      return;
  }
}

void Moderation::OnMessage(const Event& e, Context& ctx, const Policy& p, const std::string& community) {
  bool staff = ctx.IsStaff(e.member);
  if (staff && !e.text.empty() && e.text[0] == '/' && StaffCommand(e, ctx)) return;
  // The tenant's own staff accounts (config `staff`) post announcements to every group by design:
  // their messages are neither indexed nor flagged as duplicates (other rules still apply).
  const MemberInfo* info = ctx.roster().FindMember(ctx.member_id());
  const bool tenant_staff = info && info->staff;
  ++checked_;
  if (checked_ % 4096 == 0) flood_.Prune(ctx.now(), kMicrosPerHour);

  if (auto it = blacklist_.find(e.member); it != blacklist_.end()) {
    Decision& d = Record(e, 1.0, "blacklist", "blacklist:since decision " + std::to_string(it->second.decision),
                         p.dry_run);
    d.actions = p.dry_run ? "none (dry run)" : "delete+ban";
    if (p.dry_run) return;
    ctx.MarkRemoved("blacklist");
    ++removed_;
    if (!e.msg_id.empty())
      Emit(ctx, Action{.type = ActionType::kDelete, .group = e.group, .msg_id = e.msg_id, .reason = "blacklist"});
    if (!it->second.banned_in.count(e.group)) {
      Emit(ctx, Action{.type = ActionType::kKick, .group = e.group, .member = e.member, .ban = true,
                       .reason = "blacklist"});
      it->second.banned_in.insert(e.group);
    }
    return;
  }

  // Content detectors, then the stateful ones. All run (and remember) even for exempt members,
  // so a flood or a duplicate is counted the same way whoever posts it.
  ContentResult content = p.checker->Check(e.text);
  std::vector<Detection> ds = std::move(content.detections);
  const std::string& norm = content.norm.text;
  uint64_t text_hash = HashString(norm.data(), norm.size());
  if (auto f = flood_.Record(e.group, e.member, e.ts.utc, text_hash, CodePoints(norm), p.flood)) ds.push_back(*f);
  uint64_t sim = SimHash(norm, static_cast<size_t>(dup_.min_chars));
  DupMatch dup = tenant_staff ? DupMatch{} : dups_.Record(sim, e.group, e.member, e.msg_id, e.ts.utc, dup_);
  // One account posting the same text into several groups is an ad whatever it says. Copies from
  // several accounts are not: members repeat common phrases ("thanks for sharing"), so there a
  // copy only amplifies a message that already carries an ad signal.
  bool ad_signal = false;
  for (const auto& d : ds) ad_signal |= IsAdReason(d.reason) && d.score >= 0.3;
  double dup_score = ad_signal ? 0.95 : 0.3;
  Verdict dup_verdict = ad_signal ? Verdict::kSpam : Verdict::kSuspect;
  if (dup.groups >= dup_.groups && dup.members <= 1) {
    ds.push_back({"dup", Verdict::kSpam, 0.95, "near-copies in " + std::to_string(dup.groups) + " groups",
                  "dup:cross-group"});
  } else if (dup.groups >= dup_.groups || dup.members >= dup_.members) {
    ds.push_back({"dup", dup_verdict, dup_score,
                  "near-copies from " + std::to_string(dup.members) + " accounts in " + std::to_string(dup.groups) +
                      " groups",
                  dup.groups >= dup_.groups ? "dup:cross-group" : "dup:multi-account"});
  } else if (dup.groups == 2) {
    ds.push_back({"dup", Verdict::kSuspect, 0.5, "near-copy in another group", "dup:cross-group"});
  }

  double threshold = p.threshold;
  if (p.probation.enabled) {
    Id g = ctx.ids().Find(e.group), m = ctx.ids().Find(e.member);
    const Membership* ms = g == kNoId || m == kNoId ? nullptr : ctx.roster().Find(g, m);
    if (ms && ms->joins > 0 && e.ts.utc - ms->joined_at <= p.probation.window &&
        static_cast<int64_t>(ms->messages) <= p.probation.messages) {
      threshold = std::min(threshold, p.probation.threshold);
      ds.push_back({"probation", Verdict::kHam, 0,
                    "joined " + std::to_string((e.ts.utc - ms->joined_at) / kMicrosPerMinute) + "m ago, message " +
                        std::to_string(ms->messages),
                    "probation"});
    }
  }

  // Exemptions: by default nobody is exempt from the ad rule.
  std::string role = RoleOf(e, ctx);
  bool ad_exempt = HasRole(p.ad_exempt_roles, role, staff);
  bool rule_exempt = HasRole(p.exempt_roles, role, staff);
  std::vector<Detection> ad, rule;
  for (auto& d : ds) {
    if (d.score <= 0) continue;
    if (IsAdReason(d.reason)) {
      if (!ad_exempt) ad.push_back(d);
    } else if (!rule_exempt) {
      rule.push_back(d);
    }
  }
  double ad_score = CombineScores(ad), rule_score = CombineScores(rule);
  bool is_ad = ad_score >= threshold;
  bool is_rule = !is_ad && rule_score >= p.threshold;
  if (!is_ad && !is_rule) return;

  const std::vector<Detection>& why = is_ad ? ad : rule;
  const Detection* top = &why.front();
  for (const auto& d : why)
    if (d.score > top->score) top = &d;
  std::string reason = top->reason;
  for (const auto& d : why) ++by_detector_[d.detector];

  Decision& d = Record(e, is_ad ? ad_score : rule_score, reason, EvidenceList(ds), p.dry_run);
  std::string strike_key = community + "\n" + e.member + (is_ad ? "\nad" : "\nrule");
  const std::vector<LadderStep>& ladder = is_ad ? p.ad_ladder : p.rule_ladder;
  if (p.dry_run) {
    d.actions = "none (dry run)";
    return;
  }
  int64_t strikes = AddStrike(strike_key, e.ts.utc, p.strike_expiry);
  const LadderStep& step = ladder[std::min<size_t>(static_cast<size_t>(strikes - 1), ladder.size() - 1)];
  d.actions = step.Describe();
  ctx.MarkRemoved(reason);
  ++removed_;
  if (!e.msg_id.empty())
    Emit(ctx, Action{.type = ActionType::kDelete, .group = e.group, .msg_id = e.msg_id, .reason = reason});
  // A cross-group ad: its earlier copies in other groups go too.
  if (reason.rfind("dup:", 0) == 0) {
    for (uint64_t seq : dup.earlier) {
      DupEntry* copy = dups_.Find(seq);
      if (!copy || copy->removed || copy->msg_id.empty()) continue;
      copy->removed = true;
      Emit(ctx, Action{.type = ActionType::kDelete, .group = copy->group, .msg_id = copy->msg_id, .reason = reason});
    }
    if (DupEntry* self = dups_.Find(dups_.last_seq())) self->removed = true;
  }
  if (step.warn) {
    std::string name = e.name.empty() ? e.member : e.name;
    Emit(ctx, Action{.type = ActionType::kSend, .group = e.group,
                     .text = FillTemplate(p.warn_text, name, e.member, reason, strikes), .reason = reason});
  }
  if (step.mute > 0)
    Emit(ctx, Action{.type = ActionType::kMute, .group = e.group, .member = e.member,
                     .seconds = step.mute / kMicrosPerSecond, .reason = reason});
  if (step.blacklist) {
    BlacklistEverywhere(e.member, reason, ctx, d);
  } else if (step.kick || step.ban) {
    Emit(ctx, Action{.type = ActionType::kKick, .group = e.group, .member = e.member, .ban = step.ban,
                     .reason = reason});
  }
}

// Staff feedback in any group: /unban <member>, /ham <decision>, /spam <decision>.
bool Moderation::StaffCommand(const Event& e, Context& ctx) {
  std::string_view t = e.text;
  auto arg = [&](std::string_view cmd) -> std::optional<std::string> {
    if (t.substr(0, cmd.size()) != cmd) return std::nullopt;
    std::string_view rest = t.substr(cmd.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
    return std::string(rest);
  };
  auto unban = [&](const std::string& member, const std::string& why) {
    auto it = blacklist_.find(member);
    if (it == blacklist_.end()) return;
    for (const auto& g : it->second.banned_in)  // std::set: sorted, deterministic
      Emit(ctx, Action{.type = ActionType::kUnban, .group = g, .member = member, .reason = why});
    blacklist_.erase(it);
  };
  // A staff decision is what a person did: nothing to undo, nothing for the model to learn.
  auto find_decision = [&](const std::string& id) -> Decision* {
    for (auto& d : audit_)
      if (std::to_string(d.id) == id) return d.staff ? nullptr : &d;
    return nullptr;
  };
  if (auto m = arg("/unban ")) {
    unban(*m, "moderation:unban");
    return true;
  }
  if (auto id = arg("/ham ")) {
    if (Decision* d = find_decision(*id)) {
      d->label = "ham";
      d->undone = true;
      unban(d->member, "moderation:false-positive");
    }
    return true;
  }
  if (auto id = arg("/spam ")) {
    if (Decision* d = find_decision(*id)) d->label = "spam";
    return true;
  }
  return false;
}

void Moderation::Save(SnapshotWriter& w) const {
  flood_.Save(w);
  dups_.Save(w);
  w.U64(strikes_.size());
  for (const auto& [k, v] : strikes_) {
    w.Str(k);
    w.U64(v.size());
    for (Micros t : v) w.I64(t);
  }
  w.U64(blacklist_.size());
  for (const auto& [m, b] : blacklist_) {
    w.Str(m);
    w.I64(b.since);
    w.Str(b.reason);
    w.U64(b.decision);
    w.U64(b.banned_in.size());
    for (const auto& g : b.banned_in) w.Str(g);
  }
  w.U64(audit_.size());
  for (const auto& d : audit_) {
    w.U64(d.id);
    w.I64(d.ts);
    w.Str(d.group);
    w.Str(d.member);
    w.Str(d.name);
    w.Str(d.msg_id);
    w.Str(d.text);
    w.F64(d.score);
    w.Str(d.reason);
    w.Str(d.evidence);
    w.Str(d.actions);
    w.Bool(d.dry_run);
    w.Str(d.label);
    w.Bool(d.undone);
  }
  w.U64(next_decision_);
  w.I64(checked_);
  w.I64(removed_);
  w.I64(dry_run_decisions_);
  w.I64(refused_);
  for (const auto* m : {&by_reason_, &by_detector_, &by_group_}) {
    w.U64(m->size());
    for (const auto& [k, v] : *m) {
      w.Str(k);
      w.I64(v);
    }
  }
  // Staff decisions came later: their fields follow everything else, so a snapshot written
  // before them still loads (as an audit without staff decisions).
  w.U64(audit_.size());
  for (const auto& d : audit_) {
    w.Bool(d.staff);
    w.Str(d.by);
    w.Bool(d.removed);
  }
  w.I64(staff_decisions_);
  w.I64(confirmed_removed_);
  w.I64(author_recalls_);
}

bool Moderation::Load(SnapshotReader& r) {
  if (!flood_.Load(r) || !dups_.Load(r)) return false;
  strikes_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string k = r.Str();
    auto& v = strikes_[k];
    uint64_t m = r.Count();
    for (uint64_t j = 0; j < m && r.ok(); ++j) v.push_back(r.I64());
  }
  blacklist_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string m = r.Str();
    BlacklistEntry b;
    b.since = r.I64();
    b.reason = r.Str();
    b.decision = r.U64();
    uint64_t g = r.Count();
    for (uint64_t j = 0; j < g && r.ok(); ++j) b.banned_in.insert(r.Str());
    blacklist_.emplace(std::move(m), std::move(b));
  }
  audit_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Decision d;
    d.id = r.U64();
    d.ts = r.I64();
    d.group = r.Str();
    d.member = r.Str();
    d.name = r.Str();
    d.msg_id = r.Str();
    d.text = r.Str();
    d.score = r.F64();
    d.reason = r.Str();
    d.evidence = r.Str();
    d.actions = r.Str();
    d.dry_run = r.Bool();
    d.label = r.Str();
    d.undone = r.Bool();
    audit_.push_back(std::move(d));
  }
  next_decision_ = r.U64();
  checked_ = r.I64();
  removed_ = r.I64();
  dry_run_decisions_ = r.I64();
  refused_ = r.I64();
  for (auto* m : {&by_reason_, &by_detector_, &by_group_}) {
    m->clear();
    n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      std::string k = r.Str();
      (*m)[k] = r.I64();
    }
  }
  staff_decisions_ = confirmed_removed_ = author_recalls_ = 0;
  if (r.ok() && !r.done()) {
    if (r.Count() != audit_.size()) return false;
    for (auto& d : audit_) {
      d.staff = r.Bool();
      d.by = r.Str();
      d.removed = r.Bool();
    }
    staff_decisions_ = r.I64();
    confirmed_removed_ = r.I64();
    author_recalls_ = r.I64();
  }
  return r.ok();
}

void Moderation::Report(nlohmann::json& out) const {
  out["checked"] = checked_;
  out["decisions"] = next_decision_ - 1;
  out["removed"] = removed_;
  out["dry_run_decisions"] = dry_run_decisions_;
  out["refused_joins"] = refused_;
  // Moderation people did on the platform (the audit's staff decisions), automatic decisions
  // whose message the platform reported gone, and messages their authors took back.
  out["staff_decisions"] = staff_decisions_;
  out["confirmed_removed"] = confirmed_removed_;
  out["author_recalls"] = author_recalls_;
  out["by_reason"] = by_reason_;
  out["by_detector"] = by_detector_;
  out["by_group"] = by_group_;
  nlohmann::json& bl = out["blacklist"];
  bl = nlohmann::json::object();
  for (const auto& [m, b] : blacklist_)
    bl[m] = {{"reason", b.reason}, {"decision", b.decision}, {"groups", b.banned_in.size()}};
  nlohmann::json& recent = out["recent"];
  recent = nlohmann::json::array();
  size_t start = audit_.size() > 20 ? audit_.size() - 20 : 0;
  for (size_t i = start; i < audit_.size(); ++i) {
    recent.push_back(DecisionJson(audit_[i]));
  }
  nlohmann::json& labels = out["labels"];
  labels = {{"spam", 0}, {"ham", 0}};
  // Every labelled decision still in the audit: `shoal train --feedback report.json` reads these.
  nlohmann::json& feedback = out["feedback"];
  feedback = nlohmann::json::array();
  for (const auto& d : audit_) {
    if (d.label.empty()) continue;
    labels[d.label] = labels[d.label].get<int64_t>() + 1;
    feedback.push_back({{"label", d.label}, {"text", d.text}, {"decision", d.id}});
  }
}

nlohmann::json Moderation::DecisionJson(const Decision& d) {
  return {{"id", d.id},           {"group", d.group},     {"member", d.member},   {"msg_id", d.msg_id},
          {"text", d.text},       {"score", FormatScore(d.score)},                {"reason", d.reason},
          {"evidence", d.evidence}, {"actions", d.actions}, {"dry_run", d.dry_run}, {"label", d.label},
          {"undone", d.undone},   {"kind", d.staff ? "staff" : "auto"},          {"by", d.by},
          {"removed", d.removed}};
}

bool Moderation::Lookup(std::string_view key, nlohmann::json& out) const {
  if (key != "decisions") return false;
  // Newest first, with the member's name and the decision's time, which the report leaves out.
  nlohmann::json& list = out["decisions"] = nlohmann::json::array();
  for (auto it = audit_.rbegin(); it != audit_.rend(); ++it) {
    nlohmann::json d = DecisionJson(*it);
    d["name"] = it->name;
    d["ts"] = FormatRfc3339(Timestamp{.utc = it->ts, .zulu = true});
    list.push_back(std::move(d));
  }
  out["kept"] = kAuditCapacity;
  out["total"] = next_decision_ - 1;
  return true;
}

bool Moderation::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto it = by_group_.find(std::string(group));
  out["decisions"] = it == by_group_.end() ? 0 : it->second;
  return true;
}

SHOAL_REGISTER_FEATURE(moderation, FeatureSpec{
    .name = "moderation",
    .order = 100,
    .scope = FeatureScope::kTenant,
    .create = [](ConfigSection& section, const FeatureEnv& env) -> std::unique_ptr<Feature> {
      Diagnostics* diag = section.diagnostics();
      size_t errors_before = diag ? diag->error_count() : 0;
      Policy tenant;
      DupConfig dup;
      std::string model_path;
      ReadPolicy(section, &tenant, &dup, &model_path);
      // The classifier is optional: a missing or corrupt model is reported, and rules run alone.
      std::shared_ptr<const Classifier> model;
      if (!model_path.empty()) {
        std::string why;
        model = Classifier::Load(model_path, &why);
        if (!model) section.Warn("model", why + "; moderation runs on rules and lexicons alone");
      }
      auto with_model = [&](Policy& p) {
        if (model) p.checker->SetClassifier(model);
      };
      with_model(tenant);
      // Each community's merged section (tenant defaults + its overrides) is its policy.
      std::map<std::string, Policy> policies;
      for (const auto& c : env.config.communities) {
        YAML::Node n = c.features.IsMap() ? c.features["moderation"] : YAML::Node();
        if (!n.IsDefined() || n.IsNull()) continue;
        Diagnostics local;
        ConfigSection cs(n, "features.moderation", section.file(), &local);
        Policy p;
        ReadPolicy(cs, &p, nullptr, nullptr);
        cs.Finish();
        for (const auto& d : local.all()) {
          if (!diag) break;
          bool seen = false;
          for (const auto& x : diag->all()) seen |= x.line == d.line && x.column == d.column && x.message == d.message;
          if (seen) continue;
          if (d.severity == Diagnostic::Severity::kError)
            diag->Error(d.file, d.line, d.column, d.message + " (community " + c.id + ")", d.hint);
          else
            diag->Warning(d.file, d.line, d.column, d.message + " (community " + c.id + ")", d.hint);
        }
        with_model(p);
        policies.emplace(c.id, std::move(p));
      }
      if (diag && diag->error_count() > errors_before) return nullptr;
      return std::make_unique<Moderation>(std::move(policies), std::move(tenant), dup);
    },
});

}  // namespace shoal
