// Self-introductions: joins within a merge window get one post of the
// operator's template; a newcomer's message within `window` of joining that
// looks like an introduction (intro_detector.h) earns points through the ledger
// (reason "intro") and a thank-you; whoever has not introduced themselves after
// `remind_after` gets one reminder. Report: per group, how many joined,
// introduced, were reminded, and the share who introduced themselves.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "features/common/group_scope.h"
#include "features/intro/intro_detector.h"
#include "shoal/feature.h"

namespace shoal {

struct IntroConfig {
  GroupScope groups;
  IntroRule rule;
  std::string template_text;
  Micros merge_window = kMicrosPerMinute;
  Micros window = 3 * kMicrosPerDay;
  Micros remind_after = 24 * kMicrosPerHour;  // 0 = no reminder
  int64_t points = 0;
  std::string reply, remind;
};

class Intro final : public Feature {
 public:
  explicit Intro(IntroConfig cfg) : cfg_(std::move(cfg)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;

 private:
  using Key = std::pair<std::string, std::string>;  // (group, member)
  struct Newcomer {
    Micros joined = 0;
    Micros introduced = 0;  // 0 = not yet
    bool reminded = false;
    bool present = true;
  };
  struct GroupState {
    std::vector<std::string> waiting;  // members for the next template post
    uint64_t post_token = 0;           // 0 = no post scheduled
    int64_t joined = 0, introduced = 0, reminded = 0, posts = 0, points = 0;
  };
  void OnJoin(const Event& e, Context& ctx);
  void OnMessage(const Event& e, Context& ctx);
  uint64_t Schedule(Context& ctx, Micros due, const Key& key);

  IntroConfig cfg_;
  uint64_t next_token_ = 1;
  std::map<Key, Newcomer> newcomers_;
  std::map<std::string, GroupState, std::less<>> groups_;
  std::map<uint64_t, Key> timers_;  // token -> (group, member); member "" = the group's template post
};

}  // namespace shoal
