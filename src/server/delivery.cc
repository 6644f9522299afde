#include "server/delivery.h"

#include <spdlog/spdlog.h>

namespace shoal {

std::unique_ptr<Delivery> Delivery::Start(const Config& config, Store* store, Ingest* ingest, Metrics* metrics,
                                          std::string* why, const std::vector<PlatformAdapter*>& more) {
  why->clear();
  Diagnostics diag;  // the config was checked at load; this read cannot find new problems
  AdaptersConfig ac = LoadAdaptersConfig(config, &diag);
  if (!ac.onebot_enabled && more.empty()) return nullptr;
  std::unique_ptr<Delivery> d(new Delivery());
  d->sink_ = std::make_unique<IngestSink>(ingest);
  d->dispatcher_ = std::make_unique<Dispatcher>(store, &d->clock_, ac.outbox, metrics);
  if (ac.onebot_enabled) {
    d->onebot_ = std::make_unique<onebot::OneBotAdapter>(ac.onebot, d->sink_.get());
    if (!d->onebot_->Listen(why)) return nullptr;
    d->onebot_->Start();
    d->dispatcher_->AddAdapter(d->onebot_.get());
  }
  for (PlatformAdapter* adapter : more) d->dispatcher_->AddAdapter(adapter);
  size_t uncertain = 0;
  if (auto st = d->dispatcher_->Recover(&uncertain); !st.ok()) {
    *why = "cannot check the outbox for interrupted deliveries: " + st.ToString();
    return nullptr;
  }
  if (uncertain > 0)
    spdlog::warn("outbox: {} action(s) were in flight when shoal last stopped; they are dead letters "
                 "(GET /v1/outbox/dead) for an operator to check rather than sent twice",
                 uncertain);
  d->dispatcher_->Start();
  if (d->onebot_)
    spdlog::info("onebot: reverse WebSocket and HTTP POST on {}:{}{}", ac.onebot.listen, d->onebot_->port(),
                 ac.onebot.access_token.empty() ? " (no access token)" : "");
  return d;
}

Delivery::~Delivery() { Stop(); }

void Delivery::Stop() {
  if (onebot_) onebot_->Stop();
  if (dispatcher_) dispatcher_->Stop();
}

}  // namespace shoal
