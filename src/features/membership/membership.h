// Paid memberships: a `conversion` event with a paying goal (default "paid")
// grants membership of the community's VIP group for a term (config `term`, or
// the event's own "term_days"); paying while active extends the term from its
// current end. A daily sweep sends reminders before expiry (one per threshold,
// by DM) and, once the term and grace are over, removes the member from the VIP
// group (or downgrades them with a pointer to the ordinary group) with a notice.
// Optionally a non-member joining the VIP group is removed. Report: active,
// expiring, lapsed, and revenue by month (new, renewal, returning).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

struct MembershipConfig {
  bool active = true;  // false when the VIP group belongs to another community
  std::string group;   // the VIP group
  std::vector<std::string> goals{"paid"};
  std::string plan;  // when set, only conversions whose "plan" field equals it
  Micros term = 365 * kMicrosPerDay;
  std::vector<Micros> remind_before{30 * kMicrosPerDay, 7 * kMicrosPerDay, kMicrosPerDay};  // longest first
  int at_minute = 10 * 60;
  Micros grace = 0;
  bool downgrade = false;  // on expiry: remove (false) or downgrade (true)
  std::string downgrade_to;
  bool members_only = false;  // a non-member joining the VIP group is removed
  Micros expiring_within = 30 * kMicrosPerDay;
  std::string granted, renewed, reminder, expired, downgraded, not_member, bad_term;
};

class PaidMembership final : public Feature {
 public:
  PaidMembership(MembershipConfig cfg, std::shared_ptr<const TimeZone> zone) : cfg_(std::move(cfg)), zone_(std::move(zone)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

  // A paid member whose term (plus grace) has not ended at `now`: exempt from cleanup.
  bool IsActive(std::string_view member, Micros now) const;

 private:
  struct Member {
    Micros since = 0, until = 0;
    int64_t payments = 0;
    double paid = 0;
    uint32_t reminded = 0;  // bit i: remind_before[i] sent for this term
    bool lapsed = false;
  };
  struct Month {
    int64_t payments = 0, fresh = 0, renewals = 0, returning = 0;
    double amount = 0;
  };
  void OnPayment(const Event& e, Context& ctx);
  void Sweep(Context& ctx);
  void Expire(Context& ctx, const std::string& id, Member& m);
  void Dm(Context& ctx, const std::string& member, const std::string& tmpl, const Member& m, const std::string& reason,
          int64_t days = 0);
  void ScheduleDaily(Context& ctx);

  MembershipConfig cfg_;
  std::shared_ptr<const TimeZone> zone_;
  bool armed_ = false;
  Micros now_ = 0;  // latest event or timer: "expiring" in the report is counted from here
  std::map<std::string, Member, std::less<>> members_;
  std::map<int64_t, Month> months_;  // month index (year*12 + month-1, local) -> revenue
  int64_t reminders_ = 0, expired_ = 0, downgraded_ = 0, refused_joins_ = 0, bad_terms_ = 0;
};

}  // namespace shoal
