#include "features/invite/invite.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

std::string_view CodeStatusName(CodeStatus s) {
  switch (s) {
    case CodeStatus::kOk: return "ok";
    case CodeStatus::kUnknown: return "unknown";
    case CodeStatus::kExpired: return "expired";
    case CodeStatus::kUsedUp: return "used_up";
    case CodeStatus::kRevoked: return "revoked";
    case CodeStatus::kWrongGroup: return "wrong_group";
  }
  return "?";
}

namespace {

constexpr char kInvited[] = "(invited)";
constexpr char kDirect[] = "(direct)";
constexpr char kUnknown[] = "(unknown)";

bool LooksLikeMember(std::string_view via) { return via.find(':') != std::string_view::npos; }

// An inviter must be someone the roster has seen (joined or spoke somewhere); any other id names nobody.
bool KnownMember(Context& ctx, std::string_view id) {
  Id m = ctx.ids().Find(id);
  return m != kNoId && ctx.roster().FindMember(m) != nullptr;
}

std::string Stamp(Micros t) { return t ? FormatRfc3339(Timestamp{.utc = t, .zulu = true}) : ""; }

}  // namespace

Invite::Invite(InviteConfig cfg) : cfg_(std::move(cfg)) {
  for (const auto& c : cfg_.codes) {
    CodeState& s = codes_[c.spec.code];
    s.spec = c.spec;
    s.link = c.link;
    s.source = kConfig;
  }
}

CodeStatus Invite::Check(std::string_view code, std::string_view group, Micros now) const {
  auto it = codes_.find(code);
  if (it == codes_.end()) return CodeStatus::kUnknown;
  const CodeState& c = it->second;
  if (c.spec.revoke) return CodeStatus::kRevoked;
  if (c.spec.expires && now >= c.spec.expires) return CodeStatus::kExpired;
  if (c.spec.uses && c.uses >= c.spec.uses) return CodeStatus::kUsedUp;
  if (!c.spec.group.empty() && !group.empty() && c.spec.group != group) return CodeStatus::kWrongGroup;
  return CodeStatus::kOk;
}

const Attribution* Invite::FindMember(std::string_view member) const {
  auto it = members_.find(member);
  return it == members_.end() ? nullptr : &it->second;
}

std::string Invite::LinkFor(std::string_view code) const {
  auto it = codes_.find(code);
  if (it != codes_.end() && !it->second.link.empty()) return it->second.link;
  return RenderTemplate(cfg_.link, {{"code", std::string(code)}});
}

std::string Invite::FreshCode(Context& ctx, std::string_view prefix, std::string_view salt) const {
  // Short, unambiguous, derived from the tenant seed and the salt: a replay makes the same code.
  static const char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  uint64_t h = MixSeed(ctx.config().seed ^ 0x696e76697465ULL, HashString(salt.data(), salt.size()));
  for (uint64_t attempt = 0;; ++attempt) {
    uint64_t x = MixSeed(h, attempt);
    std::string code(prefix);
    for (int i = 0; i < 7; ++i) {
      code.push_back(kAlphabet[x % (sizeof kAlphabet - 1)]);
      x /= sizeof kAlphabet - 1;
    }
    if (!codes_.count(code)) return code;
  }
}

std::string Invite::MemberCode(Context& ctx, const std::string& member) {
  auto it = member_code_.find(member);
  if (it != member_code_.end()) return it->second;
  std::string code = FreshCode(ctx, "m", member);
  CodeState& s = codes_[code];
  s.spec.code = code;
  s.spec.channel = kInvited;
  s.spec.owner = member;
  s.spec.uses = cfg_.member_uses;
  s.spec.expires = cfg_.member_expire ? ctx.now() + cfg_.member_expire : 0;
  s.source = kMember;
  s.created = ctx.now();
  member_code_.emplace(member, code);
  return code;
}

std::string Invite::Issue(Context& ctx, const std::string& channel, const std::string& group, const std::string& owner,
                          int64_t uses, Micros expires, std::string_view salt) {
  std::string code = FreshCode(ctx, "g", salt);
  CodeState& s = codes_[code];
  s.spec.code = code;
  s.spec.channel = channel;
  s.spec.group = group;
  s.spec.owner = owner;
  s.spec.uses = uses;
  s.spec.expires = expires;
  s.source = kRuntime;
  s.created = ctx.now();
  return code;
}

void Invite::OnEvent(const Event& e, Context& ctx) {
  now_ = std::max(now_, e.ts.utc);
  switch (e.type) {
    case EventType::kJoin:
      OnJoin(e, ctx);
      break;
    case EventType::kLeave: {
      auto it = members_.find(e.member);
      if (it != members_.end() && it->second.group == e.group && it->second.left == 0) it->second.left = e.ts.utc;
      break;
    }
    case EventType::kMessage: {
      if (ctx.removed()) break;
      if (!cfg_.command.empty() && TrimText(e.text) == cfg_.command && OnCommand(e, ctx)) break;
      auto it = members_.find(e.member);
      if (it != members_.end()) it->second.spoke = true;
      break;
    }
    case EventType::kConversion: {
      auto it = members_.find(e.member);
      if (it == members_.end()) break;
      it->second.converted = true;
      if (e.goal == "paid") it->second.paid = true;
      break;
    }
    case EventType::kInvite:
      OnInviteEvent(e, ctx);
      break;
    default:
      break;
  }
}

void Invite::OnJoin(const Event& e, Context& ctx) {
  if (members_.find(e.member) != members_.end()) {
    // A rejoin: attribution stays; a code used again still counts as a use of that code.
    auto it = codes_.find(e.via);
    if (it != codes_.end()) {
      if (Check(e.via, e.group, e.ts.utc) == CodeStatus::kOk) ++it->second.uses;
      else ++it->second.refused;
    }
    return;
  }
  Attribution a;
  a.via = e.via;
  a.group = e.group;
  a.joined = e.ts.utc;
  if (e.via.empty()) {
    a.channel = kDirect;
  } else if (auto it = codes_.find(e.via); it != codes_.end()) {
    CodeState& c = it->second;
    a.code = e.via;
    a.channel = c.spec.channel;
    CodeStatus status = Check(e.via, e.group, e.ts.utc);
    if (status == CodeStatus::kOk) {
      ++c.uses;
      a.inviter = c.spec.owner == e.member ? "" : c.spec.owner;
    } else {
      ++c.refused;
      a.counted = false;
      std::string why(CodeStatusName(status));
      if (c.alerted.insert(why).second && !cfg_.refused_alert.empty()) {
        ctx.Emit({.type = ActionType::kAlert, .group = e.group, .member = e.member,
                  .text = RenderTemplate(cfg_.refused_alert, {{"code", e.via}, {"channel", c.spec.channel},
                                                              {"why", why}, {"group", e.group}}),
                  .reason = "invite:" + why});
      }
    }
  } else if (LooksLikeMember(e.via) && KnownMember(ctx, e.via)) {
    a.channel = kInvited;
    if (e.via != e.member) a.inviter = e.via;
    else a.counted = false;
  } else {
    a.channel = kUnknown;
    a.counted = false;
    if (unknown_via_[e.via]++ == 0 && !cfg_.unknown_alert.empty()) {
      ctx.Emit({.type = ActionType::kAlert, .group = e.group, .member = e.member,
                .text = RenderTemplate(cfg_.unknown_alert, {{"via", e.via}, {"group", e.group}, {"member", e.member}}),
                .reason = "invite:unknown_via"});
    }
  }
  members_.emplace(e.member, std::move(a));
}

bool Invite::OnCommand(const Event& e, Context& ctx) {
  std::string code = MemberCode(ctx, e.member);
  const CodeState& c = codes_[code];
  ctx.Emit({.type = ActionType::kDm, .group = e.group, .member = e.member,
            .text = RenderTemplate(cfg_.reply, {{"name", DisplayName(ctx, e.member)}, {"code", code},
                                                {"link", LinkFor(code)}, {"joined", std::to_string(c.uses)}}),
            .reason = "invite:code"});
  return true;
}

void Invite::OnInviteEvent(const Event& e, Context& ctx) {
  InviteSpec spec;
  if (!ParseInviteEvent(e, &spec, nullptr)) return;  // ingest already refused malformed ones
  auto it = codes_.find(spec.code);
  if (it != codes_.end() && it->second.source == kConfig) {
    // The config is the truth for its codes; say so rather than silently diverging.
    ++runtime_refused_;
    ctx.Emit({.type = ActionType::kAlert,
              .text = "invite code '" + spec.code + "' is defined in the config; change it there",
              .reason = "invite:config_code"});
    return;
  }
  if (spec.revoke) {
    if (it == codes_.end()) {
      ++runtime_refused_;
      ctx.Emit({.type = ActionType::kAlert, .text = "cannot revoke unknown invite code '" + spec.code + "'",
                .reason = "invite:unknown_code"});
      return;
    }
    it->second.spec.revoke = true;
    return;
  }
  CodeState& s = codes_[spec.code];
  if (s.created == 0) s.created = e.ts.utc;
  if (s.source == kMember && !s.spec.owner.empty()) spec.owner = s.spec.owner;  // a member's code stays theirs
  else s.source = kRuntime;
  s.spec = std::move(spec);
}

bool Invite::Describe(std::string_view code, Micros now, nlohmann::json& out) const {
  auto it = codes_.find(code);
  if (it == codes_.end()) return false;
  const CodeState& c = it->second;
  static const char* kSources[] = {"config", "member", "runtime"};
  out = {{"code", c.spec.code},
         {"channel", c.spec.channel},
         {"group", c.spec.group},
         {"owner", c.spec.owner},
         {"source", kSources[c.source]},
         {"link", LinkFor(code)},
         {"uses", c.uses},
         {"max_uses", c.spec.uses},
         {"refused", c.refused},
         {"expires", Stamp(c.spec.expires)},
         {"status", CodeStatusName(Check(code, "", now))}};
  return true;
}

void Invite::Report(nlohmann::json& out) const {
  // Operator codes in full; personal codes only when they brought someone (there may be many).
  nlohmann::json& codes = out["codes"] = nlohmann::json::object();
  int64_t member_codes = 0;
  for (const auto& [code, c] : codes_) {
    if (c.source == kMember) ++member_codes;
    if (c.source == kMember && c.uses == 0 && c.refused == 0) continue;
    nlohmann::json j;
    Describe(code, now_, j);
    j.erase("code");
    codes[code] = std::move(j);
  }
  out["member_codes"] = member_codes;
  struct Channel {
    int64_t joins = 0, eligible_7d = 0, stayed_7d = 0, spoke = 0, converted = 0, paid = 0;
  };
  std::map<std::string, Channel> channels;
  std::map<std::string, int64_t> inviters;
  int64_t uncounted = 0;
  for (const auto& [member, a] : members_) {
    Channel& ch = channels[a.channel];
    ++ch.joins;
    if (a.joined + 7 * kMicrosPerDay <= now_) {
      ++ch.eligible_7d;
      if (a.left == 0 || a.left >= a.joined + 7 * kMicrosPerDay) ++ch.stayed_7d;
    }
    ch.spoke += a.spoke;
    ch.converted += a.converted;
    ch.paid += a.paid;
    if (!a.inviter.empty()) ++inviters[a.inviter];
    if (!a.counted) ++uncounted;
  }
  nlohmann::json& by_channel = out["channels"] = nlohmann::json::object();
  for (const auto& [name, ch] : channels) {
    by_channel[name] = {{"joins", ch.joins},   {"stayed_7d", ch.stayed_7d}, {"eligible_7d", ch.eligible_7d},
                        {"spoke", ch.spoke},   {"converted", ch.converted}, {"paid", ch.paid}};
  }
  // Top inviters: most invitees first, ties by member id.
  std::vector<std::pair<int64_t, std::string>> rows;
  for (const auto& [m, n] : inviters) rows.emplace_back(-n, m);
  std::sort(rows.begin(), rows.end());
  nlohmann::json& top = out["top_inviters"] = nlohmann::json::array();
  for (size_t i = 0; i < rows.size() && i < 20; ++i) top.push_back({{"member", rows[i].second}, {"invitees", -rows[i].first}});
  out["attributed"] = members_.size();
  out["uncounted_joins"] = uncounted;
  out["unknown_via"] = unknown_via_;
  out["runtime_refused"] = runtime_refused_;
}

void Invite::Save(SnapshotWriter& w) const {
  w.I64(now_);
  w.U64(codes_.size());
  for (const auto& [code, c] : codes_) {
    w.Str(code);
    w.Str(c.spec.channel);
    w.Str(c.spec.group);
    w.Str(c.spec.owner);
    w.I64(c.spec.uses);
    w.I64(c.spec.expires);
    w.Bool(c.spec.revoke);
    w.Str(c.link);
    w.U64(c.source);
    w.I64(c.created);
    w.I64(c.uses);
    w.I64(c.refused);
    w.U64(c.alerted.size());
    for (const auto& s : c.alerted) w.Str(s);
  }
  w.U64(members_.size());
  for (const auto& member : SortedKeys(members_)) {
    const Attribution& a = members_.at(member);
    w.Str(member);
    w.Str(a.channel);
    w.Str(a.code);
    w.Str(a.via);
    w.Str(a.inviter);
    w.Str(a.group);
    w.I64(a.joined);
    w.I64(a.left);
    w.U64((a.counted ? 1 : 0) | (a.spoke ? 2 : 0) | (a.converted ? 4 : 0) | (a.paid ? 8 : 0));
  }
  w.U64(unknown_via_.size());
  for (const auto& [via, n] : unknown_via_) {
    w.Str(via);
    w.I64(n);
  }
  w.I64(runtime_refused_);
}

bool Invite::Load(SnapshotReader& r) {
  codes_.clear();
  member_code_.clear();
  members_.clear();
  unknown_via_.clear();
  now_ = r.I64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string code = r.Str();
    CodeState& c = codes_[code];
    c.spec.code = code;
    c.spec.channel = r.Str();
    c.spec.group = r.Str();
    c.spec.owner = r.Str();
    c.spec.uses = r.I64();
    c.spec.expires = r.I64();
    c.spec.revoke = r.Bool();
    c.link = r.Str();
    uint64_t source = r.U64();
    if (source > kRuntime) r.Fail();
    c.source = static_cast<Source>(source);
    c.created = r.I64();
    c.uses = r.I64();
    c.refused = r.I64();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) c.alerted.insert(r.Str());
    if (c.source == kMember) member_code_[c.spec.owner] = code;
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string member = r.Str();
    Attribution a;
    a.channel = r.Str();
    a.code = r.Str();
    a.via = r.Str();
    a.inviter = r.Str();
    a.group = r.Str();
    a.joined = r.I64();
    a.left = r.I64();
    uint64_t flags = r.U64();
    a.counted = flags & 1;
    a.spoke = flags & 2;
    a.converted = flags & 4;
    a.paid = flags & 8;
    members_.emplace(std::move(member), std::move(a));
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string via = r.Str();
    unknown_via_[via] = r.I64();
  }
  runtime_refused_ = r.I64();
  return r.ok();
}

}  // namespace shoal
