// A Store wrapper that injects failures, so tests can prove that callers never
// acknowledge what could not be stored. Thread-safe; faults are set by tests.
#pragma once
#include <atomic>
#include <memory>

#include "shoal/store.h"

namespace shoal {

class FaultyStore final : public Store {
 public:
  enum class Fault : uint8_t { kDiskFull, kFsync };

  explicit FaultyStore(Store* inner) : inner_(inner) {}

  // The Nth AppendEvents call from now (1 = the next one) fails; 0 disables.
  void FailNthAppend(uint64_t n, Fault fault = Fault::kDiskFull);
  // Every write (append, snapshot, outbox) fails until cleared.
  void SetWritesFail(bool fail, Fault fault = Fault::kDiskFull);
  uint64_t appends_attempted() const { return appends_; }
  uint64_t appends_failed() const { return failed_; }

  StoreStatus AppendEvents(std::span<const LoggedEvent> batch) override;
  StoreStatus ReadEventsAfter(uint64_t after, const std::function<bool(const LoggedEvent&)>& fn) override {
    return inner_->ReadEventsAfter(after, fn);
  }
  StoreStatus LastSeq(uint64_t* seq) override { return inner_->LastSeq(seq); }
  StoreStatus SaveSnapshot(const StoredSnapshot& snapshot) override;
  StoreStatus LoadSnapshots(std::vector<StoredSnapshot>* out) override { return inner_->LoadSnapshots(out); }
  StoreStatus EnqueueActions(std::span<const OutboxEntry> entries, size_t* inserted) override;
  StoreStatus ListPending(Micros now, size_t limit, std::vector<OutboxItem>* out) override {
    return inner_->ListPending(now, limit, out);
  }
  StoreStatus ListPendingAfter(uint64_t after, size_t limit, std::vector<OutboxItem>* out) override {
    return inner_->ListPendingAfter(after, limit, out);
  }
  StoreStatus CountPending(uint64_t* count) override { return inner_->CountPending(count); }
  StoreStatus MarkDelivered(const std::string& key) override;
  StoreStatus MarkFailed(const std::string& key, const std::string& error, Micros next_attempt, bool dead) override;
  StoreStatus ListDead(size_t limit, std::vector<OutboxItem>* out) override { return inner_->ListDead(limit, out); }
  StoreStatus GetOutboxItem(const std::string& key, std::optional<OutboxItem>* out) override {
    return inner_->GetOutboxItem(key, out);
  }
  StoreStatus MarkInFlight(const std::string& key) override;
  StoreStatus MarkTask(const std::string& key, const std::string& note) override;
  StoreStatus ListByState(OutboxItem::State state, size_t limit, std::vector<OutboxItem>* out) override {
    return inner_->ListByState(state, limit, out);
  }

 private:
  static StoreStatus Injected(Fault fault);
  bool WritesFail(Fault* fault) const;

  Store* inner_;
  std::atomic<uint64_t> appends_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> fail_at_{0};  // absolute append number that fails
  std::atomic<Fault> nth_fault_{Fault::kDiskFull};
  std::atomic<bool> writes_fail_{false};
  std::atomic<Fault> writes_fault_{Fault::kDiskFull};
};

}  // namespace shoal
