#include "features/campaign/campaign.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"
#include "features/gate/gate.h"
#include "features/invite/invite.h"
#include "features/points/points_ledger.h"

namespace shoal {

namespace {
uint64_t Tag(size_t campaign, uint32_t referral) { return (static_cast<uint64_t>(campaign) << 32) | referral; }
}  // namespace

Campaign::Campaign(std::vector<CampaignConfig> cfg) : cfg_(std::move(cfg)), state_(cfg_.size()) {
  for (size_t i = 0; i < cfg_.size(); ++i) state_[i].coupons.assign(cfg_[i].coupons.begin(), cfg_[i].coupons.end());
}

void Campaign::OnEvent(const Event& e, Context& ctx) {
  now_ = std::max(now_, e.ts.utc);
  for (size_t ci = 0; ci < cfg_.size(); ++ci) {
    CampaignState& s = state_[ci];
    switch (e.type) {
      case EventType::kJoin:
        OnJoin(e, ctx, ci);
        break;
      case EventType::kLeave: {
        auto it = s.by_invitee.find(e.member);
        if (it == s.by_invitee.end()) break;
        Referral& r = s.referrals[it->second];
        if (r.group != e.group || r.left) break;
        r.left = e.ts.utc;
        if (r.state == kPending) r.state = kLeftEarly;  // subtracted: never counted
        break;
      }
      case EventType::kMessage: {
        if (ctx.removed()) break;
        if (OnCommand(e, ctx, ci)) break;
        auto it = s.by_invitee.find(e.member);
        if (it != s.by_invitee.end()) s.referrals[it->second].spoke = true;
        break;
      }
      default:
        break;
    }
  }
}

void Campaign::OnJoin(const Event& e, Context& ctx, size_t ci) {
  const CampaignConfig& c = cfg_[ci];
  CampaignState& s = state_[ci];
  if ((c.start && e.ts.utc < c.start) || (c.end && e.ts.utc >= c.end)) return;
  if (!c.groups.empty() && !c.groups.count(e.group)) return;
  auto* invite = ctx.Find<Invite>("invite");
  const Attribution* a = invite ? invite->FindMember(e.member) : nullptr;
  // Only a first join, happening now, through a valid code or a member's id, counts.
  if (!a || a->joined != e.ts.utc || a->group != e.group || !a->counted || a->inviter.empty()) return;
  if (s.by_invitee.find(e.member) != s.by_invitee.end()) return;
  uint32_t ri = static_cast<uint32_t>(s.referrals.size());
  s.referrals.push_back({.inviter = a->inviter, .invitee = e.member, .group = e.group, .joined = e.ts.utc});
  s.by_invitee.emplace(e.member, ri);
  Inviter& inv = s.inviters[a->inviter];
  inv.referrals.push_back(ri);
  ctx.Schedule(e.ts.utc + c.min_stay, Tag(ci, ri));
  if (!inv.burst_alerted && c.fraud.burst > 1) {
    std::vector<Micros> joins;
    for (uint32_t i : inv.referrals) joins.push_back(s.referrals[i].joined);
    if (IsBurst(joins, c.fraud)) {
      inv.burst_alerted = true;
      ctx.Emit({.type = ActionType::kAlert, .group = e.group, .member = a->inviter,
                .text = RenderTemplate(c.burst_alert, {{"campaign", c.name}, {"member", a->inviter},
                                                       {"count", std::to_string(c.fraud.burst)}}),
                .reason = "campaign:burst"});
    }
  }
}

void Campaign::OnTimer(uint64_t tag, Context& ctx) {
  size_t ci = tag >> 32;
  uint32_t ri = static_cast<uint32_t>(tag & 0xffffffffu);
  if (ci >= cfg_.size() || ri >= state_[ci].referrals.size()) return;
  Validate(ctx, ci, ri);
}

void Campaign::Validate(Context& ctx, size_t ci, uint32_t ri) {
  CampaignState& s = state_[ci];
  Referral& r = s.referrals[ri];
  if (r.state != kPending) return;
  Id g = ctx.ids().Find(r.group), m = ctx.ids().Find(r.invitee);
  const Membership* ms = g == kNoId || m == kNoId ? nullptr : ctx.roster().Find(g, m);
  auto* gate = ctx.Find<Gate>("gate");
  if (!ms || !ms->present || (gate && gate->FailedProbation(r.group, r.invitee))) {
    r.state = kLeftEarly;
    return;
  }
  // Still proving they are human (gate probation): look again when that is decided.
  if (gate && gate->OnProbation(r.group, r.invitee)) {
    ctx.Schedule(gate->ProbationEnds(r.group, r.invitee), Tag(ci, ri));
    return;
  }
  r.state = kValid;
  Inviter& inv = s.inviters[r.inviter];
  ++inv.valid;
  const auto& tiers = cfg_[ci].tiers;
  while (inv.next_tier < tiers.size() && tiers[inv.next_tier].count <= inv.valid) Pay(ctx, ci, r, tiers[inv.next_tier++]);
  SendProgress(ctx, ci, r.inviter, r.group);
}

void Campaign::Pay(Context& ctx, size_t ci, const Referral& r, const CampaignTier& tier) {
  const CampaignConfig& c = cfg_[ci];
  CampaignState& s = state_[ci];
  TemplateVars vars{{"name", DisplayName(ctx, r.inviter)}, {"count", std::to_string(tier.count)},
                    {"campaign", c.name}, {"points", std::to_string(tier.points)}, {"coupon", ""}, {"link", ""}};
  std::string ref = c.id + ":tier" + std::to_string(tier.count);
  if (tier.points) {
    auto* ledger = ctx.Find<PointsLedger>("points");
    if (ledger && ledger->Credit(ctx.now(), r.group, r.inviter, tier.points, "campaign", ref) == CreditStatus::kOk)
      s.points_paid += tier.points;
  }
  if (tier.coupon) {
    if (s.coupons.empty()) {
      s.owed.emplace_back(r.inviter, tier.count);
      ctx.Emit({.type = ActionType::kAlert, .group = r.group, .member = r.inviter,
                .text = RenderTemplate(c.no_coupons, {{"campaign", c.name}, {"member", r.inviter},
                                                      {"count", std::to_string(tier.count)}}),
                .reason = "campaign:no_coupons"});
      ctx.Emit({.type = ActionType::kDm, .member = r.inviter, .text = RenderTemplate(c.coupon_owed, vars),
                .reason = "campaign:coupon_owed"});
      if (!tier.points && tier.group.empty()) return;  // nothing else in this tier to announce
      vars["coupon"] = "";
    } else {
      vars["coupon"] = s.coupons.front();
      s.coupons.pop_front();
      ++s.coupons_paid;
    }
  }
  if (!tier.group.empty()) {
    if (auto* invite = ctx.Find<Invite>("invite")) {
      std::string code = invite->Issue(ctx, "campaign:" + c.id, tier.group, "", 1, ctx.now() + c.invite_expire,
                                       ref + ":" + r.inviter);
      vars["link"] = invite->LinkFor(code);
      ++s.invites_paid;
    }
  }
  ctx.Emit({.type = ActionType::kDm, .member = r.inviter, .text = RenderTemplate(tier.text, vars),
            .reason = "campaign:reward", .extra = "\"tier\":" + std::to_string(tier.count)});
}

void Campaign::SendProgress(Context& ctx, size_t ci, const std::string& inviter, const std::string& group) {
  const CampaignConfig& c = cfg_[ci];
  const CampaignState& s = state_[ci];
  auto it = s.inviters.find(inviter);
  int64_t valid = 0, pending = 0;
  size_t next_tier = 0;
  if (it != s.inviters.end()) {
    valid = it->second.valid;
    next_tier = it->second.next_tier;
    for (uint32_t ri : it->second.referrals) pending += s.referrals[ri].state == kPending;
  }
  int64_t next = next_tier < c.tiers.size() ? c.tiers[next_tier].count : valid;
  ctx.Emit({.type = ActionType::kDm, .group = group, .member = inviter,
            .text = RenderTemplate(c.progress, {{"name", DisplayName(ctx, inviter)}, {"valid", std::to_string(valid)},
                                                {"next", std::to_string(next)}, {"left", std::to_string(next - valid)},
                                                {"pending", std::to_string(pending)}, {"campaign", c.name}}),
            .reason = "campaign:progress"});
}

bool Campaign::OnCommand(const Event& e, Context& ctx, size_t ci) {
  const CampaignConfig& c = cfg_[ci];
  std::string_view text = TrimText(e.text);
  if (!c.command.empty() && text == c.command) {
    SendProgress(ctx, ci, e.member, e.group);
    return true;
  }
  if (!c.board_command.empty() && text == c.board_command) {
    std::string out = RenderTemplate(c.board_title, {{"campaign", c.name}});
    auto rows = Board(ci);
    for (size_t i = 0; i < rows.size() && i < 10; ++i)
      out += "\n" + std::to_string(i + 1) + ". " + DisplayName(ctx, rows[i].second) + " " + std::to_string(-rows[i].first);
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .text = out, .reason = "campaign:board"});
    return true;
  }
  return false;
}

// Inviters by valid referrals (most first, ties by member id), only those with at least one.
std::vector<std::pair<int64_t, std::string>> Campaign::Board(size_t ci) const {
  std::vector<std::pair<int64_t, std::string>> rows;
  for (const auto& [m, inv] : state_[ci].inviters)
    if (inv.valid) rows.emplace_back(-inv.valid, m);
  std::sort(rows.begin(), rows.end());
  return rows;
}

void Campaign::Report(nlohmann::json& out) const {
  for (size_t ci = 0; ci < cfg_.size(); ++ci) {
    const CampaignConfig& c = cfg_[ci];
    const CampaignState& s = state_[ci];
    int64_t valid = 0, pending = 0, left_early = 0;
    for (const auto& r : s.referrals) {
      valid += r.state == kValid;
      pending += r.state == kPending;
      left_early += r.state == kLeftEarly;
    }
    nlohmann::json board = nlohmann::json::array();
    auto rows = Board(ci);
    for (size_t i = 0; i < rows.size() && i < 10; ++i) board.push_back({{"member", rows[i].second}, {"valid", -rows[i].first}});
    nlohmann::json fraud = nlohmann::json::object();
    for (const auto& [member, inv] : s.inviters) {
      std::vector<InviteeRecord> records;
      for (uint32_t ri : inv.referrals) {
        const Referral& r = s.referrals[ri];
        records.push_back({.joined = r.joined, .left = r.left, .spoke = r.spoke});
      }
      auto signals = FraudSignals(records, now_, c.fraud);
      if (!signals.empty()) fraud[member] = signals;
    }
    nlohmann::json owed = nlohmann::json::array();
    for (const auto& [m, count] : s.owed) owed.push_back({{"member", m}, {"tier", count}});
    out["campaigns"][c.id] = {
        {"name", c.name},
        {"active", (!c.start || now_ >= c.start) && (!c.end || now_ < c.end)},
        {"referrals", s.referrals.size()},
        {"valid_referrals", valid},
        {"pending", pending},
        {"left_early", left_early},
        {"inviters", s.inviters.size()},
        {"rewards_paid", {{"points", s.points_paid}, {"coupons", s.coupons_paid}, {"group_invites", s.invites_paid}}},
        {"rewards_owed", owed},
        {"coupons_left", s.coupons.size()},
        {"suspected_fraud", fraud},
        {"leaderboard", board},
        // Flat copies for table renderings (markdown/html reports show scalar columns).
        {"paid_points", s.points_paid},
        {"paid_coupons", s.coupons_paid},
        {"paid_group_invites", s.invites_paid},
        {"owed", s.owed.size()},
        {"suspected", fraud.size()},
    };
  }
}

void Campaign::Save(SnapshotWriter& w) const {
  w.I64(now_);
  w.U64(state_.size());
  for (const auto& s : state_) {
    w.U64(s.referrals.size());
    for (const auto& r : s.referrals) {
      w.Str(r.inviter);
      w.Str(r.invitee);
      w.Str(r.group);
      w.I64(r.joined);
      w.I64(r.left);
      w.U64(r.state);
      w.Bool(r.spoke);
    }
    w.U64(s.inviters.size());
    for (const auto& [m, inv] : s.inviters) {
      w.Str(m);
      w.I64(inv.valid);
      w.U64(inv.next_tier);
      w.Bool(inv.burst_alerted);
    }
    w.U64(s.coupons.size());
    for (const auto& code : s.coupons) w.Str(code);
    w.I64(s.points_paid);
    w.I64(s.coupons_paid);
    w.I64(s.invites_paid);
    w.U64(s.owed.size());
    for (const auto& [m, count] : s.owed) {
      w.Str(m);
      w.I64(count);
    }
  }
}

bool Campaign::Load(SnapshotReader& r) {
  now_ = r.I64();
  if (r.Count() != state_.size()) return false;
  for (size_t ci = 0; ci < state_.size() && r.ok(); ++ci) {
    CampaignState& s = state_[ci];
    s = CampaignState{};
    uint64_t n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      Referral ref;
      ref.inviter = r.Str();
      ref.invitee = r.Str();
      ref.group = r.Str();
      ref.joined = r.I64();
      ref.left = r.I64();
      uint64_t st = r.U64();
      if (st > kLeftEarly) return false;
      ref.state = static_cast<State>(st);
      ref.spoke = r.Bool();
      s.by_invitee[ref.invitee] = static_cast<uint32_t>(s.referrals.size());
      s.referrals.push_back(std::move(ref));
    }
    n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      std::string m = r.Str();
      Inviter& inv = s.inviters[m];
      inv.valid = r.I64();
      inv.next_tier = r.U64();
      inv.burst_alerted = r.Bool();
      if (inv.next_tier > cfg_[ci].tiers.size()) return false;
    }
    // Each inviter's referrals, in order, rebuilt from the referral list.
    for (uint32_t ri = 0; ri < s.referrals.size(); ++ri) {
      auto it = s.inviters.find(s.referrals[ri].inviter);
      if (it == s.inviters.end()) return false;
      it->second.referrals.push_back(ri);
    }
    n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) s.coupons.push_back(r.Str());
    s.points_paid = r.I64();
    s.coupons_paid = r.I64();
    s.invites_paid = r.I64();
    n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      std::string m = r.Str();
      s.owed.emplace_back(std::move(m), r.I64());
    }
  }
  return r.ok();
}

}  // namespace shoal
