// Deterministic community history generator: members with heavy-tailed
// activity (a few talk a lot, most lurk), joins through invite codes and
// inviters, leaves, daily check-ins, advertisers posting the same ad in several
// groups, questions and answers, conversions. Same options => same bytes.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "shoal/event.h"

namespace shoal {

struct SimGroup {
  std::string id;
  std::string name;
};

struct SimOptions {
  uint64_t seed = 1;
  int groups = 5;          // used when group_ids is empty
  int members = 500;       // distinct people
  int days = 30;
  std::string start_day = "2026-01-05";  // local date of day 0
  int utc_offset_minutes = 480;          // +08:00
  std::vector<std::string> group_ids;    // from a config; generated "qq:<n>" when empty
  std::vector<std::string> staff;        // staff member ids (post announcements, answer questions)
  double advertiser_share = 0.01;        // fraction of members that are advertisers
  double checkin_share = 0.3;            // fraction that check in most days
  double daily_leave_rate = 0.002;
  double lang_en_share = 0.3;            // share of members writing English
};

struct SimStats {
  uint64_t events = 0, messages = 0, joins = 0, leaves = 0, ads = 0, checkins = 0, questions = 0,
           conversions = 0;
};

// Calls sink with each event in time order.
SimStats Simulate(const SimOptions& options, const std::function<void(const Event&)>& sink);

}  // namespace shoal
