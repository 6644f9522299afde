#include "server/delivery.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "shoal/zone.h"

namespace shoal {

namespace {

void RenderOneBotStats(const onebot::OneBotStats& s, std::string* out) {
  *out += "# HELP shoal_onebot_total OneBot transport counters by kind (connections, refused handshakes, frames, "
          "events, invalid_events, ignored, bad_frames, heartbeats, oversized, bad_signatures, calls, call_timeouts, "
          "dials, dial_failures).\n"
          "# TYPE shoal_onebot_total counter\n";
  const std::pair<const char*, const std::atomic<uint64_t>*> rows[] = {
      {"connections", &s.connections}, {"refused", &s.refused},       {"frames", &s.frames},
      {"events", &s.events},           {"invalid_events", &s.invalid_events}, {"ignored", &s.ignored},
      {"bad_frames", &s.bad_frames},   {"heartbeats", &s.heartbeats}, {"oversized", &s.oversized},
      {"bad_signatures", &s.bad_signatures}, {"calls", &s.calls},     {"call_timeouts", &s.call_timeouts},
      {"dials", &s.dials},             {"dial_failures", &s.dial_failures}};
  for (const auto& [kind, v] : rows) *out += fmt::format("shoal_onebot_total{{kind=\"{}\"}} {}\n", kind, v->load());
}

}  // namespace

std::unique_ptr<Delivery> Delivery::Start(const Config& config, Store* store, Ingest* ingest, Metrics* metrics,
                                          std::string* why, const std::vector<PlatformAdapter*>& more) {
  why->clear();
  Diagnostics diag;  // the config was checked at load; this read cannot find new problems
  AdaptersConfig ac = LoadAdaptersConfig(config, &diag);
  if (!ac.onebot_enabled && !ac.xmpp && !ac.record && more.empty()) return nullptr;
  std::unique_ptr<Delivery> d(new Delivery());
  d->sink_ = std::make_unique<IngestSink>(ingest);
  d->dispatcher_ = std::make_unique<Dispatcher>(store, &d->clock_, ac.outbox, metrics);
  // Outcomes are logged as `delivery` events dated by the engine's clock: a report never
  // moves engine time (and its timers) forward, whatever the wall clock says.
  std::shared_ptr<const TimeZone> zone = TimeZone::Find(config.timezone);
  if (!zone) zone = TimeZone::Utc();
  const SystemClock* wall = &d->clock_;
  if (ac.outbox.report_outcomes)
    d->dispatcher_->SetReportSink(d->sink_.get(), [ingest, zone, wall] {
      Micros t = ingest->engine_now();
      return zone->Stamp(t == INT64_MIN ? wall->Now() : t);
    });
  if (ac.onebot_enabled) {
    d->onebot_ = std::make_unique<onebot::OneBotAdapter>(ac.onebot, d->sink_.get());
    if (!d->onebot_->Listen(why)) return nullptr;
    d->onebot_->Start();
    d->dispatcher_->AddAdapter(d->onebot_.get());
    const onebot::OneBotStats* stats = &d->onebot_->stats();
    metrics->AddRenderer([stats](std::string* out) { RenderOneBotStats(*stats, out); });
  }
  if (ac.xmpp) {
    // An unreachable server is no reason not to serve: the session keeps reconnecting, and
    // what the dispatcher tries meanwhile is retried.
    d->xmpp_ = std::make_unique<xmpp::XmppAdapter>(std::move(*ac.xmpp), d->sink_.get(), &d->clock_);
    std::string xmpp_why;
    if (!d->xmpp_->Start(std::chrono::seconds(10), &xmpp_why)) spdlog::warn("xmpp: {}; still trying", xmpp_why);
    d->dispatcher_->AddAdapter(d->xmpp_.get());
  }
  if (ac.record) {
    d->record_ = std::make_unique<RecordingPlatform>(ac.record->platform, ac.record->path);
    if (!d->record_->ok()) {
      *why = "adapters.record: " + d->record_->why();
      return nullptr;
    }
    d->dispatcher_->AddAdapter(d->record_.get());
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
  if (d->onebot_ && ac.onebot.listen != onebot::OneBotOptions::kNoListener)
    spdlog::info("onebot: reverse WebSocket and HTTP POST on {}:{}{}", ac.onebot.listen, d->onebot_->port(),
                 ac.onebot.access_token.empty() ? " (no access token)" : "");
  // Forward connections dial in the background: an implementation that is down now is no
  // reason not to serve, and what the dispatcher tries meanwhile is retried.
  if (d->onebot_)
    for (const auto& e : ac.onebot.connect) spdlog::info("onebot: dialing {} for account {}", e.url, e.account);
  if (d->onebot_)
    for (const auto& e : ac.onebot.http_api) spdlog::info("onebot: HTTP API {} for account {}", e.url, e.account);
  return d;
}

Delivery::~Delivery() { Stop(); }

void Delivery::Stop() {
  if (onebot_) onebot_->Stop();
  if (xmpp_) xmpp_->Stop();
  if (dispatcher_) dispatcher_->Stop();
}

}  // namespace shoal
