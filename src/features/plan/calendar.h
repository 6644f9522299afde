// The plan as a calendar: every post the config's plans would make between two
// local dates, per occurrence and target group, with the text rendered as far
// as it can be without live state ({members} and {leaderboard} show as
// [members] and [leaderboard]; questions are taken from the bank in order, as
// a fresh plan would). Used by `shoal plan show` and GET /v1/plans/calendar.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "features/plan/plan_config.h"

namespace shoal {

struct PlannedPost {
  Timestamp at;  // the occurrence in the community's zone (sends spread from here)
  std::string community;
  std::string entry;
  std::string source;  // where the entry was written (file:line)
  Delivery mode = Delivery::kDirect;
  std::string group;
  std::string group_name;
  std::string text;
  Micros spread = 0;  // the sends to many groups go out over this window (plus jitter)
};

// Posts in local days [from_day, to_day] (inclusive), sorted by time, community, entry, group.
// False (with diagnostics) when a plan section has errors.
bool PlanCalendar(const Config& cfg, int64_t from_day, int64_t to_day, std::vector<PlannedPost>* out,
                  Diagnostics* diag);

// One post as JSON: time, community, entry, source, mode, group, group_name, text, spread_seconds.
nlohmann::json PlannedPostJson(const PlannedPost& p);

}  // namespace shoal
