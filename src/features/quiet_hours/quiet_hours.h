// Quiet hours and announcement-only periods: scheduled whole-group mutes (a
// nightly 23:00–07:00, weekday mornings, one lecture evening) and staff's
// "/quiet on 1h" / "/quiet off", each with a notice at start and end. Exempt
// members (the lecturer) are listed on the whole_mute action for adapters that
// can let them speak; any message that still arrives from a non-exempt member
// during the period is deleted (platforms without a whole-group mute), with one
// reminder per member per period.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "features/common/group_scope.h"
#include "features/quiet_hours/quiet_periods.h"
#include "shoal/feature.h"

namespace shoal {

struct QuietHoursConfig {
  struct Period {
    std::string name;
    QuietWindow window;
    GroupScope groups;
    std::set<std::string, std::less<>> exempt;
  };
  std::vector<Period> periods;
  GroupScope groups;
  std::set<std::string, std::less<>> exempt;  // every period
  bool enforce = true;  // delete messages from non-exempt members while quiet
  std::string command = "/quiet";
  std::string manual_name = "manual";  // {name} of a period started by command
  std::string start_notice, end_notice, reminder, usage;
};

class QuietHours final : public Feature {
 public:
  QuietHours(QuietHoursConfig cfg, std::shared_ptr<const TimeZone> zone) : cfg_(std::move(cfg)), zone_(std::move(zone)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;

  // Whether the group is in a quiet period at `now`.
  bool IsQuiet(std::string_view group, Micros now) const;

 private:
  struct GroupQuiet {
    Micros until = 0;  // quiet while now < until
    uint64_t token = 0;  // the end timer that may close it; others are stale
    std::string name;    // the period's name, or "manual"
    std::set<std::string> exempt;
    std::set<std::string> reminded;
    int64_t periods = 0, manual = 0, deleted = 0;
  };
  void Arm(Context& ctx);
  void ScheduleNext(Context& ctx, size_t period);
  void Begin(Context& ctx, const std::string& group, Micros until, const std::string& name,
             const std::set<std::string, std::less<>>& exempt);
  void End(Context& ctx, const std::string& group, GroupQuiet& q);
  bool HandleCommand(const Event& e, Context& ctx);

  QuietHoursConfig cfg_;
  std::shared_ptr<const TimeZone> zone_;
  bool armed_ = false;
  uint64_t next_token_ = 1;
  std::map<std::string, GroupQuiet, std::less<>> groups_;
  std::map<uint64_t, std::string> ends_;  // end-timer token -> group
};

}  // namespace shoal
