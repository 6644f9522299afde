// Group-card (nickname) format: a newcomer whose card does not match the
// community's format (card_format.h) is reminded after a grace period, then
// optionally muted until it matches (checked against the newest name whenever
// the member shows up anywhere in the community, and when the mute runs out); "/card 北京 产品 张三" has the bot set a conforming card
// (set_card, where the platform supports it), staff may do it for a member
// ("/card qq:7 …"), and a card with stray separators is fixed automatically.
// Members who were there before the feature are listed, not reminded, unless
// check_existing is on. Report: non-conforming members per group.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "features/common/group_scope.h"
#include "features/nickname/card_format.h"
#include "shoal/feature.h"
#include "shoal/flat_map.h"

namespace shoal {

struct NicknameConfig {
  std::shared_ptr<const CardFormat> format;
  std::string example;
  GroupScope groups;
  std::set<std::string, std::less<>> exempt;
  Micros grace = 10 * kMicrosPerMinute;
  Micros mute_after = 0;  // after the reminder; 0 = never mute
  int64_t mute_seconds = 30 * 86400;
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
  // (group id << 32) | member id: interned ids are part of the engine snapshot, so keys survive restarts.
  using Key = uint64_t;
  enum State : uint8_t { kListed = 0, kPending = 1, kReminded = 2, kMuted = 3 };
  struct Entry {
    std::string group, member, card;
    State state = kListed;
    Micros since = 0;
    Micros mute_until = 0;
    uint64_t token = 0;  // the timer that may act on this entry
  };
  struct GroupCounts {
    int64_t checked = 0, reminded = 0, muted = 0, fixed = 0, set_cards = 0;
    int64_t nonconforming = 0, muted_now = 0;  // current, kept up to date for an O(1) ReportGroup
  };
  bool Exempt(Context& ctx, const std::string& member);
  void See(const Event& e, Context& ctx, bool joined);
  void Fix(Context& ctx, Key key, const std::string& reason);
  void Erase(std::unordered_map<Key, Entry>::iterator it);
  void SetState(Entry& entry, Key key, State state);
  void Arm(Context& ctx, Key key, Entry& entry, Micros due);
  void RecheckMuted(Context& ctx, Id member);
  bool HandleCommand(const Event& e, Context& ctx);
  bool Conforms(Context& ctx, const std::string& member, const Entry& entry);
  void Say(Context& ctx, const std::string& group, const std::string& member, const std::string& tmpl,
           const std::string& card, const std::string& reason);

  NicknameConfig cfg_;
  uint64_t next_token_ = 1;
  FlatMap<uint64_t> seen_;  // the hash of the last name checked (0 = none): unchanged names cost one probe
  std::unordered_map<Key, Entry> entries_;  // members whose card does not conform
  FlatMap<uint32_t> muted_members_;  // member id -> muted entries (derived, not saved)
  int64_t muted_total_ = 0;
  std::map<uint64_t, Key> timers_;
  std::map<std::string, GroupCounts, std::less<>> counts_;
};

}  // namespace shoal
