// The moderation feature (tenant scope, order 100: it runs before every other feature).
// Each message is normalised and checked by the content detectors, then by the stateful
// ones (flood, cross-group near-duplicates, newcomer probation); the community's policy
// turns a decision into actions (delete, warn, mute ladder, kick, ban, tenant-wide
// blacklist). Every decision is kept with its evidence for audit, undo and labelling.
// Moderation done on the platform (recall, restrict, a leave with `by`; shoal/staff_event.h)
// is audited beside it as staff decisions, and a recall confirms a decision's removal.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "features/moderation/policy.h"
#include "shoal/feature.h"

namespace shoal {

struct Decision {
  uint64_t id = 0;
  Micros ts = 0;
  std::string group, member, name, msg_id;
  std::string text;  // original text (truncated), for the operator's eyes
  double score = 0;
  std::string reason;
  std::string evidence;  // "detector:evidence,…"
  std::string actions;   // "delete+ban+blacklist", "none (dry run)"
  bool dry_run = false;
  std::string label;     // "", "spam", "ham" (operator feedback)
  bool undone = false;
  // A staff decision records what a person did on the platform (a mute, a recall, a kick):
  // `by` names them, `reason` is staff:<what>, and there is nothing to undo or label.
  bool staff = false;
  std::string by;
  bool removed = false;  // the platform reported the message gone (a recall by anyone)
};

struct BlacklistEntry {
  Micros since = 0;
  std::string reason;
  uint64_t decision = 0;
  std::set<std::string> banned_in;  // groups where a ban was issued (undone by /unban)
};

class Moderation final : public Feature {
 public:
  Moderation(std::map<std::string, Policy> policies, Policy tenant_default, DupConfig dup);
  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;
  // "decisions": the whole audit (the last kAuditCapacity decisions), newest first.
  bool Lookup(std::string_view key, nlohmann::json& out) const override;

  bool Blacklisted(const std::string& member) const { return blacklist_.count(member) > 0; }
  const std::deque<Decision>& decisions() const { return audit_; }

  static constexpr size_t kAuditCapacity = 1000;

 private:
  const Policy* PolicyFor(const std::string& group, const Config& cfg, std::string* community) const;
  void OnMessage(const Event& e, Context& ctx, const Policy& p, const std::string& community);
  bool StaffCommand(const Event& e, Context& ctx);
  // recall, restrict, a removal leave (staff_audit.cc).
  void OnStaffEvent(const Event& e, const Policy& p, const std::string& community);
  void ConfirmRemoved(const std::string& group, const std::string& msg_id);
  std::string RoleOf(const Event& e, Context& ctx) const;
  int64_t AddStrike(const std::string& key, Micros now, Micros expiry);
  // A decision about e with the next id; Keep adds it to the bounded audit. Record is Shoal's
  // own decision: it also counts by reason and group (staff decisions do not).
  Decision NewDecision(const Event& e, double score, std::string reason, std::string evidence);
  Decision& Keep(Decision d);
  Decision& Record(const Event& e, double score, std::string reason, std::string evidence, bool dry_run);
  void BlacklistEverywhere(const std::string& member, const std::string& reason, Context& ctx, Decision& d);
  void Emit(Context& ctx, Action a);
  static nlohmann::json DecisionJson(const Decision& d);

  std::map<std::string, Policy> policies_;  // community id -> policy
  Policy tenant_default_;
  DupConfig dup_;

  FloodTracker flood_;
  NearDupIndex dups_;
  std::map<std::string, std::vector<Micros>> strikes_;  // "community\nmember\nad|rule" -> strike times
  std::map<std::string, BlacklistEntry> blacklist_;
  std::deque<Decision> audit_;
  uint64_t next_decision_ = 1;
  // Counters for the report.
  int64_t checked_ = 0, removed_ = 0, dry_run_decisions_ = 0, refused_ = 0;
  int64_t staff_decisions_ = 0, confirmed_removed_ = 0, author_recalls_ = 0;
  std::map<std::string, int64_t> by_reason_, by_detector_, by_group_;
};

}  // namespace shoal
