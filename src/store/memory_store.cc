#include "store/memory_store.h"

namespace shoal {

StoreStatus MemoryStore::AppendEvents(std::span<const LoggedEvent> batch) {
  std::lock_guard lock(mu_);
  uint64_t last = events_.empty() ? 0 : events_.back().seq;
  for (const auto& e : batch) {  // check all first: a batch is all-or-nothing
    if (e.seq <= last)
      return StoreStatus::Error(StoreStatus::Code::kInvalid,
                                "seq " + std::to_string(e.seq) + " does not follow " + std::to_string(last));
    last = e.seq;
  }
  events_.insert(events_.end(), batch.begin(), batch.end());
  return {};
}

StoreStatus MemoryStore::ReadEventsAfter(uint64_t after, const std::function<bool(const LoggedEvent&)>& fn) {
  std::vector<LoggedEvent> copy;
  {
    std::lock_guard lock(mu_);
    for (const auto& e : events_)
      if (e.seq > after) copy.push_back(e);
  }
  for (const auto& e : copy)
    if (!fn(e)) break;
  return {};
}

StoreStatus MemoryStore::LastSeq(uint64_t* seq) {
  std::lock_guard lock(mu_);
  *seq = events_.empty() ? 0 : events_.back().seq;
  return {};
}

StoreStatus MemoryStore::SaveSnapshot(const StoredSnapshot& snapshot) {
  std::lock_guard lock(mu_);
  snapshots_.push_back(snapshot);
  while (snapshots_.size() > static_cast<size_t>(kSnapshotsKept)) snapshots_.erase(snapshots_.begin());
  return {};
}

StoreStatus MemoryStore::LoadSnapshots(std::vector<StoredSnapshot>* out) {
  std::lock_guard lock(mu_);
  out->assign(snapshots_.rbegin(), snapshots_.rend());
  return {};
}

StoreStatus MemoryStore::EnqueueActions(std::span<const OutboxEntry> entries, size_t* inserted) {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& e : entries) {
    OutboxItem item;
    item.key = e.key;
    item.seq = e.seq;
    item.json = e.json;
    item.next_attempt = e.not_before;
    if (outbox_.emplace(e.key, std::move(item)).second) {
      outbox_order_.push_back(e.key);
      ++n;
    }
  }
  if (inserted) *inserted = n;
  return {};
}

StoreStatus MemoryStore::ListPending(Micros now, size_t limit, std::vector<OutboxItem>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  for (const auto& key : outbox_order_) {
    if (out->size() >= limit) break;
    const auto& item = outbox_.at(key);
    if (item.state == OutboxItem::State::kPending && item.next_attempt <= now) out->push_back(item);
  }
  return {};
}

StoreStatus MemoryStore::ListPendingAfter(uint64_t after, size_t limit, std::vector<OutboxItem>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  for (size_t i = static_cast<size_t>(std::min<uint64_t>(after, outbox_order_.size()));
       i < outbox_order_.size() && out->size() < limit; ++i) {
    const auto& item = outbox_.at(outbox_order_[i]);
    if (item.state != OutboxItem::State::kPending) continue;
    out->push_back(item);
    out->back().position = i + 1;  // the insertion index, 1-based
  }
  return {};
}

StoreStatus MemoryStore::CountPending(uint64_t* count) {
  std::lock_guard lock(mu_);
  *count = 0;
  for (const auto& [k, item] : outbox_) *count += item.state == OutboxItem::State::kPending;
  return {};
}

StoreStatus MemoryStore::MarkDelivered(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = outbox_.find(key);
  if (it == outbox_.end()) return StoreStatus::Error(StoreStatus::Code::kInvalid, "no outbox entry '" + key + "'");
  it->second.state = OutboxItem::State::kDelivered;
  ++it->second.attempts;
  return {};
}

StoreStatus MemoryStore::MarkFailed(const std::string& key, const std::string& error, Micros next_attempt,
                                    bool dead) {
  std::lock_guard lock(mu_);
  auto it = outbox_.find(key);
  if (it == outbox_.end()) return StoreStatus::Error(StoreStatus::Code::kInvalid, "no outbox entry '" + key + "'");
  auto& item = it->second;
  ++item.attempts;
  item.last_error = error;
  item.next_attempt = next_attempt;
  item.state = dead ? OutboxItem::State::kDead : OutboxItem::State::kPending;
  return {};
}

StoreStatus MemoryStore::ListDead(size_t limit, std::vector<OutboxItem>* out) {
  return ListByState(OutboxItem::State::kDead, limit, out);
}

StoreStatus MemoryStore::MarkInFlight(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = outbox_.find(key);
  if (it == outbox_.end()) return StoreStatus::Error(StoreStatus::Code::kInvalid, "no outbox entry '" + key + "'");
  it->second.state = OutboxItem::State::kInFlight;
  return {};
}

StoreStatus MemoryStore::MarkTask(const std::string& key, const std::string& note) {
  std::lock_guard lock(mu_);
  auto it = outbox_.find(key);
  if (it == outbox_.end()) return StoreStatus::Error(StoreStatus::Code::kInvalid, "no outbox entry '" + key + "'");
  it->second.state = OutboxItem::State::kTask;
  it->second.last_error = note;
  return {};
}

StoreStatus MemoryStore::ListByState(OutboxItem::State state, size_t limit, std::vector<OutboxItem>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  for (const auto& key : outbox_order_) {
    if (out->size() >= limit) break;
    const auto& item = outbox_.at(key);
    if (item.state == state) out->push_back(item);
  }
  return {};
}

StoreStatus MemoryStore::GetOutboxItem(const std::string& key, std::optional<OutboxItem>* out) {
  std::lock_guard lock(mu_);
  auto it = outbox_.find(key);
  if (it == outbox_.end()) out->reset();
  else *out = it->second;
  return {};
}

}  // namespace shoal
