// The durable store: the event log (canonical JSON lines keyed by seq), the
// latest state snapshots, and the outbox of actions awaiting delivery.
// Every call returns a StoreStatus; implementations never let exceptions escape.
// A batch append is all-or-nothing: after a failure none of its events is stored.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "shoal/time.h"

namespace shoal {

struct StoreStatus {
  enum class Code : uint8_t { kOk, kIoError, kFull, kCorrupt, kInvalid, kBusy };
  Code code = Code::kOk;
  std::string message;

  bool ok() const { return code == Code::kOk; }
  static StoreStatus Ok() { return {}; }
  static StoreStatus Error(Code c, std::string m) { return {c, std::move(m)}; }
  std::string ToString() const;
};
std::string_view StoreCodeName(StoreStatus::Code code);

// One logged event: its position in the log and its canonical JSON line (no newline).
struct LoggedEvent {
  uint64_t seq = 0;
  std::string json;
};

struct StoredSnapshot {
  uint64_t seq = 0;          // last event applied in this state
  uint64_t fingerprint = 0;  // Config::fingerprint of the config that built it
  std::string data;          // Engine::SaveSnapshot()
};

// An action persisted before delivery; `key` (the action's idempotency key) is unique.
struct OutboxEntry {
  std::string key;
  uint64_t seq = 0;   // event that caused it
  std::string json;  // ActionToJson
  Micros not_before = 0;  // not delivered before this instant (a scheduled mute lift)
};

struct OutboxItem {
  // kInFlight: a delivery attempt began and its outcome is not yet recorded (after a crash:
  // the platform may or may not have it). kTask: work for a person, shown to operators and
  // never sent to a platform. The numbers are stored; append, never renumber.
  enum class State : uint8_t { kPending, kDelivered, kDead, kInFlight, kTask };
  std::string key;
  uint64_t seq = 0;
  std::string json;
  State state = State::kPending;
  int64_t attempts = 0;
  Micros next_attempt = 0;  // not retried before this instant
  std::string last_error;
  // The entry's place in enqueue order (increasing, never reused); set by ListPendingAfter.
  uint64_t position = 0;
};

class Store {
 public:
  // Schema version this build creates and understands.
  static constexpr int kSchemaVersion = 1;
  // How many snapshots are kept; older ones are deleted when a new one is saved.
  static constexpr int kSnapshotsKept = 2;

  virtual ~Store() = default;

  // Appends the batch in one transaction. Seqs must increase and follow LastSeq().
  virtual StoreStatus AppendEvents(std::span<const LoggedEvent> batch) = 0;
  // Calls fn for each event with seq > after, in order, until fn returns false.
  virtual StoreStatus ReadEventsAfter(uint64_t after, const std::function<bool(const LoggedEvent&)>& fn) = 0;
  virtual StoreStatus LastSeq(uint64_t* seq) = 0;

  virtual StoreStatus SaveSnapshot(const StoredSnapshot& snapshot) = 0;
  // Newest first (at most kSnapshotsKept): the caller picks the first whose fingerprint matches.
  virtual StoreStatus LoadSnapshots(std::vector<StoredSnapshot>* out) = 0;

  // Inserts entries whose key is new (one transaction); *inserted counts them.
  virtual StoreStatus EnqueueActions(std::span<const OutboxEntry> entries, size_t* inserted) = 0;
  // Pending entries due at `now`, oldest first.
  virtual StoreStatus ListPending(Micros now, size_t limit, std::vector<OutboxItem>* out) = 0;
  // Pending entries placed after `after` (OutboxItem::position; 0 = from the start), due or
  // not, in enqueue order: how a dispatcher pages through the whole backlog.
  virtual StoreStatus ListPendingAfter(uint64_t after, size_t limit, std::vector<OutboxItem>* out) = 0;
  virtual StoreStatus CountPending(uint64_t* count) = 0;
  virtual StoreStatus MarkDelivered(const std::string& key) = 0;
  // Records a failed attempt: pending again from next_attempt, or moved to the dead letters
  // when dead (from pending or in flight).
  virtual StoreStatus MarkFailed(const std::string& key, const std::string& error, Micros next_attempt,
                                 bool dead) = 0;
  virtual StoreStatus ListDead(size_t limit, std::vector<OutboxItem>* out) = 0;
  // Durably marks a pending entry in flight before the platform is called, so a crash
  // mid-delivery is seen on restart rather than silently sent again.
  virtual StoreStatus MarkInFlight(const std::string& key) = 0;
  // Holds an entry for people (state kTask) with a note saying what they should do.
  virtual StoreStatus MarkTask(const std::string& key, const std::string& note) = 0;
  // Entries in `state`, oldest first (ListDead is ListByState(kDead, ...)).
  virtual StoreStatus ListByState(OutboxItem::State state, size_t limit, std::vector<OutboxItem>* out) = 0;
  virtual StoreStatus GetOutboxItem(const std::string& key, std::optional<OutboxItem>* out) = 0;
};

}  // namespace shoal
