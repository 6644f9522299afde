// An EventSink over the ingest pipeline, so adapters hand events to the durable log without
// knowing about Ingest: `done` runs on the writer thread once the batch is stored or refused.
#pragma once
#include "server/ingest.h"
#include "shoal/adapter.h"

namespace shoal {

class IngestSink final : public EventSink {
 public:
  explicit IngestSink(Ingest* ingest) : ingest_(ingest) {}
  void Submit(std::vector<Event> events, std::function<void(Ack)> done) override;

 private:
  Ingest* ingest_;
};

}  // namespace shoal
