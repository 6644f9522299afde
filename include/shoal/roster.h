// Who is in which group: the core state every feature reads. The engine keeps it
// current (joins, leaves, messages) before features see an event.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shoal/flat_map.h"
#include "shoal/snapshot_io.h"
#include "shoal/time.h"

namespace shoal {

using Id = uint32_t;
constexpr Id kNoId = 0xffffffffu;

// Interns "platform:native" ids and other repeated strings to dense integers.
class Interner {
 public:
  Id Intern(std::string_view s);
  Id Find(std::string_view s) const;  // kNoId when unseen
  const std::string& Name(Id id) const { return names_[id]; }
  size_t size() const { return names_.size(); }
  void Save(SnapshotWriter& w) const;
  bool Load(SnapshotReader& r);

 private:
  // Open addressing over (hash, id); names_ holds the strings. One probe, no nodes.
  struct Slot {
    uint64_t hash = 0;
    Id id = kNoId;
  };
  size_t Probe(std::string_view s, uint64_t h) const;
  void Grow();
  std::vector<Slot> slots_;
  std::vector<std::string> names_;
};

enum class Role : uint8_t { kMember = 0, kKol = 1, kAdmin = 2, kOwner = 3 };
std::string_view RoleName(Role r);

struct Membership {
  Micros first_joined = 0;  // never overwritten
  Micros joined_at = 0;     // latest join
  Micros left_at = 0;
  Micros last_message = 0;
  uint32_t messages = 0;
  uint32_t joins = 0;
  Id via = kNoId;      // first join's via (code or inviter id), interned
  Role role = Role::kMember;
  bool present = false;
};

struct MemberInfo {
  std::string name;
  Micros first_seen = 0;
  Id channel = kNoId;  // first via anywhere in the tenant, never overwritten
  bool staff = false;  // listed as staff in the config
};

class Roster {
 public:
  Membership* Find(Id group, Id member);
  const Membership* Find(Id group, Id member) const;
  Membership& Upsert(Id group, Id member);
  MemberInfo& Member(Id member);
  const MemberInfo* FindMember(Id member) const;
  // Members currently present in a group (O(1)).
  int64_t PresentCount(Id group) const;
  // Every member that ever joined or spoke in a group, in first-seen order.
  const std::vector<Id>& MembersOf(Id group) const;
  // Every group the member ever joined or spoke in, in no promised order (for "is the member
  // known anywhere?" without scanning every group of the tenant).
  const std::vector<Id>& GroupsOf(Id member) const;
  void MarkPresent(Id group, Membership& m, bool present);
  size_t membership_count() const { return memberships_.size(); }

  void Save(SnapshotWriter& w) const;
  // id_count bounds every id read, so a corrupt snapshot cannot demand huge tables.
  bool Load(SnapshotReader& r, size_t id_count);

 private:
  static uint64_t Key(Id g, Id m) { return (static_cast<uint64_t>(g) << 32) | m; }
  FlatMap<Membership> memberships_;
  std::vector<MemberInfo> members_;  // indexed by Id (ids are dense)
  std::vector<uint8_t> has_member_;  // which ids have a MemberInfo
  std::unordered_map<Id, std::vector<Id>> group_members_;
  std::vector<std::vector<Id>> member_groups_;  // indexed by member id; derived, not saved
  std::unordered_map<Id, int64_t> present_;
};

}  // namespace shoal
