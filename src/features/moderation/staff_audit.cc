// Moderation done on the platform, in the moderation audit: staff mutes, recalls and removals
// become staff decisions beside the automatic ones (the dashboard queue shows both), and a
// recall of a message Shoal decided on confirms that it is gone. Shoal's own deletes and mutes
// coming back (by_self) are already audited as the decisions that caused them: they only
// confirm, never add a decision.
#include "features/moderation/moderation.h"
#include "shoal/staff_event.h"

namespace shoal {

namespace {

std::string MuteWords(int64_t seconds) {
  if (seconds == kMuteUntilLifted) return "mute until lifted";
  return "mute " + std::to_string(seconds) + "s";
}

}  // namespace

void Moderation::ConfirmRemoved(const std::string& group, const std::string& msg_id) {
  // Newest first: a message is decided on once, soon after it is posted.
  for (auto it = audit_.rbegin(); it != audit_.rend(); ++it) {
    if (it->staff || it->removed || it->group != group || it->msg_id != msg_id) continue;
    it->removed = true;
    ++confirmed_removed_;
  }
}

void Moderation::OnStaffEvent(const Event& e, const Policy& p, const std::string& community) {
  StaffAct act;
  std::string what, actions;
  if (e.type == EventType::kLeave) {
    act = ReadRemoval(e);
    if (act.by.empty() || act.by_self) return;  // left on their own, or Shoal's own kick
    what = act.ban ? "ban" : "kick";
    actions = what;
  } else {
    if (!ParseStaffEvent(e, &act, nullptr)) return;  // validated at ingest; never reached for logged events
    if (e.type == EventType::kRecall) {
      if (!e.msg_id.empty()) ConfirmRemoved(e.group, e.msg_id);
      if (act.by_self) return;
      if (act.by == e.member) {  // the author took it back: nobody moderated
        ++author_recalls_;
        return;
      }
      what = "recall";
      actions = "recall";
    } else {
      if (act.by_self) return;
      const bool lifted = act.seconds == 0;
      what = act.whole ? (lifted ? "whole_unmute" : "whole_mute") : (lifted ? "unmute" : "mute");
      actions = act.whole ? (lifted ? "whole-group unmute" : "whole-group mute") : lifted ? "unmute" : MuteWords(act.seconds);
      if (!act.whole && !lifted && p.staff_mutes_count && !p.dry_run)
        AddStrike(community + "\n" + e.member + "\nrule", e.ts.utc, p.strike_expiry);
    }
  }
  Decision d = NewDecision(e, /*score=*/1.0, "staff:" + what, "staff:" + act.by);  // a person's decision: certain
  d.actions = std::move(actions);
  d.staff = true;
  d.by = act.by;
  d.removed = e.type == EventType::kRecall;
  ++staff_decisions_;
  Keep(std::move(d));
}

}  // namespace shoal
