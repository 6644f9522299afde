#include "store/faulty_store.h"

namespace shoal {

void FaultyStore::FailNthAppend(uint64_t n, Fault fault) {
  nth_fault_ = fault;
  fail_at_ = n == 0 ? 0 : appends_.load() + n;
}

void FaultyStore::SetWritesFail(bool fail, Fault fault) {
  writes_fault_ = fault;
  writes_fail_ = fail;
}

StoreStatus FaultyStore::Injected(Fault fault) {
  // Messages mirror what SQLite reports, so callers are tested against realistic text.
  if (fault == Fault::kDiskFull) return StoreStatus::Error(StoreStatus::Code::kFull, "database or disk is full (injected)");
  return StoreStatus::Error(StoreStatus::Code::kIoError, "disk I/O error: fsync failed (injected)");
}

bool FaultyStore::WritesFail(Fault* fault) const {
  if (!writes_fail_) return false;
  *fault = writes_fault_;
  return true;
}

StoreStatus FaultyStore::AppendEvents(std::span<const LoggedEvent> batch) {
  uint64_t n = ++appends_;
  Fault fault;
  if (n == fail_at_.load()) {
    ++failed_;
    return Injected(nth_fault_);
  }
  if (WritesFail(&fault)) {
    ++failed_;
    return Injected(fault);
  }
  return inner_->AppendEvents(batch);
}

StoreStatus FaultyStore::SaveSnapshot(const StoredSnapshot& snapshot) {
  Fault fault;
  if (WritesFail(&fault)) return Injected(fault);
  return inner_->SaveSnapshot(snapshot);
}

StoreStatus FaultyStore::EnqueueActions(std::span<const OutboxEntry> entries, size_t* inserted) {
  Fault fault;
  if (!entries.empty() && WritesFail(&fault)) return Injected(fault);
  return inner_->EnqueueActions(entries, inserted);
}

StoreStatus FaultyStore::MarkDelivered(const std::string& key) {
  Fault fault;
  if (WritesFail(&fault)) return Injected(fault);
  return inner_->MarkDelivered(key);
}

StoreStatus FaultyStore::MarkFailed(const std::string& key, const std::string& error, Micros next_attempt, bool dead) {
  Fault fault;
  if (WritesFail(&fault)) return Injected(fault);
  return inner_->MarkFailed(key, error, next_attempt, dead);
}

StoreStatus FaultyStore::MarkInFlight(const std::string& key) {
  Fault fault;
  if (WritesFail(&fault)) return Injected(fault);
  return inner_->MarkInFlight(key);
}

StoreStatus FaultyStore::MarkTask(const std::string& key, const std::string& note) {
  Fault fault;
  if (WritesFail(&fault)) return Injected(fault);
  return inner_->MarkTask(key, note);
}

}  // namespace shoal
