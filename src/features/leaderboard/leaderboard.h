// Leaderboards over the points ledger: day / week / month / season / all-time
// boards per group and per community with dense ranks, the "my rank" reply,
// the scheduled points wall (top N posted at a local time) and prize payouts to
// the top ranks when a period ends, credited through the ledger.
// Boards follow the ledger by entry index (Sync), so every credit from any
// feature lands on them exactly once.
#pragma once
#include <array>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "features/leaderboard/board.h"
#include "features/leaderboard/periods.h"
#include "features/points/points_ledger.h"
#include "shoal/feature.h"

namespace shoal {

struct PrizeRule {
  Period period = Period::kWeek;
  std::vector<int64_t> points;  // by dense rank: points[0] to rank 1, …
};

struct LeaderboardConfig {
  std::array<bool, kPeriodCount> periods{true, true, true, false, true};
  std::vector<std::string> rank_keywords;
  Period rank_period = Period::kWeek;
  bool rank_in_group = false;  // "my rank" on the group's board rather than the community's
  std::string rank_reply, rank_none;
  int wall_minute = -1;  // local minute of day; -1 = no wall
  Period wall_period = Period::kDay;
  int64_t wall_top = 10;
  bool wall_per_group = true;
  std::string wall_header, wall_line;
  std::vector<PrizeRule> prizes;
  std::string prize_announce;
};

class Leaderboard final : public Feature {
 public:
  Leaderboard(LeaderboardConfig cfg, std::shared_ptr<const TimeZone> zone) : cfg_(std::move(cfg)), zone_(std::move(zone)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

  // Brings the boards up to date with the ledger; queries below assume it.
  void Sync(const PointsLedger& ledger);
  // The board of `period` containing `at` ("" group = the community's); null when empty.
  const Board* Find(Period period, Micros at, const std::string& group) const;
  // Board member ids ↔ member ids ("qq:7"); kNoBoardMember when never on a board.
  static constexpr BoardMember kNoBoardMember = UINT32_MAX;
  BoardMember MemberIndex(std::string_view member) const;
  const std::string& MemberName(BoardMember m) const { return names_[m]; }

 private:
  using Key = std::tuple<int, int64_t, std::string>;  // (period, period id, group or "")
  void Arm(Context& ctx);
  void ScheduleWall(Context& ctx, Micros after);
  void PostWall(Context& ctx);
  void PayPrizes(const PrizeRule& rule, int64_t period_id, Context& ctx);
  void AddToBoards(const LedgerEntry& en);
  std::string Lines(const Board& board, int64_t top, Context& ctx) const;
  BoardMember Intern(const LedgerEntry& en);
  int64_t LocalDay(Micros utc) const;  // cached per local day: zone lookups are the slow part
  std::array<Board*, kPeriodCount>& HotBoards(const std::string& group, const std::array<int64_t, kPeriodCount>& ids);

  LeaderboardConfig cfg_;
  std::shared_ptr<const TimeZone> zone_;
  std::map<Key, Board> boards_;
  std::array<int64_t, kPeriodCount> current_{};  // newest period id seen per kind
  uint64_t cursor_ = 0;                          // ledger entries already on the boards
  std::vector<std::string> names_;               // board member id (the ledger's member_index) -> member
  std::unordered_map<std::string, BoardMember> index_;
  // Derived caches, rebuilt on demand (not snapshotted): the local day range last
  // looked up, and the running period's boards per group ("" = community).
  mutable Micros day_from_ = 1, day_to_ = 0;
  mutable int64_t day_ = 0;
  std::unordered_map<std::string, std::array<Board*, kPeriodCount>> hot_;
  bool armed_ = false;
  std::map<std::string, int64_t> paid_;  // "week:2026-01-05~" -> points paid
};

}  // namespace shoal
