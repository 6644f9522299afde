// The always-on `analytics` feature (community scope): incremental per-group and
// per-community numbers (members, messages, speakers, DAU/WAU/MAU, shares who
// spoke), concentration, join-week retention, churn by channel, lifecycle stage
// and quiet-group warnings, member levels, CRM profiles with tags and segments,
// conversion funnels, a weekly digest, and moderation done on the platform (staff mutes,
// recalls, removals per group and per staff account; recalled messages leave the message
// counts). Staff never count as members.
// Every event costs O(1) amortised (O(log n) map updates); reports do the rest.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "analytics/analytics_config.h"
#include "analytics/levels.h"
#include "analytics/lifecycle.h"
#include "shoal/feature.h"

namespace shoal::analytics {

constexpr int32_t kNever = INT32_MIN;

struct Conversion {
  std::string goal;
  double value = 0;
  Micros ts = 0;
  std::string campaign;
};

struct MemberState {
  std::string id, name;
  std::string channel;   // first via in this community ("" = none)
  std::string inviter;   // via, when it names a known member (an invitation)
  Micros first_joined = 0;
  int32_t cohort_week = kNever;
  int32_t left_week = kNever;  // week the member last left every group; kNever while present
  int32_t groups_present = 0;
  int32_t last_active_day = kNever;
  int64_t messages = 0, active_days = 0, answers = 0, reactions = 0, invites = 0, checkins = 0;
  uint64_t weeks_spoken = 0;  // bit k: spoke in week cohort_week + k (first 64 weeks)
  Behaviour behaviour;
  int32_t level = 0;
  std::string level_reason;
  int32_t level_day = kNever;
  std::vector<Conversion> conversions;
};

struct MembershipState {
  int32_t join_day = kNever;
  int32_t last_spoke_day = kNever;
  int64_t messages = 0;
  bool present = false;
  bool left = false;  // left at least once (a message then does not imply presence)
  bool spoke_since_join = false;
};

struct DayTotals {
  int64_t messages = 0, speakers = 0, joins = 0, leaves = 0, reactions = 0;
  int64_t new_members = 0, left_members = 0, groups_with_messages = 0;
  int64_t members_end = 0;  // members present at the last event of the day
};

// Moderation people did on the platform (shoal/staff_event.h), per group or per staff account.
// Shoal's own deletes and mutes coming back (by_self) are not counted: they are the bot's.
struct StaffCounts {
  int64_t mutes = 0, unmutes = 0, whole_mutes = 0, whole_unmutes = 0, recalls = 0, kicks = 0, bans = 0;
};

struct GroupState {
  std::string id;
  int32_t first_day = kNever;
  int64_t members = 0;            // non-staff present
  int64_t spoke_since_join = 0;   // present members who spoke since their latest join
  int64_t messages = 0, staff_messages = 0;
  int64_t recalled = 0;           // member messages taken back or removed (no longer in `messages`)
  DailySeries days;               // lifecycle input
  std::map<int64_t, int64_t> reactions_by_day;
  std::map<int32_t, int64_t> last_spoke;  // day -> members whose latest message here was that day
  bool warned = false;
};

class Analytics final : public Feature {
 public:
  Analytics(std::shared_ptr<const AnalyticsConfig> config, std::shared_ptr<const TimeZone> zone);

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;
  // Lookup("analytics", member id): the member's Profile (GET /v1/members/{id}); false when unknown.
  // Lookup("@summary"): as_of, community totals, stages and warnings (the dashboard overview);
  // "@groups": those plus each group's health. Both are slices of Report(), without the members.
  bool Lookup(std::string_view key, nlohmann::json& out) const override;

  // CRM read side, for the API and for other features (scheduler, campaigns).
  bool Profile(std::string_view member, nlohmann::json& out) const;
  // Members (ids, sorted) matching a configured segment; empty for an unknown name.
  std::vector<std::string> SegmentMembers(std::string_view segment) const;
  std::vector<std::string> Tags(std::string_view member) const;
  int32_t now_day() const { return now_day_; }

 private:
  // event handling (analytics.cc)
  MemberState& Touch(const Event& e);
  void Arrive(int gi, uint32_t mi, MembershipState& ms, int32_t day, const std::string& via, bool via_is_member, Micros ts);
  std::string ChannelKey(const MemberState& m) const;
  void OnMessage(const Event& e, int gi, int32_t day);
  void OnConversion(const Event& e, Context& ctx);
  // recall, restrict and removal leaves (moderation_counts.cc); true when the event is done with.
  bool OnStaffAct(const Event& e, int gi);
  void OnRecall(const Event& e, int gi);
  void StaffJson(nlohmann::json& out) const;
  void Attribute(uint32_t mi);
  void Promote(MemberState& m, int32_t day);
  void Rollover(int32_t day, Context& ctx);
  void ScheduleDigest(Context& ctx);
  int GroupIndex(std::string_view id) const;
  int32_t Week(int32_t day) const { return (day + 3) / 7; }
  static uint64_t Key(int gi, uint32_t mi) { return (static_cast<uint64_t>(gi) << 32) | mi; }
  static void Shift(std::map<int32_t, int64_t>& last, int32_t from, int32_t to);
  static int64_t Within(const std::map<int32_t, int64_t>& last, int32_t from, int32_t to);

  // read side (analytics_report.cc, profile.cc)
  void HealthJson(nlohmann::json& out, bool with_groups) const;  // Report()'s health part
  void GroupJson(const GroupState& g, nlohmann::json& out) const;
  void CommunityJson(nlohmann::json& out) const;
  void RetentionJson(nlohmann::json& out) const;
  void ConversionsJson(nlohmann::json& out) const;
  void LevelsJson(nlohmann::json& out) const;
  void CrmJson(nlohmann::json& out) const;
  RuleValue Field(const MemberState& m, std::string_view name, const std::vector<std::string>& tags) const;
  std::vector<std::string> TagsOf(const MemberState& m) const;
  void ProfileJson(const MemberState& m, nlohmann::json& out) const;
  std::string DigestText() const;

  std::shared_ptr<const AnalyticsConfig> cfg_;
  std::shared_ptr<const TimeZone> zone_;
  int32_t now_day_ = kNever;

  std::vector<MemberState> members_;  // first-seen order (deterministic)
  std::unordered_map<std::string, uint32_t> member_index_;
  std::unordered_map<uint64_t, MembershipState> memberships_;  // (group index, member index)
  std::vector<GroupState> groups_;                             // config order
  std::unordered_map<std::string, int> group_index_;           // from the config, not state
  std::map<int32_t, DayTotals> days_;                          // community, per local day
  std::map<int32_t, int64_t> last_active_;                     // community: day -> members last active that day
  int64_t members_present_ = 0;
  int64_t staff_messages_ = 0;
  struct Churn {
    int64_t joins = 0, leaves = 0, present = 0;
  };
  std::map<std::string, Churn> churn_;  // by channel

  // Recent messages, to credit answers (replies to questions) and reactions to their author.
  struct Recent {
    uint32_t author;
    bool question;
    int32_t day = kNever;   // when it was posted (kNever: from a snapshot older than recalls)
    bool recalled = false;  // already taken out of the counts
  };
  std::unordered_map<uint64_t, Recent> recent_;
  std::deque<uint64_t> recent_order_;

  std::map<std::string, std::vector<Conversion>> pending_;  // member -> conversions not yet attributable
  int64_t conversions_elsewhere_ = 0;  // conversions of members of other communities (theirs to count)
  Micros digest_due_ = 0;             // 0 = not scheduled
  int64_t digests_sent_ = 0;
  std::map<std::string, StaffCounts> staff_by_group_, staff_by_member_;  // by group id, by `by`
};

}  // namespace shoal::analytics
