// Welcome messages: joins within a window are merged into one welcome rendered
// from the operator's template ({names}, {group}, {count}, {rules}); welcomes
// pause during a join raid (N joins within T → one staff alert); optionally a
// newcomer is muted until they reply with the rules keyword.
// Each welcome names the "welcome" replace slot, so the outbox deletes the previous
// welcome once the new one is posted (the engine never learns platform message ids).
#pragma once
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

struct WelcomeConfig {
  std::string text;
  std::string rules;
  Micros merge_window = 30 * kMicrosPerSecond;
  bool replace_previous = true;  // delete the previous welcome (where the platform allows)
  int64_t raid_joins = 0;  // 0 = no raid detection
  Micros raid_within = kMicrosPerMinute;
  std::string raid_alert;
  std::string ack_keyword;  // empty = no rules acknowledgement
  int64_t ack_mute_seconds = 86400;
  std::string ack_reply;
};

class Welcome final : public Feature {
 public:
  explicit Welcome(WelcomeConfig cfg) : cfg_(std::move(cfg)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  struct GroupState {
    std::vector<std::pair<std::string, std::string>> pending;  // (member, name) waiting for the welcome
    bool timer_armed = false;
    std::deque<Micros> recent_joins;  // within raid_within
    Micros raid_until = 0;            // welcomes paused until then
    int64_t welcomes = 0, welcomed = 0, raids = 0, raid_skipped = 0;
  };
  void OnJoin(const Event& e, Context& ctx, GroupState& g);

  WelcomeConfig cfg_;
  std::map<std::string, GroupState, std::less<>> groups_;
  std::set<std::pair<std::string, std::string>> awaiting_ack_;  // (group, member)
  int64_t acks_ = 0;
};

}  // namespace shoal
