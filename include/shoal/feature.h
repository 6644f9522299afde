// The feature interface. A feature owns a slice of state, reacts to events and
// timers by updating it and emitting actions through its Context, and never
// touches a platform, a file, or the wall clock. Register one with
// SHOAL_REGISTER_FEATURE in its own .cc file.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "shoal/action.h"
#include "shoal/config.h"
#include "shoal/event.h"
#include "shoal/rng.h"
#include "shoal/roster.h"
#include "shoal/snapshot_io.h"
#include "shoal/zone.h"

namespace shoal {

class Context;

class Feature {
 public:
  virtual ~Feature() = default;
  virtual void OnEvent(const Event& e, Context& ctx) = 0;
  // A timer this feature scheduled with Context::Schedule has come due.
  virtual void OnTimer(uint64_t tag, Context& ctx) {}
  // Snapshots: Load must restore exactly what Save wrote (replay == restart).
  virtual void Save(SnapshotWriter& w) const = 0;
  virtual bool Load(SnapshotReader& r) = 0;
  // Read side: numbers for `shoal report`, the API and scenario assertions.
  virtual void Report(nlohmann::json& out) const {}
  // One group's numbers in O(1) for the API and dashboard; false when it keeps none.
  virtual bool ReportGroup(std::string_view group, nlohmann::json& out) const { return false; }
  // One named thing this feature keeps (an invite code, a live code) for the API and CLI; false when unknown.
  virtual bool Lookup(std::string_view key, nlohmann::json& out) const { return false; }
};

enum class FeatureScope {
  kCommunity,  // one instance per community (shard); sees that community's events
  kTenant,     // one instance for the tenant; sees every event (cross-group signals)
};

struct FeatureEnv {
  const Config& config;
  const CommunityConfig* community;  // null for tenant scope
  std::shared_ptr<const TimeZone> zone;
};

struct FeatureSpec {
  std::string name;  // the key of its config section under `features:`
  int order = 500;   // lower runs first: moderation 100, growth 200, engagement 300, analytics 900
  FeatureScope scope = FeatureScope::kCommunity;
  bool always_on = false;  // runs without a config section (core analytics)
  // Reads and checks the section (reporting problems through it) and builds the feature.
  // Returning null means the section had errors.
  std::function<std::unique_ptr<Feature>(ConfigSection& section, const FeatureEnv& env)> create;
};

class FeatureRegistry {
 public:
  static bool Add(FeatureSpec spec);
  static const std::vector<FeatureSpec>& All();  // sorted by (order, name)
  static const FeatureSpec* Find(std::string_view name);
};

#define SHOAL_REGISTER_FEATURE(ident, ...) \
  static const bool ident##_registered = ::shoal::FeatureRegistry::Add(__VA_ARGS__)

// What a feature may do while handling one event or timer.
class Context {
 public:
  virtual ~Context() = default;
  virtual const Event& event() const = 0;  // a kTick event while a timer fires
  virtual Micros now() const = 0;
  virtual const Config& config() const = 0;
  virtual const CommunityConfig* community() const = 0;  // null in tenant scope
  virtual const TimeZone& zone() const = 0;
  virtual Roster& roster() = 0;
  virtual Interner& ids() = 0;
  // The current event's group and member, already interned (kNoId when absent): no lookups needed.
  virtual Id group_id() const = 0;
  virtual Id member_id() const = 0;
  // Staff: listed in config, or admin/owner of the event's group.
  virtual bool IsStaff(std::string_view member) const = 0;
  // Randomness seeded from the tenant seed, this step and the salt: replays repeat it.
  virtual Rng MakeRng(uint64_t salt) const = 0;
  // The engine fills ts (the cause's) and key (unique, deterministic).
  virtual void Emit(Action action) = 0;
  // Calls this feature's OnTimer(tag) at `due` (engine time); same-due timers fire in schedule order.
  virtual void Schedule(Micros due, uint64_t tag) = 0;
  // A sibling feature in the same scope (community first, then tenant), or null.
  virtual Feature* FindFeature(std::string_view name) = 0;
  template <class T>
  T* Find(std::string_view name) { return dynamic_cast<T*>(FindFeature(name)); }
  // Moderation marks a message removed so later features ignore it (no points for ads).
  virtual void MarkRemoved(std::string_view reason) = 0;
  virtual bool removed() const = 0;
  virtual uint64_t step() const = 0;
};

}  // namespace shoal
