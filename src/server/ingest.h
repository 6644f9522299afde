// The ingest pipeline: a single writer thread owns the engine and the store.
// For each group-commit batch it admits events, assigns seqs, appends them to the
// store in one transaction, answers the submitters, then applies the events and
// enqueues their actions. Nothing is acknowledged before it is durable; when the
// store fails, the whole batch is refused and the engine is rebuilt from the store.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "server/metrics.h"
#include "server/recovery.h"
#include "shoal/engine.h"
#include "shoal/store.h"

namespace shoal {

struct IngestOptions {
  size_t batch_max = 8192;              // events per commit (a submission is never split)
  // The wall clock. When set, the writer logs a `tick` event (ts = clock time) whenever an
  // engine timer is due, or after `tick_idle` without events, so scheduled posts go out in a
  // quiet community and replay sees the same ticks. Null: time moves only with events
  // (backfilling history, tests).
  const Clock* clock = nullptr;
  Micros tick_idle = 60 * kMicrosPerSecond;
  std::chrono::microseconds tick_poll{1'000'000};  // re-read the clock at least this often
  int64_t snapshot_every = 1'000'000;   // events between snapshots
  // Called on the writer thread after each event is applied, with its actions (the live feed).
  // Must not block.
  std::function<void(const Event&, const std::vector<Action>&)> on_applied;
  // Called on the writer thread once a batch's actions are in the store's outbox (with how
  // many were written), so the dispatcher can be woken rather than find them on its next
  // poll. Must not block.
  std::function<void(size_t)> on_enqueued;
  std::chrono::microseconds window{500};  // wait this long for more submissions when the batch is small
};

struct EventOutcome {
  bool accepted = false;
  uint64_t seq = 0;
  EventError error;  // when not accepted
};

struct SubmitResult {
  StoreStatus store;  // not ok: nothing in this submission was stored or acknowledged
  std::vector<EventOutcome> outcomes;  // one per submitted event, in order
  size_t accepted = 0;
};

class Ingest {
 public:
  // Recovers state from the store and starts the writer thread. Null with *status on failure.
  static std::unique_ptr<Ingest> Start(std::shared_ptr<const Config> config, Store* store, IngestOptions options,
                                       Metrics* metrics, RecoveryStats* recovery, StoreStatus* status);
  ~Ingest();

  using Done = std::function<void(SubmitResult&&)>;
  // Queues events; done runs on the writer thread once they are stored (or refused).
  void Submit(std::vector<Event> events, Done done);
  SubmitResult SubmitAndWait(std::vector<Event> events);

  // Finishes every queued submission, writes a snapshot, stops the writer. Idempotent.
  void Stop();

  bool GroupStats(std::string_view group, nlohmann::json& out) const;
  void Report(nlohmann::json& out) const;
  bool Lookup(std::string_view feature, std::string_view key, nlohmann::json& out) const;
  void LookupEach(std::string_view feature, std::string_view key, const Engine::LookupVisitor& each) const;
  std::string SaveSnapshot() const;
  // The engine's time (the latest event's), for events the server writes itself.
  Micros engine_now() const;
  // Seq of the last event the engine has applied (reads that depend on state can key caches on it).
  uint64_t applied_seq() const;
  uint64_t committed_seq() const { return committed_seq_; }
  // Set when the store failed and state could not be rebuilt: every submission is refused.
  bool broken() const { return broken_; }

 private:
  struct Pending {
    std::vector<Event> events;
    Done done;
  };
  Ingest(std::shared_ptr<const Config> config, Store* store, IngestOptions options, Metrics* metrics);
  void Loop();
  // Writer thread: micros until the clock should produce a tick (<= 0: now).
  Micros TickWait() const;
  void Tick();
  void Process(std::vector<Pending>& batch);
  void Refuse(std::vector<Pending>& batch, const StoreStatus& status);
  void FlushOutbox();
  void MaybeSnapshot(bool force);

  std::shared_ptr<const Config> config_;
  Store* store_;
  IngestOptions options_;
  Metrics* metrics_;

  mutable std::mutex engine_mu_;  // readers (stats, report) vs the writer's Admit/Apply
  std::unique_ptr<Engine> engine_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Pending> queue_;
  size_t queued_events_ = 0;
  bool stopping_ = false;
  std::thread writer_;
  std::once_flag stop_once_;

  std::atomic<uint64_t> committed_seq_{0};
  std::atomic<bool> broken_{false};
  uint64_t snapshot_seq_ = 0;              // writer thread only
  std::vector<OutboxEntry> outbox_retry_;  // actions whose enqueue failed; snapshots wait for them
};

}  // namespace shoal
