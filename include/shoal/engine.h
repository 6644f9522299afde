// The deterministic engine: admits events (stateful checks), applies them to
// the roster and every feature in order, fires timers as ticks, and emits actions.
// Same config + same events => same state and byte-identical actions.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "shoal/action.h"
#include "shoal/config.h"
#include "shoal/event.h"

namespace shoal {

class Engine {
 public:
  // Null with *why on a config the features reject (run `shoal check` for details).
  static std::unique_ptr<Engine> Create(std::shared_ptr<const Config> config, std::string* why);
  virtual ~Engine() = default;

  // Checks what depends on state (known group, timestamp order, duplicate msg_id)
  // and records the event as seen. Call once per event, before it is logged.
  virtual bool Admit(const Event& e, EventError* error) = 0;
  // Applies an admitted event: first fires timers due up to its ts, then the event.
  virtual void Apply(const Event& e, std::vector<Action>* out) = 0;
  // Fires timers due up to t (engine time never goes back).
  virtual void AdvanceTo(Micros t, std::vector<Action>* out) = 0;

  virtual std::string SaveSnapshot() const = 0;
  virtual bool LoadSnapshot(std::string_view data, std::string* why) = 0;

  virtual void Report(nlohmann::json& out) const = 0;
  // Basic numbers for one group; false when the group is unknown.
  virtual bool GroupStats(std::string_view group, nlohmann::json& out) const = 0;
  // Asks a tenant feature, then each community's, about one key (Feature::Lookup); false when none knows it.
  virtual bool Lookup(std::string_view feature, std::string_view key, nlohmann::json& out) const { return false; }
  // Asks every instance of `feature` that knows `key`: `each(community, answer)` per community
  // in config order ("" for a tenant feature). For a member who is in several communities.
  using LookupVisitor = std::function<void(std::string_view community, nlohmann::json& answer)>;
  virtual void LookupEach(std::string_view feature, std::string_view key, const LookupVisitor& each) const {}

  virtual uint64_t last_seq() const = 0;  // seq of the last applied event
  virtual Micros now() const = 0;
  // Engine time of the earliest pending timer, or kNoTimer. A server uses it to log a tick
  // event when that time comes, so scheduled work runs without waiting for traffic.
  static constexpr Micros kNoTimer = INT64_MAX;
  virtual Micros next_due() const = 0;
  virtual const Config& config() const = 0;
  virtual size_t membership_count() const = 0;
};

}  // namespace shoal
