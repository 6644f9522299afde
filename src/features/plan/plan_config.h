// The `plan` feature's config: entries (daily slots, cron, one-off dates) and
// month plans imported from CSV/YAML, their targets (group ids, tag:X,
// community:X, all) resolved to this community's groups, templates checked
// against the variables a post may use, delivery mode, pacing and catch-up.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "features/quiz/quiz_bank.h"
#include "schedule/pacing.h"
#include "schedule/recurrence.h"
#include "shoal/feature.h"

namespace shoal {

enum class Delivery : uint8_t {
  kDirect,    // the bot posts (a `send` action)
  kAssisted,  // a human posts: a `task` for the group owner, reminders, `/done`, not-sent report
};

struct PlanEntry {
  std::string id;
  std::string source;  // "shoal.yaml:12" or "march.csv:7": where it was written
  Recurrence when;
  std::vector<uint32_t> groups;  // indices into the community's groups, in config order
  std::string text;
  std::string link;
  Delivery mode = Delivery::kDirect;
  bool skip_if_quiet = false;
  Micros catch_up_limit = 0;
  bool uses_question = false;
};

struct PlanConfig {
  std::vector<PlanEntry> entries;
  std::vector<QuizQuestion> questions;  // the bank behind {question}, asked in order
  PacingConfig pacing;
  std::map<std::string, Micros> platform_gap;  // "qq" -> minimum spacing of sends on that platform
  Micros grace = 5 * kMicrosPerMinute;         // later than this after its time, an occurrence was missed
  std::string command = "/plan";
  std::string done_command = "/done";
  std::map<std::string, std::string> owners;  // group -> member who does assisted sends
  Micros remind_every = 30 * kMicrosPerMinute;
  int64_t reminders = 2;
  Micros task_expire = 6 * kMicrosPerHour;
  int64_t leaderboard_top = 5;
  std::string leaderboard_line = "{rank}. {name} {points}";
  std::string reply, reply_unknown, reminder, not_sent, done_reply;
};

// The variables a post's text may use.
const std::vector<std::string>& PlanTemplateVars();

// The variables that need no live state: group, community, date, time, link, question.
// {members} and {leaderboard} are filled by the caller (the feature from the roster
// and the boards, the calendar preview with markers).
std::map<std::string, std::string, std::less<>> StaticPostVars(const PlanEntry& e, const GroupConfig& g,
                                                                const CommunityConfig& c, const TimeZone& zone,
                                                                Micros occurrence, const std::string& question);

// Reads and checks the section for one community (env.community); problems go to
// the section's diagnostics (imported rows with their own file:line). Null on errors.
std::unique_ptr<PlanConfig> ReadPlanConfig(ConfigSection& s, const FeatureEnv& env);

}  // namespace shoal
