// Inactive-member cleanup. Once a day (and on "/cleanup preview") each group's
// present members are matched against the rules (cleanup_rules.h). A match is
// warned first and removed only if it still matches after the grace period:
// automatically, or, in confirm mode, when staff send "/cleanup confirm" after
// reading the dry-run list ("/cleanup preview", or `pending` in the report).
// Staff, admins, KOLs, listed members and active paid members are exempt.
// A scan matching more than max_share of a group's present members is refused
// with a staff alert; "/cleanup force" lifts that guard for the group for one
// grace period. Capacity cleanup: when a join brings a group to `capacity.at`
// of its cap, the longest-silent members are removed down to `capacity.down_to`
// (Koishi's autokick). Speaking clears a message-rule warning at once.
#pragma once
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "features/cleanup/cleanup_rules.h"
#include "features/common/group_scope.h"
#include "features/membership/membership.h"
#include "shoal/feature.h"

namespace shoal {

struct CleanupConfig {
  struct ScopedRule {
    CleanupRule rule;
    GroupScope groups;
  };
  std::vector<ScopedRule> rules;
  GroupScope groups;
  int at_minute = 4 * 60;  // the daily scan, local time
  Micros grace = 2 * kMicrosPerDay;
  bool confirm = true;     // removals wait for "/cleanup confirm"
  double max_share = 0.2;  // of present members per group per scan
  std::set<std::string, std::less<>> exempt;
  double capacity_at = 0;       // share of the group's cap that triggers removals; 0 = off
  double capacity_down_to = 0;  // removals stop at this share
  std::string command = "/cleanup";
  std::string warn, removed, refused, ready, preview_header, preview_line, confirmed, forced, nothing, usage;
};

class Cleanup final : public Feature {
 public:
  explicit Cleanup(CleanupConfig cfg, std::shared_ptr<const TimeZone> zone) : cfg_(std::move(cfg)), zone_(std::move(zone)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;

 private:
  // (group id << 32) | member id: interned ids are part of the engine snapshot, so keys survive
  // restarts, and one group's members are one contiguous range of the ordered maps.
  using Key = uint64_t;
  struct Candidate {
    std::string member;
    Id id = kNoId;
    uint32_t rule = 0;
    Micros last_activity = 0;
  };
  struct Warning {
    Micros at = 0;
    uint32_t rule = 0;
    std::string member;  // for the report, which has no interner
  };
  struct GroupStats {
    Id id = kNoId;
    int64_t present = 0, candidates = 0;  // at the last scan
    int64_t last_scan_day = INT64_MIN;
    Micros override_until = 0;  // "/cleanup force": share guard lifted until then
    int64_t refused = 0;
    int64_t kicked = 0;  // removals sent whose leave has not arrived (derived from kicked_)
  };
  enum class ScanMode { kDaily, kPreview, kForce };

  std::vector<Candidate> Candidates(Context& ctx, const std::string& group, int64_t* present);
  bool Exempt(Context& ctx, Id group, Id member, const std::string& member_name, const PaidMembership* vip);
  void Scan(Context& ctx, const std::string& group, ScanMode mode, const Event* reply_to);
  void Remove(Context& ctx, const std::string& group, Key key, const std::string& member, const std::string& label);
  void Forget(const std::string& group, Key key);
  void Confirm(Context& ctx, const Event& e);
  void CapacityCheck(Context& ctx, const Event& e);
  bool HandleCommand(const Event& e, Context& ctx);
  void Reply(Context& ctx, const Event& e, std::string text, const std::string& reason);
  void ScheduleDaily(Context& ctx);
  GroupStats& Group(const std::string& group, Id id);

  CleanupConfig cfg_;
  std::shared_ptr<const TimeZone> zone_;
  bool armed_ = false;
  std::map<Key, Warning> warned_;
  std::map<Key, std::string> pending_;  // confirm mode: due, waiting for "/cleanup confirm" (-> member)
  std::set<Key> kicked_;                // removal sent, the platform's leave not seen yet
  std::map<std::string, GroupStats, std::less<>> groups_;
  std::map<std::string, int64_t, std::less<>> removed_by_rule_;
  int64_t warnings_ = 0, removed_ = 0, recovered_ = 0, capacity_removed_ = 0;
};

}  // namespace shoal
