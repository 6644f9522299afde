// Member stratification: ordinary → active → contributing → expert, from
// behaviour counters that decay with a half-life (so a level reflects recent
// behaviour). Promotion is immediate; demotion happens only on a weekly cadence
// and only when the member falls a margin below the level's thresholds.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shoal/config.h"

namespace shoal::analytics {

enum Metric : int { kMessages, kActiveDays, kAnswers, kReactions, kInvites, kCheckins, kMetricCount };
std::string_view MetricName(int m);
int MetricFromName(std::string_view name);  // -1 when unknown

// Decayed behaviour counts, valid as of `day`.
struct Behaviour {
  std::array<double, kMetricCount> v{};
  int64_t day = 0;
  void DecayTo(int64_t to_day, double half_life_days);
  void Add(int metric, int64_t on_day, double half_life_days, double amount = 1);
};

struct LevelRule {
  std::string name;
  std::vector<std::pair<int, double>> all;  // every one of these minimums
  std::vector<std::pair<int, double>> any;  // and (when listed) at least one of these
};

class LevelLadder {
 public:
  // Defaults: active, contributing, expert (ordinary needs nothing).
  LevelLadder();
  // Reads `levels:`; problems go to the section's diagnostics.
  void Read(ConfigSection& section);

  // Highest level whose thresholds (scaled by `scale`) hold; *why explains it.
  int Reached(const Behaviour& b, double scale, std::string* why) const;
  const std::vector<LevelRule>& rules() const { return rules_; }
  double half_life_days() const { return half_life_days_; }
  double demote_margin() const { return demote_margin_; }
  std::string_view Name(int level) const { return rules_[level].name; }

 private:
  std::vector<LevelRule> rules_;  // rules_[0] is ordinary
  double half_life_days_ = 30;
  double demote_margin_ = 0.2;
};

}  // namespace shoal::analytics
