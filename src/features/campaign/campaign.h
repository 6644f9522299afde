// Fission campaigns ("invite 3 friends for the gift pack, 10 for the core group"):
// a referral is an invitee's first join through a member's code or id (see
// features/invite) into a campaign group while the campaign runs; it becomes
// valid once the invitee has stayed `min_stay` (and passed any gate probation);
// leaving before that subtracts it. Reward tiers by valid count pay points (the
// ledger), a coupon code from the operator's list (an empty list alerts staff
// and records the debt) or a one-use invitation to a core group. Inviters get
// progress by DM; Report has the leaderboard, rewards paid and owed, and fraud
// signals per inviter (silent invitees, bursts, early leavers).
#pragma once
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "features/campaign/fraud.h"
#include "growth/string_map.h"
#include "shoal/feature.h"

namespace shoal {

struct CampaignTier {
  int64_t count = 1;
  int64_t points = 0;
  bool coupon = false;
  std::string group;  // a one-use invitation to this group (the core group)
  std::string text;   // DM: {name} {count} {points} {coupon} {link} {campaign}
};

struct CampaignConfig {
  std::string id, name;
  std::set<std::string> groups;  // where joins count; empty = every group of the community
  Micros start = 0, end = 0;     // 0 = open
  Micros min_stay = kMicrosPerDay;
  std::vector<CampaignTier> tiers;  // ascending count
  std::vector<std::string> coupons;
  Micros invite_expire = 7 * kMicrosPerDay;  // core-group invitations
  std::string command, progress;              // progress by DM: {name} {valid} {next} {left} {pending} {campaign}
  std::string board_command, board_title;     // leaderboard in the group: {campaign}
  std::string coupon_owed;   // DM when the list ran out: {name} {campaign}
  std::string no_coupons;    // staff alert: {campaign} {member} {count}
  std::string burst_alert;   // staff alert: {campaign} {member} {count}
  FraudRules fraud;
};

class Campaign final : public Feature {
 public:
  explicit Campaign(std::vector<CampaignConfig> cfg);

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  enum State : uint8_t { kPending = 0, kValid = 1, kLeftEarly = 2 };
  struct Referral {
    std::string inviter, invitee, group;
    Micros joined = 0, left = 0;
    State state = kPending;
    bool spoke = false;
  };
  struct Inviter {
    int64_t valid = 0;
    size_t next_tier = 0;           // tiers below this are paid
    std::vector<uint32_t> referrals;
    bool burst_alerted = false;
  };
  struct CampaignState {
    std::vector<Referral> referrals;
    std::map<std::string, Inviter, std::less<>> inviters;
    StringMap<uint32_t> by_invitee;  // looked up on every message; rebuilt on Load
    std::deque<std::string> coupons;
    int64_t points_paid = 0, coupons_paid = 0, invites_paid = 0;
    std::vector<std::pair<std::string, int64_t>> owed;  // (member, tier count) for missing coupons
  };
  void OnJoin(const Event& e, Context& ctx, size_t ci);
  bool OnCommand(const Event& e, Context& ctx, size_t ci);
  void Validate(Context& ctx, size_t ci, uint32_t ri);
  void Pay(Context& ctx, size_t ci, const Referral& r, const CampaignTier& tier);
  void SendProgress(Context& ctx, size_t ci, const std::string& inviter, const std::string& group);
  std::vector<std::pair<int64_t, std::string>> Board(size_t ci) const;

  std::vector<CampaignConfig> cfg_;
  std::vector<CampaignState> state_;
  Micros now_ = 0;
};

}  // namespace shoal
