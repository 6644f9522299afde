// Join thresholds per group: every join request is approved or rejected with a
// reason — the group is full, the answer lacks the keywords, the invite code is
// unknown/expired/used up (invite-only groups), the member has not paid (paid
// groups wait for a `conversion` with goal `paid`, then approve), or the member
// is on the tenant's blacklist (moderation rejects those; counted here).
// Optionally a newcomer is on probation (a captcha-style phrase to send within
// a timeout, other messages deleted meanwhile; silence means a kick). A group
// may be announcement-only, paired with a chat group where members talk.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

enum class GateMode : uint8_t { kOpen, kAnswer, kInvite, kPaid };

struct GateRule {
  GateMode mode = GateMode::kOpen;
  std::vector<std::string> keywords;  // answer mode: any one, case-insensitive
  int64_t capacity = 0;               // 0 = the group's configured capacity (0 there = unlimited)
  Micros paid_wait = kMicrosPerDay;   // paid mode: how long a request waits for payment
  std::string pay_hint;               // paid mode DM: {name} {group}
  Micros probation = 0;               // 0 = none
  std::string captcha;                // the phrase to send
  std::string captcha_prompt;         // {name} {captcha} {minutes}
  // An announcement-only group paired with a chat group: members' messages are
  // removed and the member is pointed (once, by DM) to the chat group.
  bool announce_only = false;
  std::string chat;       // the paired chat group
  std::string chat_hint;  // {name} {chat}
};

class Gate final : public Feature {
 public:
  explicit Gate(std::map<std::string, GateRule> rules) : rules_(std::move(rules)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;

  // Whether a newcomer still has to pass the captcha, and until when.
  bool OnProbation(std::string_view group, std::string_view member) const;
  Micros ProbationEnds(std::string_view group, std::string_view member) const;
  // Kicked for failing probation (until they join again): the platform's leave may come later.
  bool FailedProbation(std::string_view group, std::string_view member) const;

 private:
  struct Request {
    std::string group, member;
    Micros ts = 0;
  };
  struct Counts {
    int64_t approved = 0;
    std::map<std::string, int64_t> rejected;  // by reason
    int64_t probation_passed = 0, probation_kicked = 0, probation_deleted = 0, announce_only_deleted = 0;
  };
  void OnRequest(const Event& e, Context& ctx, const GateRule& rule);
  void Decide(Context& ctx, const std::string& request_id, const std::string& group, const std::string& member,
              bool approve, const std::string& reason);
  void OnProbationMessage(const Event& e, Context& ctx, const GateRule& rule);
  void OnAnnounceOnly(const Event& e, Context& ctx, const GateRule& rule);
  int64_t Capacity(const Context& ctx, const std::string& group, const GateRule& rule) const;

  std::map<std::string, GateRule> rules_;
  std::map<std::string, Request> waiting_;            // paid mode: request_id -> request
  std::map<std::string, Micros> probation_;           // "group\nmember" -> deadline
  std::set<std::string> paid_;                        // members with a `paid` conversion
  std::set<std::string> failed_;                      // "group\nmember" kicked at the probation deadline
  std::set<std::string> pointed_;                     // "group\nmember" told where to chat
  std::map<uint64_t, std::pair<bool, std::string>> timers_;  // tag -> (is probation, key)
  uint64_t next_tag_ = 1;
  std::map<std::string, Counts> counts_;               // by group
};

}  // namespace shoal
