// The points ledger: every change to a member's points is one entry
// {member, group, delta, reason, ts, ref}; balances are the sum of entries.
// Earns points for messages under per-community rules (cooldown, daily cap,
// minimum length, excluded groups and roles) and is the one API other features
// credit through: ctx.Find<PointsLedger>("points")->Credit(...).
#pragma once
#include <map>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "shoal/feature.h"
#include "shoal/roster.h"

namespace shoal {

struct LedgerEntry {
  std::string member;
  std::string group;  // where it was earned ("" for community-wide credits)
  int64_t delta = 0;
  std::string reason;  // message, checkin, invite, quiz, answer, redpacket, prize, manual, …
  Micros ts = 0;
  std::string ref;  // what caused it: msg_id, packet id, period, …
  // Dense per-ledger member number (order of first appearance): lets boards
  // follow members without hashing their ids again.
  uint32_t member_index = 0;
};

enum class CreditStatus { kOk, kZero, kOverflow, kInsufficient };
std::string_view CreditStatusName(CreditStatus s);

struct MessageRule {
  int64_t points = 1;
  Micros cooldown = 60 * kMicrosPerSecond;
  int64_t daily_cap = 20;  // message points per member per local day
  int64_t min_length = 2;  // characters (code points) after trimming
};

struct PointsRules {
  MessageRule message;
  bool message_enabled = true;
  int64_t invite_points = 0;     // to the inviter when a join names them in `via`; 0 = off
  int64_t invite_daily_cap = 0;  // invite points per inviter per local day
  std::set<std::string, std::less<>> exclude_groups;
  std::set<Role> exclude_roles;
  bool exclude_staff = true;
  int64_t max_balance = 1'000'000'000'000;  // a credit past this is refused (overflow guard)
  std::vector<std::string> balance_keywords;
  std::string balance_reply;
  std::string adjust_command;  // staff: "<cmd> <member> <+/-points> [note]"
  std::string adjust_reply;
  std::string adjust_refused;
};

class PointsLedger final : public Feature {
 public:
  PointsLedger(PointsRules rules, std::shared_ptr<const TimeZone> zone) : rules_(std::move(rules)), zone_(std::move(zone)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

  // Appends one entry and moves the balance, or refuses (no entry) when the
  // delta is zero, would pass max_balance / overflow, or (unless allow_negative)
  // would take the balance below zero.
  CreditStatus Credit(Micros ts, std::string_view group, std::string_view member, int64_t delta,
                      std::string_view reason, std::string_view ref, bool allow_negative = false);
  int64_t Balance(std::string_view member) const;
  // Entries in order; leaderboards follow them by index.
  const std::vector<LedgerEntry>& entries() const { return entries_; }
  // A member's entries (indexes into entries()), oldest first.
  const std::vector<uint32_t>* History(std::string_view member) const;
  int64_t refused() const { return refused_; }

 private:
  struct MemberPoints {
    int64_t balance = 0;
    Micros last_award = INT64_MIN / 2;  // last message award
    int64_t award_day = INT64_MIN;      // local day of day_points
    int64_t day_points = 0;
    std::vector<uint32_t> history;
  };
  void OnMessage(const Event& e, Context& ctx);
  void OnInvite(const Event& e, Context& ctx);
  bool HandleCommand(const Event& e, Context& ctx);

  PointsRules rules_;
  std::shared_ptr<const TimeZone> zone_;
  std::vector<LedgerEntry> entries_;
  // Members by dense id (the order they first appeared): the id is also each
  // entry's member_index. Save writes them in id order, so Load rebuilds the same ids.
  MemberPoints* FindMember(std::string_view member);
  const MemberPoints* FindMember(std::string_view member) const;
  MemberPoints& UpsertMember(std::string_view member);
  std::vector<uint32_t> SortedMembers() const;  // ids sorted by member id string
  Interner ids_;
  std::vector<MemberPoints> members_;
  int64_t refused_ = 0;
  // Invitees already credited to someone: a member leaving and rejoining earns nothing twice.
  std::set<std::string, std::less<>> invited_;
  std::map<std::string, std::pair<int64_t, int64_t>> invite_day_;  // inviter -> (local day, points that day)
};

// UTF-8 code points in s (invalid bytes count one each).
int64_t CountCodePoints(std::string_view s);

}  // namespace shoal
