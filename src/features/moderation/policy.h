// A community's moderation policy, read from its merged `features.moderation` section:
// thresholds, the two action ladders (ads: removed without exception; other rules:
// warn → mute … → kick), strikes and their expiry, role exemptions, dry run, and the
// settings of the flood, duplicate and probation detectors.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "moderation/content_checker.h"
#include "moderation/detectors/flood.h"
#include "moderation/detectors/near_dup.h"
#include "shoal/config.h"

namespace shoal {

struct LadderStep {
  bool warn = false;       // send the warning template to the group
  Micros mute = 0;         // mute for this long
  bool kick = false;
  bool ban = false;        // kick and refuse re-entry to this group
  bool blacklist = false;  // ban in every group of the tenant, now and on any future join
  std::string Describe() const;
};

struct ProbationConfig {
  bool enabled = true;
  Micros window = 24 * kMicrosPerHour;  // a member who joined less than this long ago …
  int64_t messages = 3;                 // … and has sent at most this many messages here
  double threshold = 0.5;               // is removed for ad signals from this score on
};

struct Policy {
  bool enabled = true;
  bool dry_run = false;  // decide and record, act on nothing
  double threshold = 0.9;
  std::vector<LadderStep> ad_ladder;    // reasons ad:*, dup:*
  std::vector<LadderStep> rule_ladder;  // flood, keyword, regex
  Micros strike_expiry = 30 * kMicrosPerDay;
  // A member muted by staff on the platform takes a strike on the rule ladder, so Shoal's next
  // step for them is the one after (off by default: staff may mute for reasons Shoal never sees).
  bool staff_mutes_count = false;
  std::string warn_text;
  std::vector<std::string> exempt_roles;     // from flood, keywords and regexes: staff, owner, admin, kol
  std::vector<std::string> ad_exempt_roles;  // from the ad rule (default: nobody)
  FloodConfig flood;
  ProbationConfig probation;
  std::shared_ptr<ContentChecker> checker;
};

// Reads a section into *policy; problems are reported through the section. Also returns the
// tenant-wide settings (duplicates, model path) when dup/model are non-null.
void ReadPolicy(ConfigSection& s, Policy* policy, DupConfig* dup, std::string* model_path);

// Substitutes {name}, {member}, {reason}, {strikes} in an operator's template.
std::string FillTemplate(const std::string& tmpl, const std::string& name, const std::string& member,
                         const std::string& reason, int64_t strikes);

}  // namespace shoal
