#include "analytics/levels.h"

#include <cmath>
#include <cstdio>

namespace shoal::analytics {

namespace {
constexpr std::string_view kMetricNames[kMetricCount] = {"messages", "active_days", "answers",
                                                         "reactions", "invites", "checkins"};

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}
}  // namespace

std::string_view MetricName(int m) { return kMetricNames[m]; }
int MetricFromName(std::string_view name) {
  for (int i = 0; i < kMetricCount; ++i)
    if (kMetricNames[i] == name) return i;
  return -1;
}

void Behaviour::DecayTo(int64_t to_day, double half_life_days) {
  if (to_day <= day) return;
  double f = std::exp2(-static_cast<double>(to_day - day) / half_life_days);
  for (double& x : v) x *= f;
  day = to_day;
}

void Behaviour::Add(int metric, int64_t on_day, double half_life_days, double amount) {
  DecayTo(on_day, half_life_days);
  v[metric] += amount;
}

LevelLadder::LevelLadder() {
  rules_ = {
      {"ordinary", {}, {}},
      {"active", {}, {{kMessages, 10}, {kActiveDays, 3}}},
      {"contributing", {{kActiveDays, 5}}, {{kAnswers, 5}, {kReactions, 20}, {kInvites, 3}, {kCheckins, 10}}},
      {"expert", {{kAnswers, 30}, {kActiveDays, 15}}, {}},
  };
}

void LevelLadder::Read(ConfigSection& s) {
  if (!s.Present()) return;
  half_life_days_ = static_cast<double>(s.Duration("half_life", 30 * kMicrosPerDay, kMicrosPerDay)) / kMicrosPerDay;
  demote_margin_ = s.Number("demote_margin", 0.2, 0, 0.9);
  auto read_mins = [&](ConfigSection& level, const std::string& key, std::vector<std::pair<int, double>>* out) {
    if (!level.Has(key)) return false;
    out->clear();
    ConfigSection mins = level.Child(key);
    if (!mins.node().IsMap()) {
      level.Error(key, "expected a map of metric: minimum", "metrics: messages, active_days, answers, reactions, invites, checkins");
      return true;
    }
    for (const auto& kv : mins.node()) {
      std::string metric = kv.first.as<std::string>();
      if (MetricFromName(metric) < 0) continue;  // Finish() names it with a hint
      out->push_back({MetricFromName(metric), mins.Number(metric, 0, 0)});
    }
    mins.Finish();
    return true;
  };
  for (size_t i = 1; i < rules_.size(); ++i) {
    if (!s.Has(rules_[i].name)) continue;
    ConfigSection level = s.Child(rules_[i].name);
    bool any_given = read_mins(level, "any", &rules_[i].any);
    bool all_given = read_mins(level, "all", &rules_[i].all);
    if (any_given && !all_given) rules_[i].all.clear();
    if (all_given && !any_given) rules_[i].any.clear();
    level.Finish();
  }
}

int LevelLadder::Reached(const Behaviour& b, double scale, std::string* why) const {
  for (int level = static_cast<int>(rules_.size()) - 1; level > 0; --level) {
    const LevelRule& r = rules_[level];
    std::string reason;
    bool ok = true;
    for (const auto& [m, min] : r.all) {
      if (b.v[m] + 1e-9 < min * scale) {
        ok = false;
        break;
      }
      reason += (reason.empty() ? "" : ", ") + std::string(MetricName(m)) + " " + Fmt(b.v[m]) + " >= " + Fmt(min * scale);
    }
    if (!ok) continue;
    if (!r.any.empty()) {
      bool one = false;
      for (const auto& [m, min] : r.any) {
        if (b.v[m] + 1e-9 >= min * scale) {
          reason += (reason.empty() ? "" : ", ") + std::string(MetricName(m)) + " " + Fmt(b.v[m]) + " >= " + Fmt(min * scale);
          one = true;
          break;
        }
      }
      if (!one) continue;
    }
    if (why) *why = r.name + ": " + reason;
    return level;
  }
  if (why) *why = "ordinary: no level's thresholds met";
  return 0;
}

}  // namespace shoal::analytics
