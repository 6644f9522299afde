// The SOP calendar (`features: plan:`): planned posts to many groups at fixed
// daily slots, cron times and one-off dates (month plans from CSV/YAML), in the
// community's time zone. Entries sit in a next-due index and the engine holds
// one timer for the earliest, so scheduled work arrives as ticks and replays.
// A post to many groups is paced (spread, jitter, per-account and per-platform
// gaps); each group's send is its own timed delivery. Direct posts are `send`
// actions; assisted posts are `task`s for the group owner with reminders, a
// `/done` command and a not-sent alert; skip-if-quiet leaves a group alone when
// nobody spoke since the last planned post. After downtime a missed entry runs
// once (not once per missed slot), or is skipped when older than its
// catch_up_limit. Staff: `/plan pause|resume|run|cancel ID`.
#pragma once
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "features/common/text_template.h"
#include "features/plan/plan_config.h"
#include "schedule/due_index.h"
#include "shoal/feature.h"

namespace shoal {

class Plan final : public Feature {
 public:
  Plan(std::unique_ptr<PlanConfig> cfg, const CommunityConfig* community, std::shared_ptr<const TimeZone> zone);

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;

 private:
  enum Status : uint8_t { kActive = 0, kPaused = 1, kCancelled = 2 };
  struct EntryState {
    Micros last_run = INT64_MIN;  // the occurrence last posted
    Status status = kActive;
    int64_t runs = 0, caught_up = 0, missed = 0, paused_skips = 0;
    int64_t question = 0;  // next question of the bank for this entry
    int64_t sent = 0, tasks = 0, quiet_skips = 0;
  };
  enum Kind : uint8_t { kDeliver = 0, kRemind = 1, kExpire = 2 };
  struct Work {
    Kind kind = kDeliver;
    uint32_t entry = 0, group = 0;
    Micros occurrence = 0;
    int64_t task = 0;
    int64_t question = -1;
  };
  enum TaskState : uint8_t { kOpen = 0, kDone = 1, kNotSent = 2 };
  struct Task {
    uint32_t entry = 0, group = 0;
    Micros created = 0, closed = 0;
    int64_t reminders = 0;
    TaskState state = kOpen;
    std::string done_by;
  };

  void Start(Context& ctx);
  void Arm(Context& ctx);
  void Process(Context& ctx);
  void RunEntry(uint32_t id, Micros due, Context& ctx);
  void Launch(uint32_t id, Micros occurrence, Micros start, Context& ctx);
  void DoWork(Micros due, const Work& w, Context& ctx);
  void Deliver(Micros due, const Work& w, Context& ctx);
  void Queue(Micros due, Work w) { queue_.emplace(std::make_pair(due, next_work_++), w); }
  bool HandleCommand(const Event& e, Context& ctx);
  bool HandleDone(const Event& e, Context& ctx);
  std::string Render(const PlanEntry& e, uint32_t group, Micros occurrence, int64_t question, Context& ctx) const;
  TemplateVars TaskVars(int64_t task, const Task& t, Context& ctx) const;
  std::string Owner(uint32_t group, Context& ctx) const;
  int FindEntry(std::string_view id) const;
  void Reply(const Event& e, Context& ctx, const std::string& text, const std::string& reason);

  std::unique_ptr<PlanConfig> cfg_;
  const CommunityConfig* community_;
  std::shared_ptr<const TimeZone> zone_;
  std::unordered_map<std::string, uint32_t> group_index_;
  std::unordered_map<std::string, uint32_t> entry_index_;
  std::vector<uint32_t> account_lane_, platform_lane_;  // per group
  std::vector<std::string> account_names_, platform_names_;

  bool started_ = false;
  std::vector<EntryState> entries_;
  DueIndex due_;                                       // entry -> next occurrence
  std::map<std::pair<Micros, uint64_t>, Work> queue_;  // (due, sequence) -> delivery, reminder, expiry
  uint64_t next_work_ = 0;
  std::map<int64_t, Task> tasks_;
  int64_t next_task_ = 1;
  std::vector<Micros> last_spoke_, last_post_;  // per group
  PaceLanes lanes_;
  std::set<Micros> armed_;  // engine timers outstanding
  int64_t posts_ = 0, tasks_created_ = 0, tasks_done_ = 0, tasks_not_sent_ = 0, quiet_skips_ = 0;
  int64_t caught_up_ = 0, missed_ = 0, dropped_ = 0;
};

}  // namespace shoal
