#include "features/redpacket/redpacket.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"
#include "features/points/points_ledger.h"
#include "features/redpacket/split.h"

namespace shoal {

namespace {
constexpr uint64_t kDailyTag = 1;
constexpr uint64_t kExpireTagBase = 1000;  // + packet id

std::string GroupName(Context& ctx, const std::string& group) {
  const GroupConfig* g = ctx.config().FindGroup(group);
  return g && !g->name.empty() ? g->name : group;
}
}  // namespace

void RedPacket::ScheduleDaily(Context& ctx) {
  int64_t day = zone_->LocalDay(ctx.now());
  Micros due = zone_->ToUtc(day, cfg_.daily_minute);
  if (due <= ctx.now()) due = zone_->ToUtc(day + 1, cfg_.daily_minute);
  ctx.Schedule(due, kDailyTag);
}

void RedPacket::Launch(Context& ctx, const std::string& group, int64_t total, int64_t count) {
  // A new rain in a group closes the one still falling there.
  auto last = last_in_group_.find(group);
  if (last != last_in_group_.end()) {
    Packet& old = packets_[last->second];
    if (old.state == kActive) Close(ctx, last->second, old, kExpired);
  }
  Packet p;
  p.group = group;
  if (!cfg_.coupons.empty()) {
    count = std::min<int64_t>(count, static_cast<int64_t>(pool_.size()));
    if (count == 0) {
      ctx.Emit({.type = ActionType::kAlert, .group = group,
                .text = RenderTemplate(cfg_.no_coupons, {{"group", GroupName(ctx, group)}}),
                .reason = "redpacket:no_coupons"});
      return;
    }
    for (int64_t i = 0; i < count; ++i) {
      p.codes.push_back(std::move(pool_.front()));
      pool_.pop_front();
    }
    p.amounts.assign(static_cast<size_t>(count), 1);
    total = count;
  }
  int64_t id = next_id_++;
  Rng rng = ctx.MakeRng(MixSeed(HashString("redpacket", 9), static_cast<uint64_t>(id)));
  if (p.codes.empty()) p.amounts = SplitTwiceMean(total, count, rng);
  p.start = ctx.now();
  p.expires = ctx.now() + cfg_.expire;
  packets_.emplace(id, std::move(p));
  last_in_group_[group] = id;
  ctx.Schedule(ctx.now() + cfg_.expire, kExpireTagBase + static_cast<uint64_t>(id));
  ctx.Emit({.type = ActionType::kSend, .group = group,
            .text = RenderTemplate(cfg_.announce, {{"password", cfg_.password},
                                                   {"count", std::to_string(count)},
                                                   {"total", std::to_string(total)},
                                                   {"minutes", std::to_string(cfg_.expire / kMicrosPerMinute)},
                                                   {"group", GroupName(ctx, group)}}),
            .reason = "redpacket:start", .extra = "\"packet\":" + std::to_string(id)});
}

void RedPacket::Close(Context& ctx, int64_t id, Packet& p, State state) {
  p.state = state;
  for (size_t i = p.claims.size(); i < p.codes.size(); ++i) pool_.push_back(p.codes[i]);  // unclaimed coupons return
  int64_t claimed = 0;
  const Claim* luckiest = nullptr;
  for (const auto& c : p.claims) {
    claimed += c.amount;
    if (!luckiest || c.amount > luckiest->amount) luckiest = &c;  // first claimer wins ties
  }
  int64_t total = 0;
  for (int64_t a : p.amounts) total += a;
  TemplateVars vars{{"claimed", std::to_string(p.claims.size())},
                    {"count", std::to_string(p.amounts.size())},
                    {"returned", std::to_string(total - claimed)},
                    {"seconds", std::to_string(((state == kFinished ? p.emptied : ctx.now()) - p.start) / kMicrosPerSecond)},
                    {"name", luckiest ? DisplayName(ctx, luckiest->member) : "-"},
                    {"amount", luckiest ? std::to_string(luckiest->amount) : "0"}};
  const std::string& tmpl = state == kFinished ? cfg_.finished : cfg_.expired;
  if (tmpl.empty()) return;
  ctx.Emit({.type = ActionType::kSend, .group = p.group, .text = RenderTemplate(tmpl, vars),
            .reason = state == kFinished ? "redpacket:luckiest" : "redpacket:expired",
            .extra = "\"packet\":" + std::to_string(id) + ",\"returned\":" + std::to_string(total - claimed)});
}

bool RedPacket::HandleCommand(const Event& e, Context& ctx) {
  std::string_view text = TrimText(e.text);
  if (cfg_.command.empty() || (text != cfg_.command && text.rfind(cfg_.command + " ", 0) != 0)) return false;
  if (!ctx.IsStaff(e.member)) return false;
  // "/redpacket [total] [count]" ("/redpacket [count]" with coupons); missing numbers take the defaults.
  std::vector<int64_t> given;
  std::string_view rest = TrimText(text.substr(cfg_.command.size()));
  bool ok = true;
  while (ok && !rest.empty() && given.size() < 2) {
    size_t sp = rest.find(' ');
    std::string_view tok = rest.substr(0, sp);
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    ok &= ec == std::errc() && ptr == tok.data() + tok.size();
    given.push_back(v);
    rest = sp == std::string_view::npos ? std::string_view() : TrimText(rest.substr(sp + 1));
  }
  int64_t nums[2] = {cfg_.total, cfg_.count};
  if (cfg_.coupons.empty()) {
    for (size_t i = 0; i < given.size(); ++i) nums[i] = given[i];
  } else {
    ok &= given.size() <= 1;
    nums[1] = given.empty() ? cfg_.count : given[0];
    nums[0] = nums[1];
  }
  ok &= rest.empty() && nums[1] >= 1 && nums[1] <= 10'000 && nums[0] >= nums[1] && nums[0] <= 1'000'000'000;
  if (!ok) {
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(cfg_.bad_command, {{"command", cfg_.command}}), .reason = "redpacket:bad_command"});
    return true;
  }
  Launch(ctx, e.group, nums[0], nums[1]);
  return true;
}

void RedPacket::HandleClaim(const Event& e, Context& ctx) {
  if (TrimText(e.text) != cfg_.password) return;
  auto last = last_in_group_.find(e.group);
  if (last == last_in_group_.end()) return;
  int64_t id = last->second;
  Packet& p = packets_[id];
  TemplateVars vars{{"name", DisplayName(ctx, e.member)}};
  if (p.state != kActive) {
    // Late: answer once per member, so a crowd shouting the password is not echoed.
    const std::string& tmpl = p.state == kFinished ? cfg_.late_empty : cfg_.late_expired;
    if (!p.late_replied.insert(e.member).second || tmpl.empty()) return;
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = RenderTemplate(tmpl, vars),
              .reason = p.state == kFinished ? "redpacket:empty" : "redpacket:expired_claim"});
    return;
  }
  for (const auto& c : p.claims) {
    if (c.member != e.member) continue;
    vars["amount"] = std::to_string(c.amount);
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = RenderTemplate(cfg_.already, vars),
              .reason = "redpacket:double"});
    return;
  }
  int64_t amount = p.amounts[p.claims.size()];
  if (!p.codes.empty()) {
    // A coupon goes privately to the claimer; the group only hears who got one.
    ctx.Emit({.type = ActionType::kDm, .member = e.member,
              .text = RenderTemplate(cfg_.coupon_dm, {{"name", vars["name"]}, {"code", p.codes[p.claims.size()]}}),
              .reason = "redpacket:coupon"});
  } else if (auto* ledger = ctx.Find<PointsLedger>("points")) {
    if (ledger->Credit(e.ts.utc, e.group, e.member, amount, "redpacket", "rp" + std::to_string(id)) != CreditStatus::kOk)
      return;  // refused by the ledger (balance cap): the packet stays for someone else
  }
  p.claims.push_back({e.member, amount, e.ts.utc});
  vars["amount"] = std::to_string(amount);
  vars["left"] = std::to_string(p.amounts.size() - p.claims.size());
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = RenderTemplate(cfg_.claimed, vars),
            .reason = "redpacket:claim", .extra = "\"points\":" + std::to_string(amount)});
  if (p.claims.size() == p.amounts.size()) {
    p.emptied = e.ts.utc;
    Close(ctx, id, p, kFinished);
  }
}

void RedPacket::OnEvent(const Event& e, Context& ctx) {
  if (!armed_ && cfg_.daily_minute >= 0) {
    armed_ = true;
    ScheduleDaily(ctx);
  }
  if (e.type != EventType::kMessage || ctx.removed()) return;
  if (HandleCommand(e, ctx)) return;
  if (!ctx.IsStaff(e.member)) HandleClaim(e, ctx);
}

void RedPacket::OnTimer(uint64_t tag, Context& ctx) {
  if (tag == kDailyTag) {
    if (const CommunityConfig* c = ctx.community()) {
      if (cfg_.groups.empty()) {
        for (const auto& g : c->groups) Launch(ctx, g.id, cfg_.total, cfg_.count);
      } else {
        for (const auto& g : cfg_.groups) Launch(ctx, g, cfg_.total, cfg_.count);
      }
    }
    ScheduleDaily(ctx);
    return;
  }
  auto it = packets_.find(static_cast<int64_t>(tag - kExpireTagBase));
  if (tag >= kExpireTagBase && it != packets_.end() && it->second.state == kActive) Close(ctx, it->first, it->second, kExpired);
}

void RedPacket::Save(SnapshotWriter& w) const {
  w.I64(next_id_);
  w.Bool(armed_);
  w.U64(packets_.size());
  for (const auto& [id, p] : packets_) {
    w.I64(id);
    w.Str(p.group);
    w.U64(p.amounts.size());
    for (int64_t a : p.amounts) w.I64(a);
    w.U64(p.codes.size());
    for (const auto& c : p.codes) w.Str(c);
    w.U64(p.claims.size());
    for (const auto& c : p.claims) {
      w.Str(c.member);
      w.I64(c.amount);
      w.I64(c.ts);
    }
    w.I64(p.start);
    w.I64(p.expires);
    w.I64(p.emptied);
    w.U64(p.state);
    w.U64(p.late_replied.size());
    for (const auto& m : p.late_replied) w.Str(m);
  }
  w.U64(last_in_group_.size());
  for (const auto& [g, id] : last_in_group_) {
    w.Str(g);
    w.I64(id);
  }
  w.U64(pool_.size());
  for (const auto& c : pool_) w.Str(c);
}

bool RedPacket::Load(SnapshotReader& r) {
  packets_.clear();
  last_in_group_.clear();
  next_id_ = r.I64();
  armed_ = r.Bool();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int64_t id = r.I64();
    Packet p;
    p.group = r.Str();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) p.amounts.push_back(r.I64());
    k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) p.codes.push_back(r.Str());
    if (!p.codes.empty() && p.codes.size() != p.amounts.size()) r.Fail();
    k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) {
      Claim c;
      c.member = r.Str();
      c.amount = r.I64();
      c.ts = r.I64();
      p.claims.push_back(std::move(c));
    }
    p.start = r.I64();
    p.expires = r.I64();
    p.emptied = r.I64();
    uint64_t state = r.U64();
    if (state > kExpired || p.claims.size() > p.amounts.size()) r.Fail();
    p.state = static_cast<State>(state);
    k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) p.late_replied.insert(r.Str());
    packets_.emplace(id, std::move(p));
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string g = r.Str();
    int64_t id = r.I64();
    if (!packets_.count(id)) r.Fail();
    last_in_group_[g] = id;
  }
  pool_.clear();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) pool_.push_back(r.Str());
  return r.ok();
}

void RedPacket::Report(nlohmann::json& out) const {
  int64_t sent_packets = 0, claimed_packets = 0, sent_points = 0, claimed_points = 0, returned = 0, emptied = 0;
  Micros empty_time = 0;
  nlohmann::json& list = out["packets"];
  list = nlohmann::json::object();
  for (const auto& [id, p] : packets_) {
    int64_t total = 0, claimed = 0;
    for (int64_t a : p.amounts) total += a;
    for (const auto& c : p.claims) claimed += c.amount;
    sent_packets += static_cast<int64_t>(p.amounts.size());
    claimed_packets += static_cast<int64_t>(p.claims.size());
    sent_points += total;
    claimed_points += claimed;
    if (p.state == kExpired) returned += total - claimed;
    if (p.state == kFinished) {
      ++emptied;
      empty_time += p.emptied - p.start;
    }
    if (packets_.size() > 20 && id <= packets_.rbegin()->first - 20) continue;  // the latest 20 in detail
    nlohmann::json j = {{"group", p.group}, {"total", total}, {"count", p.amounts.size()},
                        {"claimed", p.claims.size()}, {"claimed_points", claimed},
                        {"state", p.state == kActive ? "active" : p.state == kFinished ? "finished" : "expired"}};
    if (p.state == kFinished) j["seconds_to_empty"] = static_cast<double>(p.emptied - p.start) / kMicrosPerSecond;
    if (p.state == kExpired) j["returned"] = total - claimed;
    list[std::to_string(id)] = std::move(j);
  }
  out["rains"] = packets_.size();
  out["packets_sent"] = sent_packets;
  out["packets_claimed"] = claimed_packets;
  out["claim_rate"] = sent_packets ? static_cast<double>(claimed_packets) / static_cast<double>(sent_packets) : 0.0;
  out["points_sent"] = sent_points;
  out["points_claimed"] = claimed_points;
  out["points_returned"] = returned;
  out["emptied"] = emptied;
  if (!cfg_.coupons.empty()) out["coupons_left"] = pool_.size();
  out["mean_seconds_to_empty"] = emptied ? static_cast<double>(empty_time) / kMicrosPerSecond / static_cast<double>(emptied) : 0.0;
}

namespace {

std::unique_ptr<Feature> CreateRedPacket(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  RedPacketConfig cfg;
  cfg.password = s.Str("password", cfg.password);
  if (cfg.password.empty()) s.Error("password", "must not be empty");
  cfg.total = s.Int("total", cfg.total, 1, 1'000'000'000);
  cfg.count = s.Int("count", cfg.count, 1, 10'000);
  if (cfg.total < cfg.count) s.Error("total", "must be at least count (every packet holds at least 1)");
  cfg.expire = s.Duration("expire", cfg.expire, kMicrosPerSecond);
  cfg.daily_minute = s.ClockTime("at", -1);
  // A tenant-wide list may name groups of several communities: each keeps its own.
  for (const auto& g : s.Strings("groups")) {
    const CommunityConfig* owner = nullptr;
    if (!env.config.FindGroup(g, &owner)) s.Error("groups", "unknown group '" + g + "'");
    else if (!env.community || owner == env.community) cfg.groups.push_back(g);
  }
  bool listed = s.Has("groups");
  cfg.command = s.Str("command", cfg.command);
  cfg.coupons = s.Strings("coupons");
  for (const auto& c : cfg.coupons)
    if (c.empty()) s.Error("coupons", "a coupon code must not be empty");
  cfg.coupon_dm = ReadTemplate(s, "coupon_dm", "{name}: {code}", {"name", "code"});
  cfg.no_coupons = ReadTemplate(s, "no_coupons", "{group}: no coupons left", {"group"});
  std::vector<std::string> start_vars{"password", "count", "total", "minutes", "group"};
  cfg.announce = ReadTemplate(s, "announce", "🧧 {password} ×{count} ({total})", start_vars);
  cfg.claimed = ReadTemplate(s, "claimed", "{name} +{amount}", {"name", "amount", "left"});
  cfg.already = ReadTemplate(s, "already", "{name}: {amount}", {"name", "amount"});
  cfg.late_empty = ReadTemplate(s, "late_empty", "", {"name"});
  cfg.late_expired = ReadTemplate(s, "late_expired", "", {"name"});
  std::vector<std::string> end_vars{"claimed", "count", "returned", "seconds", "name", "amount"};
  cfg.finished = ReadTemplate(s, "finished", "", end_vars);
  cfg.expired = ReadTemplate(s, "expired", "", end_vars);
  cfg.bad_command = ReadTemplate(s, "bad_command", "{command} <total> <count>", {"command"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  if (listed && cfg.groups.empty()) cfg.daily_minute = -1;  // no group of this community listed: no daily rain here
  return std::make_unique<RedPacket>(std::move(cfg), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(redpacket, FeatureSpec{
    .name = "redpacket",
    .order = 330,
    .scope = FeatureScope::kCommunity,
    .create = CreateRedPacket,
});

}  // namespace shoal
