// The `invite` operator event: create, change or revoke an invite code at run
// time, logged like any other event so replay and restart rebuild the same codes.
//   {"type":"invite","ts":"…","code":"partner-x","channel":"partner","group":"qq:1",
//    "member":"qq:7","uses":100,"expires":"2026-02-01T00:00:00+08:00"}
//   {"type":"invite","ts":"…","code":"partner-x","revoke":true}
// `group` (optional) is the group the code leads to, `member` (optional) the
// member credited as inviter, `uses` 0 = unlimited, no `expires` = never.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "shoal/event.h"

namespace shoal {

struct InviteSpec {
  std::string code;
  std::string channel;  // defaults to the code
  std::string group;    // "" = any group
  std::string owner;    // "" = an operator's code
  int64_t uses = 0;     // 0 = unlimited
  Micros expires = 0;   // 0 = never
  bool revoke = false;
};

// An invite code: 1-64 ASCII letters, digits, '-', '_' or '.' (never a ':' so it
// cannot be mistaken for a member id in a join's `via`).
bool IsInviteCode(std::string_view code);

// Reads an invite event's fields; false with *err naming the field when one is bad.
bool ParseInviteEvent(const Event& e, InviteSpec* out, EventError* err);

// A fresh unguessable code (libsodium randomness) for codes made outside the
// engine (CLI, API): personal links must not be enumerable by fraudsters.
std::string RandomInviteCode();

// The JSON line of an invite event (what `shoal invite create` prints).
std::string InviteEventJson(const InviteSpec& spec, const Timestamp& ts);

}  // namespace shoal
