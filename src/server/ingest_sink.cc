#include "server/ingest_sink.h"

namespace shoal {

void IngestSink::Submit(std::vector<Event> events, std::function<void(Ack)> done) {
  ingest_->Submit(std::move(events), [done = std::move(done)](SubmitResult&& result) {
    Ack ack;
    ack.stored = result.store.ok();
    ack.accepted = result.accepted;
    for (const EventOutcome& o : result.outcomes) {
      if (!o.accepted && ack.stored) ack.errors.push_back(o.error.ToString());
    }
    if (!ack.stored) ack.errors.push_back(result.store.ToString());
    done(std::move(ack));
  });
}

}  // namespace shoal
