// An EventSink (shoal/adapter.h) that hands a platform adapter's events to the
// ingest pipeline; the acknowledgement comes once the log has them (or refused them).
#pragma once
#include "server/ingest.h"
#include "shoal/adapter.h"

namespace shoal {

class IngestSink final : public EventSink {
 public:
  explicit IngestSink(Ingest* ingest) : ingest_(ingest) {}
  // Thread-safe (Ingest::Submit is); done runs on the ingest writer thread.
  void Submit(std::vector<Event> events, std::function<void(Ack)> done) override;

 private:
  Ingest* ingest_;
};

}  // namespace shoal
