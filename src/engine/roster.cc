#include "shoal/roster.h"

#include <algorithm>

#include "shoal/rng.h"

namespace shoal {

size_t Interner::Probe(std::string_view s, uint64_t h) const {
  size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>(h) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == kNoId || (slot.hash == h && names_[slot.id] == s)) return i;
  }
}

void Interner::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  for (const Slot& slot : old) {
    if (slot.id == kNoId) continue;
    slots_[Probe(names_[slot.id], slot.hash)] = slot;
  }
}

Id Interner::Intern(std::string_view s) {
  if ((names_.size() + 1) * 2 > slots_.size()) Grow();
  uint64_t h = HashString(s.data(), s.size());
  size_t i = Probe(s, h);
  if (slots_[i].id != kNoId) return slots_[i].id;
  Id id = static_cast<Id>(names_.size());
  names_.emplace_back(s);
  slots_[i] = {h, id};
  return id;
}

Id Interner::Find(std::string_view s) const {
  if (slots_.empty()) return kNoId;
  return slots_[Probe(s, HashString(s.data(), s.size()))].id;
}

void Interner::Save(SnapshotWriter& w) const {
  w.U64(names_.size());
  for (const auto& n : names_) w.Str(n);
}

bool Interner::Load(SnapshotReader& r) {
  slots_.clear();
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

Membership* Roster::Find(Id group, Id member) { return memberships_.Find(Key(group, member)); }

const Membership* Roster::Find(Id group, Id member) const { return memberships_.Find(Key(group, member)); }

Membership& Roster::Upsert(Id group, Id member) {
  bool inserted = false;
  Membership& m = memberships_.Upsert(Key(group, member), &inserted);
  if (inserted) {
    group_members_[group].push_back(member);
    if (member >= member_groups_.size()) member_groups_.resize(member + 1);
    member_groups_[member].push_back(group);
  }
  return m;
}

MemberInfo& Roster::Member(Id member) {
  if (member >= members_.size()) {
    members_.resize(member + 1);
    has_member_.resize(member + 1, 0);
  }
  has_member_[member] = 1;
  return members_[member];
}

const MemberInfo* Roster::FindMember(Id member) const {
  return member < members_.size() && has_member_[member] ? &members_[member] : nullptr;
}

int64_t Roster::PresentCount(Id group) const {
  auto it = present_.find(group);
  return it == present_.end() ? 0 : it->second;
}

const std::vector<Id>& Roster::GroupsOf(Id member) const {
  static const std::vector<Id> kEmpty;
  return member < member_groups_.size() ? member_groups_[member] : kEmpty;
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

// Sorted so the same state always writes the same bytes.
void Roster::Save(SnapshotWriter& w) const {
  std::vector<uint64_t> mkeys = SortedKeys(memberships_);
  w.U64(mkeys.size());
  for (uint64_t k : mkeys) {
    const Membership& m = *memberships_.Find(k);
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
  std::vector<Id> ids;
  for (Id id = 0; id < members_.size(); ++id) {
    if (has_member_[id]) ids.push_back(id);
  }
  w.U64(ids.size());
  for (Id id : ids) {
    const MemberInfo& info = members_[id];
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

bool Roster::Load(SnapshotReader& r, size_t id_count) {
  memberships_.Clear();
  members_.clear();
  has_member_.clear();
  group_members_.clear();
  member_groups_.clear();
  present_.clear();
  uint64_t n = r.Count();
  memberships_.Reserve(n);
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
    if ((k >> 32) >= id_count || (k & 0xffffffffu) >= id_count) return false;
    memberships_.Upsert(k) = m;
    Id member = static_cast<Id>(k & 0xffffffffu);
    if (member >= member_groups_.size()) member_groups_.resize(member + 1);
    member_groups_[member].push_back(static_cast<Id>(k >> 32));
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t raw = r.U64();
    if (raw >= id_count) return false;
    Id id = static_cast<Id>(raw);
    MemberInfo info;
    info.name = r.Str();
    info.first_seen = r.I64();
    info.channel = static_cast<Id>(r.U64());
    info.staff = r.Bool();
    Member(id) = std::move(info);
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t raw_group = r.U64();
    if (raw_group >= id_count) return false;
    Id g = static_cast<Id>(raw_group);
    uint64_t c = r.Count();
    auto& list = group_members_[g];
    list.reserve(c);
    for (uint64_t j = 0; j < c && r.ok(); ++j) list.push_back(static_cast<Id>(r.U64()));
  }
  return r.ok();
}

}  // namespace shoal
