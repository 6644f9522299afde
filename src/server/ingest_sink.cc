#include "server/ingest_sink.h"

namespace shoal {

void IngestSink::Submit(std::vector<Event> events, std::function<void(Ack)> done) {
  ingest_->Submit(std::move(events), [done = std::move(done)](SubmitResult&& r) {
    Ack ack;
    ack.stored = r.store.ok();
    ack.accepted = r.accepted;
    if (!ack.stored) ack.errors.push_back("store: " + r.store.message);
    for (const auto& o : r.outcomes)
      if (!o.accepted) ack.errors.push_back(o.error.ToString());
    if (done) done(std::move(ack));
  });
}

}  // namespace shoal
