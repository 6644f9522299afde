// Daily check-in: a keyword once per local calendar day (the community's time
// zone), streaks, reward bands (fixed or drawn with probabilities from the
// deterministic Rng), streak bonuses, make-up cards for one missed day, a reply
// with today's rank and the streak, and a monthly check-in board in Report.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

struct RewardBand {
  int64_t points = 0;
  double chance = 1;
};

struct CheckinConfig {
  std::vector<std::string> keywords;
  std::vector<RewardBand> bands;  // one band = fixed reward
  std::map<int64_t, int64_t> streak_bonus;  // streak days -> bonus points
  std::vector<std::string> makeup_keywords;
  int64_t card_every = 0;  // a make-up card per this many check-ins (0 = none)
  int64_t start_cards = 0;
  std::string reply, reply_again, reply_makeup, reply_makeup_denied;
};

// Picks a band for a uniform draw u in [0,1): cumulative chances, last band catches rounding.
int64_t PickReward(const std::vector<RewardBand>& bands, double u);

class Checkin final : public Feature {
 public:
  Checkin(CheckinConfig cfg, std::shared_ptr<const TimeZone> zone) : cfg_(std::move(cfg)), zone_(std::move(zone)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

  // The local day (days since 1970-01-01) of the member's last check-in; nullopt when never.
  std::optional<int64_t> LastDay(std::string_view member) const;

 private:
  struct MemberState {
    int64_t last_day = INT64_MIN / 2;
    int64_t streak = 0;
    int64_t best = 0;
    int64_t total = 0;
    int64_t cards = 0;
  };
  void DoCheckin(const Event& e, Context& ctx, int64_t day);
  void DoMakeup(const Event& e, Context& ctx, int64_t day);
  MemberState& Member(const std::string& id);

  CheckinConfig cfg_;
  std::shared_ptr<const TimeZone> zone_;
  std::map<std::string, MemberState, std::less<>> members_;
  int64_t today_ = INT64_MIN;  // local day of today_count_
  int64_t today_count_ = 0;
  std::map<int64_t, std::map<std::string, int64_t>> months_;  // month index -> member -> days
  int64_t repeats_ = 0;  // check-ins refused as a second one that day
};

}  // namespace shoal
