// Red-packet rain: a total of points split into packets (two times the mean,
// pre-generated from the step's seeded Rng so a replay reproduces them),
// dropped on a daily schedule or by a staff command, claimed by sending the
// password in the group (one packet per member), expiring with the unclaimed
// remainder returned, the luckiest announced, claim statistics in Report.
// Every claim is a ledger entry (reason "redpacket", ref "rp<id>").
#pragma once
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

struct RedPacketConfig {
  std::string password = "恭喜发财";
  int64_t total = 1000;
  int64_t count = 10;
  Micros expire = 10 * kMicrosPerMinute;
  int daily_minute = -1;  // local minute of day; -1 = manual only
  std::vector<std::string> groups;  // where the daily rain falls; empty = every group
  std::string command = "/redpacket";
  // Coupon mode: each packet holds one code from this list (sent by DM to the
  // claimer, no points); unclaimed codes go back to the pool at expiry.
  std::vector<std::string> coupons;
  std::string coupon_dm, no_coupons;
  std::string announce, claimed, already, late_empty, late_expired, finished, expired, bad_command;
};

class RedPacket final : public Feature {
 public:
  explicit RedPacket(RedPacketConfig cfg, std::shared_ptr<const TimeZone> zone)
      : cfg_(std::move(cfg)), zone_(std::move(zone)), pool_(cfg_.coupons.begin(), cfg_.coupons.end()) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  enum State : uint8_t { kActive = 0, kFinished = 1, kExpired = 2 };
  struct Claim {
    std::string member;
    int64_t amount;
    Micros ts;
  };
  struct Packet {
    std::string group;
    std::vector<int64_t> amounts;  // pre-generated; claims take them in order (1 each in coupon mode)
    std::vector<std::string> codes;  // coupon mode: the code behind each packet
    std::vector<Claim> claims;
    Micros start = 0, expires = 0, emptied = 0;
    State state = kActive;
    std::set<std::string> late_replied;  // late claimers answered once each
  };
  void Launch(Context& ctx, const std::string& group, int64_t total, int64_t count);
  void Close(Context& ctx, int64_t id, Packet& p, State state);
  bool HandleCommand(const Event& e, Context& ctx);
  void HandleClaim(const Event& e, Context& ctx);
  void ScheduleDaily(Context& ctx);

  RedPacketConfig cfg_;
  std::shared_ptr<const TimeZone> zone_;
  std::map<int64_t, Packet> packets_;
  std::map<std::string, int64_t> last_in_group_;  // group -> newest packet id
  int64_t next_id_ = 1;
  bool armed_ = false;
  std::deque<std::string> pool_;  // coupon codes not yet in a packet
};

}  // namespace shoal
