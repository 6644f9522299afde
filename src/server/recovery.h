// Rebuilds engine state from a store: the newest snapshot made with this config
// (if any), then the log tail after it through Admit + Apply. Actions the tail
// emits are enqueued again; the outbox ignores keys it already holds.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "shoal/engine.h"
#include "shoal/store.h"

namespace shoal {

struct RecoveryStats {
  bool snapshot_used = false;
  uint64_t snapshot_seq = 0;
  std::string snapshot_note;  // why a snapshot was skipped, if one was
  uint64_t tail_events = 0;
  uint64_t tail_rejected = 0;  // logged events the current config no longer admits
  uint64_t actions = 0;
  uint64_t actions_enqueued = 0;  // new to the outbox (lost by a crash before enqueue)
  uint64_t last_seq = 0;
  double seconds = 0;
};

// enqueue_actions=false rebuilds state only (the actions are already in the outbox or queued for it).
StoreStatus RecoverEngine(std::shared_ptr<const Config> config, Store& store, std::unique_ptr<Engine>* engine,
                          RecoveryStats* stats, bool enqueue_actions = true);

}  // namespace shoal
