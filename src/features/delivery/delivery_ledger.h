// The `delivery` feature (tenant scope, always on): the engine's memory of what the outbox did,
// built only from `delivery` events (src/outbox/delivery_event.h), so replay and restart
// rebuild it. It counts final outcomes per outcome and action reason, and keeps the replace
// slots: the last message delivered per (group, replace_slot). When a newer message in a slot
// is delivered it emits the `delete` of the older one (reason "replace:<slot>"), through the
// outbox like any action; when an older message is reported after a newer one (a retry that
// landed late) the late one is deleted instead, so the newest always stands.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "outbox/delivery_event.h"
#include "shoal/feature.h"

namespace shoal {

class DeliveryLedger final : public Feature {
 public:
  // Distinct reasons counted per outcome; later ones count under "(other)".
  static constexpr size_t kMaxReasons = 512;

  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  // "outcomes": the same numbers as Report; "slot:<group>/<slot>": the message standing there.
  bool Lookup(std::string_view key, nlohmann::json& out) const override;

 private:
  struct Slot {
    std::string msg_id;
    uint64_t step = 0;     // of the action's key: orders messages in the slot
    bool has_step = false;
  };
  void Count(const DeliveryReport& r);
  void Replace(const DeliveryReport& r, Context& ctx);

  std::map<std::string, Slot, std::less<>> slots_;  // group + "\n" + slot
  std::map<std::string, std::map<std::string, int64_t>, std::less<>> counts_;  // outcome -> reason -> n
  int64_t replaced_ = 0;
  int64_t reports_ = 0;
};

}  // namespace shoal
