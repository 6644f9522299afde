#include "features/points/points_ledger.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

std::string_view CreditStatusName(CreditStatus s) {
  switch (s) {
    case CreditStatus::kOk: return "ok";
    case CreditStatus::kZero: return "zero";
    case CreditStatus::kOverflow: return "overflow";
    case CreditStatus::kInsufficient: return "insufficient";
  }
  return "?";
}

int64_t CountCodePoints(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

PointsLedger::MemberPoints* PointsLedger::FindMember(std::string_view member) {
  Id id = ids_.Find(member);
  return id == kNoId ? nullptr : &members_[id];
}

const PointsLedger::MemberPoints* PointsLedger::FindMember(std::string_view member) const {
  Id id = ids_.Find(member);
  return id == kNoId ? nullptr : &members_[id];
}

PointsLedger::MemberPoints& PointsLedger::UpsertMember(std::string_view member) {
  Id id = ids_.Intern(member);
  if (id >= members_.size()) members_.resize(static_cast<size_t>(id) + 1);
  return members_[id];
}

CreditStatus PointsLedger::Credit(Micros ts, std::string_view group, std::string_view member, int64_t delta,
                                  std::string_view reason, std::string_view ref, bool allow_negative) {
  if (delta == 0) return CreditStatus::kZero;
  Id id = ids_.Find(member);
  int64_t balance = id == kNoId ? 0 : members_[id].balance;
  int64_t next = 0;
  if (__builtin_add_overflow(balance, delta, &next) || next > rules_.max_balance || next < -rules_.max_balance) {
    ++refused_;
    return CreditStatus::kOverflow;
  }
  if (next < 0 && delta < 0 && !allow_negative) {
    ++refused_;
    return CreditStatus::kInsufficient;
  }
  if (id == kNoId) {
    UpsertMember(member);
    id = ids_.Find(member);
  }
  MemberPoints& m = members_[id];
  m.balance = next;
  m.history.push_back(static_cast<uint32_t>(entries_.size()));
  entries_.push_back({std::string(member), std::string(group), delta, std::string(reason), ts, std::string(ref), id});
  return CreditStatus::kOk;
}

int64_t PointsLedger::Balance(std::string_view member) const {
  const MemberPoints* m = FindMember(member);
  return m ? m->balance : 0;
}

const std::vector<uint32_t>* PointsLedger::History(std::string_view member) const {
  const MemberPoints* m = FindMember(member);
  return m && !m->history.empty() ? &m->history : nullptr;
}

void PointsLedger::OnEvent(const Event& e, Context& ctx) {
  if (e.type == EventType::kJoin && rules_.invite_points > 0) OnInvite(e, ctx);
  if (e.type != EventType::kMessage || ctx.removed()) return;
  if (HandleCommand(e, ctx)) return;
  OnMessage(e, ctx);
}

bool PointsLedger::HandleCommand(const Event& e, Context& ctx) {
  std::string_view text = TrimText(e.text);
  for (const auto& k : rules_.balance_keywords) {
    if (text != k) continue;
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(rules_.balance_reply, {{"name", DisplayName(ctx, e.member)},
                                                            {"balance", std::to_string(Balance(e.member))}}),
              .reason = "points:balance"});
    return true;
  }
  if (rules_.adjust_command.empty() || text.rfind(rules_.adjust_command + " ", 0) != 0 || !ctx.IsStaff(e.member))
    return false;
  // "<cmd> <member> <+/-points> [note]"
  std::string_view rest = text.substr(rules_.adjust_command.size() + 1);
  size_t sp = rest.find(' ');
  std::string member(rest.substr(0, sp));
  std::string_view amount = sp == std::string_view::npos ? std::string_view() : TrimText(rest.substr(sp + 1));
  size_t sp2 = amount.find(' ');
  std::string note = sp2 == std::string_view::npos ? "" : std::string(TrimText(amount.substr(sp2 + 1)));
  amount = amount.substr(0, sp2);
  if (!amount.empty() && amount[0] == '+') amount.remove_prefix(1);
  int64_t delta = 0;
  auto [ptr, ec] = std::from_chars(amount.data(), amount.data() + amount.size(), delta);
  CreditStatus status = CreditStatus::kZero;
  std::string why = "bad amount";
  if (ec == std::errc() && ptr == amount.data() + amount.size() && !member.empty()) {
    status = Credit(e.ts.utc, e.group, member, delta, "manual", note.empty() ? e.msg_id : note, true);
    why = std::string(CreditStatusName(status));
  } else if (ec == std::errc::result_out_of_range) {
    ++refused_;
    status = CreditStatus::kOverflow;
    why = "overflow";
  }
  TemplateVars vars{{"member", member}, {"name", DisplayName(ctx, member)}, {"delta", std::string(amount)},
                    {"balance", std::to_string(Balance(member))}, {"why", why}};
  bool ok = status == CreditStatus::kOk;
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
            .text = RenderTemplate(ok ? rules_.adjust_reply : rules_.adjust_refused, vars),
            .reason = ok ? "points:manual" : "points:refused:" + why});
  return true;
}

void PointsLedger::OnInvite(const Event& e, Context& ctx) {
  // `via` is an invite code or the inviter's member id; only a known member earns.
  Id inviter = e.via.empty() || e.via == e.member ? kNoId : ctx.ids().Find(e.via);
  if (inviter == kNoId || !ctx.roster().FindMember(inviter) || rules_.exclude_groups.count(e.group)) return;
  if (invited_.count(e.member)) return;
  int64_t day = zone_->LocalDay(e.ts.utc);
  auto& [cap_day, today] = invite_day_[e.via];
  if (cap_day != day) {
    cap_day = day;
    today = 0;
  }
  int64_t grant = rules_.invite_daily_cap > 0 ? std::min(rules_.invite_points, rules_.invite_daily_cap - today)
                                             : rules_.invite_points;
  if (grant <= 0) return;
  if (Credit(e.ts.utc, e.group, e.via, grant, "invite", e.member) != CreditStatus::kOk) return;
  invited_.insert(e.member);
  today += grant;
}

void PointsLedger::OnMessage(const Event& e, Context& ctx) {
  if (!rules_.message_enabled || rules_.exclude_groups.count(e.group)) return;
  if (rules_.exclude_staff && ctx.IsStaff(e.member)) return;
  if (!rules_.exclude_roles.empty()) {
    const Membership* m = ctx.roster().Find(ctx.ids().Find(e.group), ctx.ids().Find(e.member));
    if (m && rules_.exclude_roles.count(m->role)) return;
  }
  if (CountCodePoints(TrimText(e.text)) < rules_.message.min_length) return;
  MemberPoints& mp = UpsertMember(e.member);
  if (e.ts.utc - mp.last_award < rules_.message.cooldown) return;
  int64_t day = zone_->LocalDay(e.ts.utc);
  if (mp.award_day != day) {
    mp.award_day = day;
    mp.day_points = 0;
  }
  int64_t grant = std::min(rules_.message.points, rules_.message.daily_cap - mp.day_points);
  if (grant <= 0) return;
  if (Credit(e.ts.utc, e.group, e.member, grant, "message", e.msg_id) != CreditStatus::kOk) return;
  mp.last_award = e.ts.utc;
  mp.day_points += grant;
}

std::vector<uint32_t> PointsLedger::SortedMembers() const {
  std::vector<uint32_t> out(members_.size());
  for (uint32_t i = 0; i < out.size(); ++i) out[i] = i;
  std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) { return ids_.Name(a) < ids_.Name(b); });
  return out;
}

void PointsLedger::Save(SnapshotWriter& w) const {
  w.U64(entries_.size());
  for (const auto& en : entries_) {
    w.Str(en.member);
    w.Str(en.group);
    w.I64(en.delta);
    w.Str(en.reason);
    w.I64(en.ts);
    w.Str(en.ref);
  }
  w.U64(members_.size());
  for (uint32_t id = 0; id < members_.size(); ++id) {  // id order: Load re-interns them identically
    const MemberPoints& m = members_[id];
    w.Str(ids_.Name(id));
    w.I64(m.last_award);
    w.I64(m.award_day);
    w.I64(m.day_points);
  }
  w.I64(refused_);
  w.U64(invited_.size());
  for (const auto& m : invited_) w.Str(m);
  w.U64(invite_day_.size());
  for (const auto& [m, d] : invite_day_) {
    w.Str(m);
    w.I64(d.first);
    w.I64(d.second);
  }
}

bool PointsLedger::Load(SnapshotReader& r) {
  entries_.clear();
  members_.clear();
  ids_ = Interner();
  uint64_t n = r.Count();
  entries_.reserve(n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    LedgerEntry en;
    en.member = r.Str();
    en.group = r.Str();
    en.delta = r.I64();
    en.reason = r.Str();
    en.ts = r.I64();
    en.ref = r.Str();
    entries_.push_back(std::move(en));
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string name = r.Str();
    if (ids_.Find(name) != kNoId) r.Fail();  // a member twice: corrupt
    MemberPoints& m = UpsertMember(name);
    m.last_award = r.I64();
    m.award_day = r.I64();
    m.day_points = r.I64();
  }
  refused_ = r.I64();
  invited_.clear();
  invite_day_.clear();
  uint64_t k = r.Count();
  for (uint64_t i = 0; i < k && r.ok(); ++i) invited_.insert(r.Str());
  k = r.Count();
  for (uint64_t i = 0; i < k && r.ok(); ++i) {
    std::string m = r.Str();
    int64_t day = r.I64();
    invite_day_[m] = {day, r.I64()};
  }
  // Balances and histories are derived from the entries: rebuilt, not stored twice.
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    Id id = ids_.Find(entries_[i].member);
    if (id == kNoId) {
      r.Fail();  // every member with an entry was saved
      break;
    }
    MemberPoints& m = members_[id];
    entries_[i].member_index = id;
    m.balance += entries_[i].delta;
    m.history.push_back(i);
  }
  return r.ok();
}

void PointsLedger::Report(nlohmann::json& out) const {
  std::map<std::string, int64_t> by_reason;
  int64_t issued = 0;
  for (const auto& en : entries_) {
    by_reason[en.reason] += en.delta;
    if (en.delta > 0) issued += en.delta;
  }
  out["entries"] = entries_.size();
  out["issued"] = issued;
  out["refused"] = refused_;
  out["by_reason"] = by_reason;
  // Balances per member: everyone in small communities, the richest kReportMembers otherwise.
  constexpr size_t kReportMembers = 500;
  auto listed = SortedMembers();
  listed.erase(std::remove_if(listed.begin(), listed.end(), [&](uint32_t id) { return members_[id].history.empty(); }),
               listed.end());
  out["members_total"] = listed.size();
  if (listed.size() > kReportMembers) {
    std::stable_sort(listed.begin(), listed.end(),
                     [&](uint32_t a, uint32_t b) { return members_[a].balance > members_[b].balance; });
    listed.resize(kReportMembers);
  }
  nlohmann::json& members = out["members"];
  members = nlohmann::json::object();
  for (uint32_t member : listed) {
    const std::string& id = ids_.Name(member);
    const MemberPoints& m = members_[member];
    nlohmann::json& j = members[id];
    j["balance"] = m.balance;
    j["entries"] = m.history.size();
    nlohmann::json recent = nlohmann::json::array();
    size_t from = m.history.size() > 5 ? m.history.size() - 5 : 0;
    for (size_t i = from; i < m.history.size(); ++i) {
      const LedgerEntry& en = entries_[m.history[i]];
      recent.push_back({{"delta", en.delta}, {"reason", en.reason}, {"ts", FormatRfc3339(zone_->Stamp(en.ts))},
                        {"ref", en.ref}});
    }
    j["recent"] = std::move(recent);
  }
}

namespace {

std::unique_ptr<Feature> CreatePoints(ConfigSection& s, const FeatureEnv& env) {
  PointsRules rules;
  bool ok = true;
  size_t errors_before = ErrorCount(s);
  rules.max_balance = s.Int("max_balance", rules.max_balance, 1, INT64_MAX / 2);
  if (s.Has("message")) {
    ConfigSection m = s.Child("message");
    rules.message_enabled = m.Bool("enabled", true);
    rules.message.points = m.Int("points", 1, 0, 1'000'000);
    rules.message.cooldown = m.Duration("cooldown", rules.message.cooldown);
    rules.message.daily_cap = m.Int("daily_cap", rules.message.daily_cap, 0, 1'000'000'000);
    rules.message.min_length = m.Int("min_length", rules.message.min_length, 0, 10'000);
    __int128 per_day = static_cast<__int128>(rules.message.points) * rules.message.daily_cap;
    if (per_day > rules.max_balance) {
      m.Error("daily_cap", "points × daily_cap (" + std::to_string(static_cast<long long>(per_day)) +
                               ") exceeds max_balance (" + std::to_string(rules.max_balance) + ")",
              "lower the cap or the points per message");
      ok = false;
    }
    m.Finish();
  }
  if (s.Has("invite")) {
    ConfigSection inv = s.Child("invite");
    rules.invite_points = inv.Int("points", 5, 0, 1'000'000);
    rules.invite_daily_cap = inv.Int("daily_cap", 0, 0, 1'000'000'000);
    inv.Finish();
  }
  for (const auto& g : s.Strings("exclude_groups")) rules.exclude_groups.insert(g);
  for (const auto& r : s.Strings("exclude_roles")) {
    if (r == "member") rules.exclude_roles.insert(Role::kMember);
    else if (r == "kol") rules.exclude_roles.insert(Role::kKol);
    else if (r == "admin") rules.exclude_roles.insert(Role::kAdmin);
    else if (r == "owner") rules.exclude_roles.insert(Role::kOwner);
    else {
      s.Error("exclude_roles", "unknown role '" + r + "'", "use member, kol, admin or owner");
      ok = false;
    }
  }
  rules.exclude_staff = s.Bool("exclude_staff", true);
  rules.balance_keywords = s.Strings("balance_keywords");
  rules.balance_reply = ReadTemplate(s, "balance_reply", "{name}: {balance}", {"name", "balance"});
  rules.adjust_command = s.Str("adjust_command", "/points");
  std::vector<std::string> adjust_vars{"member", "name", "delta", "balance", "why"};
  rules.adjust_reply = ReadTemplate(s, "adjust_reply", "{name} {delta} → {balance}", adjust_vars);
  rules.adjust_refused = ReadTemplate(s, "adjust_refused", "refused: {why}", adjust_vars);
  s.Finish();
  if (!ok || ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<PointsLedger>(std::move(rules), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(points_ledger, FeatureSpec{
    .name = "points",
    .order = 250,
    .scope = FeatureScope::kCommunity,
    .create = CreatePoints,
});

}  // namespace shoal
