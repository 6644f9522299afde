// Group-card (nickname) format: a newcomer whose card does not match the
// community's format (card_format.h) is reminded after a grace period, then
// optionally muted until it matches (checked again every `recheck` against the
// newest name seen); "/card 北京 产品 张三" has the bot set a conforming card
// (set_card, where the platform supports it), staff may do it for a member
// ("/card qq:7 …"), and a card with stray separators is fixed automatically.
// Members who were there before the feature are listed, not reminded, unless
// check_existing is on. Report: non-conforming members per group.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "features/common/group_scope.h"
#include "features/nickname/card_format.h"
#include "shoal/feature.h"

namespace shoal {

struct NicknameConfig {
  std::shared_ptr<const CardFormat> format;
  std::string example;
  GroupScope groups;
  std::set<std::string, std::less<>> exempt;
  Micros grace = 10 * kMicrosPerMinute;
  Micros mute_after = 0;  // after the reminder; 0 = never mute
  int64_t mute_seconds = 30 * 86400;
  Micros recheck = kMicrosPerHour;
  bool auto_fix = true;
  bool check_existing = false;
  std::string command = "/card";
  std::string remind, muted, fixed, set, bad_card;
};

class Nickname final : public Feature {
 public:
  explicit Nickname(NicknameConfig cfg) : cfg_(std::move(cfg)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;

 private:
  using Key = std::pair<std::string, std::string>;  // (group, member)
  enum State : uint8_t { kListed = 0, kPending = 1, kReminded = 2, kMuted = 3 };
  struct Entry {
    std::string card;
    State state = kListed;
    Micros since = 0;
    Micros mute_until = 0;
    uint64_t token = 0;  // the timer that may act on this entry
  };
  struct GroupCounts {
    int64_t checked = 0, reminded = 0, muted = 0, fixed = 0, set_cards = 0;
  };
  bool Exempt(Context& ctx, const std::string& member);
  void See(const Event& e, Context& ctx, bool joined);
  void Fix(Context& ctx, const Key& key, const std::string& reason);
  void Arm(Context& ctx, const Key& key, Entry& entry, Micros due);
  bool HandleCommand(const Event& e, Context& ctx);
  bool Conforms(Context& ctx, const std::string& member, const Entry& entry);
  void Say(Context& ctx, const Key& key, const std::string& tmpl, const std::string& card, const std::string& reason);

  NicknameConfig cfg_;
  uint64_t next_token_ = 1;
  std::map<Key, Entry> entries_;  // members whose card does not conform
  std::map<uint64_t, Key> timers_;
  std::map<std::string, GroupCounts, std::less<>> counts_;
};

}  // namespace shoal
