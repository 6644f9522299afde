// Moderation done on the platform, as canonical events: a message removed (`recall`), a member
// or the whole group muted or unmuted (`restrict`), a member removed by someone else (`leave`
// with `by`). Adapters write them from the platform's notices; the engine reads who acted.
//   {"type":"recall","ts":"…","group":"qq:1","member":"qq:7","msg_id":"99","by":"qq:2"}
//   {"type":"restrict","ts":"…","group":"qq:1","member":"qq:7","seconds":600,"by":"qq:2"}
//   {"type":"restrict","ts":"…","group":"qq:1","seconds":-1,"by":"qq:2","whole":true}
//   {"type":"leave","ts":"…","group":"tg:-1001","member":"tg:7","by":"tg:2","ban":true}
// recall: `group`, `msg_id` and `by` (who removed it) are required; `member` is the author
// when the platform says (by == member: the author took it back).
// restrict: `group`, `seconds` and `by` are required. `seconds` > 0 is a timed mute, 0 lifts
// the mute, -1 is a mute with no end (until lifted). `member` names who; a whole-group mute
// names no member and says "whole":true instead (either one, never both, never neither).
// Both: "by_self":true when `by` is the adapter's own account, i.e. Shoal's own delete or
// mute coming back (features count those apart from what people did).
// leave: optional `by` (removed by this account; absent or the member = left on their own),
// "ban":true (removed and barred from rejoining) and "by_self". Read leniently: a leave is
// valid without them, and a malformed one reads as absent.
#pragma once
#include <cstdint>
#include <string>

#include "shoal/event.h"

namespace shoal {

// What a recall, restrict or leave says about who acted.
struct StaffAct {
  std::string by;        // the account that acted ("" for a leave nobody caused)
  bool by_self = false;  // `by` is the adapter's own (bot) account
  int64_t seconds = 0;   // restrict: >0 timed, 0 lifted, -1 no end
  bool whole = false;    // restrict: the whole group
  bool ban = false;      // leave: barred from rejoining
};

constexpr int64_t kMuteUntilLifted = -1;
// Longest timed mute a restrict may state (ten years; Telegram's "forever" is -1 instead).
constexpr int64_t kMaxRestrictSeconds = 10LL * 366 * 24 * 3600;

// Reads and checks a recall's or restrict's fields; false with *err naming the field when
// one is missing or bad. `out` may be null (validation only).
bool ParseStaffEvent(const Event& e, StaffAct* out, EventError* err);

// A leave's removal fields; a malformed `by` or `ban` reads as absent (leaves were valid
// before these fields existed, and stay so).
StaffAct ReadRemoval(const Event& e);

// The extra members an adapter writes for a recall (by, by_self) or restrict (seconds, by,
// whole, by_self) or a removal leave (by, ban, by_self), in that order, without braces.
std::string RecallExtra(const std::string& by, bool by_self);
std::string RestrictExtra(int64_t seconds, const std::string& by, bool whole, bool by_self);
std::string RemovalExtra(const std::string& by, bool ban, bool by_self);

}  // namespace shoal
