// The `analytics:` config section: thresholds, level ladder, tag and segment
// rules, funnels, warning alerts and the weekly digest. Parsed and checked once
// at load; rule syntax errors are reported with the rule's file:line:column.
#pragma once
#include <string>
#include <vector>

#include "analytics/levels.h"
#include "analytics/lifecycle.h"
#include "analytics/rule.h"
#include "shoal/config.h"

namespace shoal::analytics {

struct NamedRule {
  std::string name;
  Rule rule;
};

struct Funnel {
  std::string name;
  std::vector<std::string> steps;  // "join" or a conversion goal
};

struct AnalyticsConfig {
  std::vector<std::string> group_ids;  // the community's groups, config order
  double top_fraction = 0.2;
  std::vector<std::string> question_markers{"?", "？", "吗", "怎么", "如何"};
  std::vector<std::string> checkin_words{"签到", "打卡", "check in", "checkin"};
  int64_t recent_messages = 20000;  // msg ids remembered for answers and reactions
  LifecycleRules lifecycle;
  LevelLadder levels;
  std::vector<NamedRule> tags;      // rule tags, evaluated in order (later rules may use earlier tags)
  std::vector<std::pair<std::string, std::vector<std::string>>> manual_tags;  // tag -> members
  std::vector<NamedRule> segments;
  std::vector<Funnel> funnels;
  // Warning alert: a `send` to a staff group when a group starts to look like it will go quiet.
  std::string alert_group;
  std::string alert_text = "⚠ {group} may go quiet: {signals}";
  // Weekly digest: a `send` to a staff group.
  std::string digest_group;
  int digest_weekday = 1;      // ISO: 1 = Monday
  int digest_minute = 9 * 60;  // local
  std::string digest_text =
      "Weekly digest {week}: {members} members (+{new}/-{left}), {messages} messages, {speakers} speakers, "
      "{share_spoke_7d} spoke; dying groups: {dying}";
  int64_t report_profiles = 100;  // profiles printed in the report (first seen first)
  int64_t report_sample = 20;     // members listed per segment
  int64_t cohort_weeks = 12;
};

// Fields a tag or segment rule may use (besides converted_<goal> and tag_<name>).
bool IsProfileField(std::string_view name);

// Null when the section has errors (already reported through it).
std::shared_ptr<const AnalyticsConfig> ReadAnalyticsConfig(ConfigSection& section, const CommunityConfig* community);

}  // namespace shoal::analytics
