// Invite codes and attribution (tenant scope, runs before the other growth
// features). Codes come from the config (one per channel: a poster, a forum, a
// partner), from members (`/invite` gives each member a personal code by DM) and
// from operators at run time (`invite` events). Every join's `via` is resolved
// to a channel and an inviter, recorded once per member and never overwritten by
// a later rejoin; codes past their expiry or use limit, and vias that name
// nothing (no code, no member the roster has seen), still record the join (nothing is lost) but credit nobody, and staff
// hear about each once. Report: every code, and per channel joins, stayed 7
// days, spoke, converted.
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "growth/invite_event.h"
#include "growth/string_map.h"
#include "shoal/feature.h"

namespace shoal {

enum class CodeStatus { kOk, kUnknown, kExpired, kUsedUp, kRevoked, kWrongGroup };
std::string_view CodeStatusName(CodeStatus s);

struct InviteConfig {
  std::string link = "{code}";  // link template; {code}
  struct Code {
    InviteSpec spec;
    std::string link;  // a fixed link (e.g. a platform's own invite link) instead of the template
  };
  std::vector<Code> codes;
  std::string command = "/invite";  // a member asks for their personal code
  std::string reply;                 // DM: {name} {code} {link} {joined}
  int64_t member_uses = 0;           // per member code, 0 = unlimited
  Micros member_expire = 0;          // from creation, 0 = never
  std::string unknown_alert;         // {via} {group} {member}
  std::string refused_alert;         // {code} {channel} {why} {group}
};

// Where a member came from: fixed at their first join.
struct Attribution {
  std::string channel;  // the code's channel, "(invited)" for a member's invitation, "(direct)", "(unknown)"
  std::string code;     // the code used, "" when via named a member or nothing
  std::string via;      // as the join event wrote it
  std::string inviter;  // the member credited, "" for none
  std::string group;    // first group joined
  Micros joined = 0;
  Micros left = 0;  // first time they left that group, 0 = never
  bool counted = true;  // the code was valid: campaigns may count this invitation
  bool spoke = false;
  bool converted = false, paid = false;
};

class Invite final : public Feature {
 public:
  explicit Invite(InviteConfig cfg);

  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool Lookup(std::string_view code, nlohmann::json& out) const override { return Describe(code, now_, out); }

  // Whether `code` admits someone to `group` at `now` (group "" = any).
  CodeStatus Check(std::string_view code, std::string_view group, Micros now) const;
  const Attribution* FindMember(std::string_view member) const;
  std::string LinkFor(std::string_view code) const;
  // A code made by another feature (a one-use core-group invitation, a migration
  // link); the code is derived from `salt`, so a replay issues the same one.
  std::string Issue(Context& ctx, const std::string& channel, const std::string& group, const std::string& owner,
                    int64_t uses, Micros expires, std::string_view salt);
  // One code's details for the API and CLI; false when unknown.
  bool Describe(std::string_view code, Micros now, nlohmann::json& out) const;

 private:
  enum Source : uint8_t { kConfig = 0, kMember = 1, kRuntime = 2 };
  struct CodeState {
    InviteSpec spec;  // spec.code is the key
    std::string link;
    Source source = kConfig;
    Micros created = 0;
    int64_t uses = 0;     // joins that counted
    int64_t refused = 0;  // joins after expiry, past the limit, revoked or into another group
    std::set<std::string> alerted;  // statuses staff were told about
  };
  void OnJoin(const Event& e, Context& ctx);
  void OnInviteEvent(const Event& e, Context& ctx);
  bool OnCommand(const Event& e, Context& ctx);
  std::string MemberCode(Context& ctx, const std::string& member);
  std::string FreshCode(Context& ctx, std::string_view prefix, std::string_view salt) const;

  InviteConfig cfg_;
  std::map<std::string, CodeState, std::less<>> codes_;
  std::map<std::string, std::string, std::less<>> member_code_;  // member -> personal code
  StringMap<Attribution> members_;  // looked up on every message
  std::map<std::string, int64_t, std::less<>> unknown_via_;  // via naming nothing -> joins
  Micros now_ = 0;
  int64_t runtime_refused_ = 0;  // invite events that tried to change a config code
};

}  // namespace shoal
