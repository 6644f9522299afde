// An in-memory Store for tests: same contract as the SQLite store, nothing durable.
#pragma once
#include <map>
#include <mutex>
#include <vector>

#include "shoal/store.h"

namespace shoal {

class MemoryStore final : public Store {
 public:
  StoreStatus AppendEvents(std::span<const LoggedEvent> batch) override;
  StoreStatus ReadEventsAfter(uint64_t after, const std::function<bool(const LoggedEvent&)>& fn) override;
  StoreStatus LastSeq(uint64_t* seq) override;
  StoreStatus SaveSnapshot(const StoredSnapshot& snapshot) override;
  StoreStatus LoadSnapshots(std::vector<StoredSnapshot>* out) override;
  StoreStatus EnqueueActions(std::span<const OutboxEntry> entries, size_t* inserted) override;
  StoreStatus ListPending(Micros now, size_t limit, std::vector<OutboxItem>* out) override;
  StoreStatus ListPendingAfter(uint64_t after, size_t limit, std::vector<OutboxItem>* out) override;
  StoreStatus CountPending(uint64_t* count) override;
  StoreStatus MarkDelivered(const std::string& key) override;
  StoreStatus MarkFailed(const std::string& key, const std::string& error, Micros next_attempt, bool dead) override;
  StoreStatus ListDead(size_t limit, std::vector<OutboxItem>* out) override;
  StoreStatus GetOutboxItem(const std::string& key, std::optional<OutboxItem>* out) override;
  StoreStatus MarkInFlight(const std::string& key) override;
  StoreStatus MarkTask(const std::string& key, const std::string& note) override;
  StoreStatus ListByState(OutboxItem::State state, size_t limit, std::vector<OutboxItem>* out) override;

 private:
  std::mutex mu_;
  std::vector<LoggedEvent> events_;
  std::vector<StoredSnapshot> snapshots_;  // oldest first
  std::map<std::string, OutboxItem> outbox_;
  std::vector<std::string> outbox_order_;  // insertion order, for oldest-first listing
};

}  // namespace shoal
