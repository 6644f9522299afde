// Self-introductions: joins within a merge window get one post of the
// operator's template; a newcomer's message within `window` of joining that
// looks like an introduction (intro_detector.h) earns points through the ledger
// (reason "intro") and a thank-you; whoever has not introduced themselves after
// `remind_after` gets one reminder. Report: per group, how many joined,
// introduced, were reminded, and the share who introduced themselves.
#pragma once
#include <map>
#include <string>
#include <unordered_map>
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
  // (group id << 32) | member id: interned ids are part of the engine snapshot, so keys survive restarts.
  using Key = uint64_t;
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
    int64_t not_introduced = 0;  // present newcomers without an introduction, kept current
  };
  void OnJoin(const Event& e, Context& ctx);
  void OnMessage(const Event& e, Context& ctx);
  uint64_t Schedule(Context& ctx, Micros due, const std::string& group, const std::string& member);

  IntroConfig cfg_;
  uint64_t next_token_ = 1;
  std::unordered_map<Key, Newcomer> newcomers_;
  std::map<std::string, GroupState, std::less<>> groups_;
  std::map<uint64_t, std::pair<std::string, std::string>> timers_;  // token -> (group, member); "" = template post
};

}  // namespace shoal
