// The delivery side of `shoal serve`, started when the config has an `adapters:` section:
// the platform connections (OneBot, XMPP), which submit their events to Ingest, and the
// outbox Dispatcher, which delivers actions through them. Kept apart from serve.cc so each
// platform's wiring is a few lines here.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapters_config.h"
#include "outbox/dispatcher.h"
#include "outbox/recording_platform.h"
#include "server/ingest.h"
#include "server/ingest_sink.h"

namespace shoal {

class Delivery {
 public:
  // Null with *why empty when no adapter is configured (nothing to deliver through); null
  // with *why set when one could not start (a port in use).
  // `more` are adapters started elsewhere (Telegram, WeCom: server/platform_inbound.h) that
  // the dispatcher also delivers through; they must outlive the Delivery.
  static std::unique_ptr<Delivery> Start(const Config& config, Store* store, Ingest* ingest, Metrics* metrics,
                                         std::string* why, const std::vector<PlatformAdapter*>& more = {});
  ~Delivery();
  // Closes the platform connections first (calls in flight fail, so the dispatcher is never
  // stuck waiting), then stops the dispatcher. Idempotent.
  void Stop();

  const Dispatcher& dispatcher() const { return *dispatcher_; }
  // New actions are in the outbox: deliver now rather than at the next idle poll. Thread-safe.
  void Wake() { dispatcher_->Wake(); }
  int onebot_port() const { return onebot_ ? onebot_->port() : 0; }

 private:
  Delivery() = default;
  SystemClock clock_;
  std::unique_ptr<IngestSink> sink_;
  std::unique_ptr<onebot::OneBotAdapter> onebot_;
  std::unique_ptr<xmpp::XmppAdapter> xmpp_;
  std::unique_ptr<RecordingPlatform> record_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

}  // namespace shoal
