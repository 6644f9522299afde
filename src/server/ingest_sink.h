// The EventSink that platform adapters write into: it hands their events to the Ingest
// pipeline and acknowledges once the batch is durable (or refused), per adapter.h.
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
