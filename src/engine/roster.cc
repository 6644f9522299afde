#include "shoal/roster.h"

#include <algorithm>

#include "shoal/rng.h"

namespace shoal {

size_t Interner::Hash::operator()(std::string_view s) const noexcept { return HashString(s.data(), s.size()); }

Id Interner::Intern(std::string_view s) {
  auto it = index_.find(s);
  if (it != index_.end()) return it->second;
  Id id = static_cast<Id>(names_.size());
  names_.emplace_back(s);
  index_.emplace(names_.back(), id);
  return id;
}

Id Interner::Find(std::string_view s) const {
  auto it = index_.find(s);
  return it == index_.end() ? kNoId : it->second;
}

void Interner::Save(SnapshotWriter& w) const {
  w.U64(names_.size());
  for (const auto& n : names_) w.Str(n);
}

bool Interner::Load(SnapshotReader& r) {
  index_.clear();
  names_.clear();
  uint64_t n = r.Count();
  names_.reserve(n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) Intern(r.Str());
  return r.ok() && names_.size() == n;
}

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kMember: return "member";
    case Role::kKol: return "kol";
    case Role::kAdmin: return "admin";
    case Role::kOwner: return "owner";
  }
  return "member";
}

Membership* Roster::Find(Id group, Id member) {
  auto it = memberships_.find(Key(group, member));
  return it == memberships_.end() ? nullptr : &it->second;
}

const Membership* Roster::Find(Id group, Id member) const {
  auto it = memberships_.find(Key(group, member));
  return it == memberships_.end() ? nullptr : &it->second;
}

Membership& Roster::Upsert(Id group, Id member) {
  auto [it, inserted] = memberships_.try_emplace(Key(group, member));
  if (inserted) group_members_[group].push_back(member);
  return it->second;
}

MemberInfo& Roster::Member(Id member) { return members_[member]; }

const MemberInfo* Roster::FindMember(Id member) const {
  auto it = members_.find(member);
  return it == members_.end() ? nullptr : &it->second;
}

int64_t Roster::PresentCount(Id group) const {
  auto it = present_.find(group);
  return it == present_.end() ? 0 : it->second;
}

const std::vector<Id>& Roster::MembersOf(Id group) const {
  static const std::vector<Id> kEmpty;
  auto it = group_members_.find(group);
  return it == group_members_.end() ? kEmpty : it->second;
}

void Roster::MarkPresent(Id group, Membership& m, bool present) {
  if (m.present == present) return;
  m.present = present;
  present_[group] += present ? 1 : -1;
}

namespace {
template <class Map>
std::vector<typename Map::key_type> SortedKeys(const Map& m) {
  std::vector<typename Map::key_type> keys;
  keys.reserve(m.size());
  for (const auto& kv : m) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end());
  return keys;
}
}  // namespace

// Sorted so the same state always writes the same bytes.
void Roster::Save(SnapshotWriter& w) const {
  auto mkeys = SortedKeys(memberships_);
  w.U64(mkeys.size());
  for (uint64_t k : mkeys) {
    const Membership& m = memberships_.at(k);
    w.U64(k);
    w.I64(m.first_joined);
    w.I64(m.joined_at);
    w.I64(m.left_at);
    w.I64(m.last_message);
    w.U64(m.messages);
    w.U64(m.joins);
    w.U64(m.via);
    w.U64(static_cast<uint64_t>(m.role));
    w.Bool(m.present);
  }
  auto ids = SortedKeys(members_);
  w.U64(ids.size());
  for (Id id : ids) {
    const MemberInfo& info = members_.at(id);
    w.U64(id);
    w.Str(info.name);
    w.I64(info.first_seen);
    w.U64(info.channel);
    w.Bool(info.staff);
  }
  auto groups = SortedKeys(group_members_);
  w.U64(groups.size());
  for (Id g : groups) {
    const auto& list = group_members_.at(g);
    w.U64(g);
    w.U64(list.size());
    for (Id m : list) w.U64(m);
  }
}

bool Roster::Load(SnapshotReader& r) {
  memberships_.clear();
  members_.clear();
  group_members_.clear();
  present_.clear();
  uint64_t n = r.Count();
  memberships_.reserve(n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t k = r.U64();
    Membership m;
    m.first_joined = r.I64();
    m.joined_at = r.I64();
    m.left_at = r.I64();
    m.last_message = r.I64();
    m.messages = static_cast<uint32_t>(r.U64());
    m.joins = static_cast<uint32_t>(r.U64());
    m.via = static_cast<Id>(r.U64());
    m.role = static_cast<Role>(r.U64() & 3);
    m.present = r.Bool();
    if (m.present) present_[static_cast<Id>(k >> 32)] += 1;
    memberships_.emplace(k, m);
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Id id = static_cast<Id>(r.U64());
    MemberInfo info;
    info.name = r.Str();
    info.first_seen = r.I64();
    info.channel = static_cast<Id>(r.U64());
    info.staff = r.Bool();
    members_.emplace(id, std::move(info));
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Id g = static_cast<Id>(r.U64());
    uint64_t c = r.Count();
    auto& list = group_members_[g];
    list.reserve(c);
    for (uint64_t j = 0; j < c && r.ok(); ++j) list.push_back(static_cast<Id>(r.U64()));
  }
  return r.ok();
}

}  // namespace shoal
