#include "server/ingest.h"

#include <future>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "shoal/event_codec.h"

namespace shoal {

Ingest::Ingest(std::shared_ptr<const Config> config, Store* store, IngestOptions options, Metrics* metrics)
    : config_(std::move(config)), store_(store), options_(options), metrics_(metrics) {
  if (options_.batch_max < 1) options_.batch_max = 1;
  if (options_.snapshot_every < 1) options_.snapshot_every = 1;
}

std::unique_ptr<Ingest> Ingest::Start(std::shared_ptr<const Config> config, Store* store, IngestOptions options,
                                      Metrics* metrics, RecoveryStats* recovery, StoreStatus* status) {
  std::unique_ptr<Ingest> in(new Ingest(std::move(config), store, options, metrics));
  RecoveryStats local;
  if (!recovery) recovery = &local;
  *status = RecoverEngine(in->config_, *store, &in->engine_, recovery);
  if (!status->ok()) return nullptr;
  in->committed_seq_ = recovery->last_seq;
  in->snapshot_seq_ = recovery->snapshot_seq;
  uint64_t pending = 0;
  if (store->CountPending(&pending).ok()) metrics->outbox_pending = static_cast<int64_t>(pending);
  in->writer_ = std::thread([p = in.get()] { p->Loop(); });
  return in;
}

Ingest::~Ingest() { Stop(); }

void Ingest::Submit(std::vector<Event> events, Done done) {
  {
    std::lock_guard lock(queue_mu_);
    if (!stopping_) {
      queued_events_ += events.size();
      queue_.push_back({std::move(events), std::move(done)});
      queue_cv_.notify_one();
      return;
    }
  }
  SubmitResult r;
  r.store = StoreStatus::Error(StoreStatus::Code::kBusy, "server is shutting down");
  done(std::move(r));
}

SubmitResult Ingest::SubmitAndWait(std::vector<Event> events) {
  std::promise<SubmitResult> p;
  auto f = p.get_future();
  Submit(std::move(events), [&p](SubmitResult&& r) { p.set_value(std::move(r)); });
  return f.get();
}

void Ingest::Stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard lock(queue_mu_);
      stopping_ = true;
      queue_cv_.notify_one();
    }
    if (writer_.joinable()) writer_.join();
  });
}

Micros Ingest::TickWait() const {
  Micros now = options_.clock->Now();
  Micros engine_now = engine_->now();
  // Wall clock behind engine time (events stamped ahead of us): ticking would go nowhere.
  if (now <= engine_now) return options_.tick_poll.count();
  // Before its first event the engine has no time (the minimum): nothing to move forward.
  if (engine_now == std::numeric_limits<Micros>::min()) return options_.tick_poll.count();
  Micros due = std::min(engine_->next_due(), engine_now + options_.tick_idle);
  return due <= now ? 0 : due - now;
}

void Ingest::Tick() {
  Event tick;
  tick.type = EventType::kTick;
  tick.ts = Timestamp{.utc = options_.clock->Now(), .zulu = true};
  std::vector<Pending> batch;
  batch.push_back({{std::move(tick)}, [this](SubmitResult&& r) {
                     if (r.accepted) ++metrics_->ticks;
                   }});
  Process(batch);
}

void Ingest::Loop() {
  std::vector<Pending> batch;
  for (;;) {
    batch.clear();
    bool tick = false;
    {
      std::unique_lock lock(queue_mu_);
      auto ready = [&] { return !queue_.empty() || stopping_; };
      if (!options_.clock || broken_) {
        queue_cv_.wait(lock, ready);
      } else {
        while (!ready()) {
          Micros wait = TickWait();
          if (wait <= 0) {
            tick = true;
            break;
          }
          queue_cv_.wait_for(lock, std::chrono::microseconds(std::min<Micros>(wait, options_.tick_poll.count())), ready);
        }
      }
      if (queue_.empty() && !tick) break;  // stopping, and everything queued has been answered
    }
    if (tick && !broken_) {
      Tick();
      continue;
    }
    {
      std::unique_lock lock(queue_mu_);
      if (queue_.empty()) continue;
      // Group commit: a small batch waits briefly so concurrent clients share one fsync.
      if (queued_events_ < options_.batch_max && options_.window.count() > 0 && !stopping_)
        queue_cv_.wait_for(lock, options_.window, [&] { return queued_events_ >= options_.batch_max || stopping_; });
      size_t events = 0;
      while (!queue_.empty() && (batch.empty() || events + queue_.front().events.size() <= options_.batch_max)) {
        events += queue_.front().events.size();
        queued_events_ -= queue_.front().events.size();
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    Process(batch);
  }
  FlushOutbox();
  MaybeSnapshot(true);
}

void Ingest::Refuse(std::vector<Pending>& batch, const StoreStatus& status) {
  for (auto& p : batch) {
    SubmitResult r;
    r.store = status;
    metrics_->events_rejected += p.events.size();
    p.done(std::move(r));
  }
}

void Ingest::Process(std::vector<Pending>& batch) {
  if (broken_) return Refuse(batch, StoreStatus::Error(StoreStatus::Code::kIoError,
                                                       "store failed and state could not be rebuilt; restart"));
  std::vector<SubmitResult> results(batch.size());
  std::vector<LoggedEvent> logged;
  std::vector<const Event*> order;  // admitted events in seq order
  uint64_t seq = committed_seq_;
  {
    std::lock_guard lock(engine_mu_);
    for (size_t i = 0; i < batch.size(); ++i) {
      auto& events = batch[i].events;
      results[i].outcomes.resize(events.size());
      for (size_t j = 0; j < events.size(); ++j) {
        Event& e = events[j];
        EventOutcome& o = results[i].outcomes[j];
        if (!engine_->Admit(e, &o.error)) continue;
        e.seq = ++seq;
        o.accepted = true;
        o.seq = e.seq;
        ++results[i].accepted;
        LoggedEvent le;
        le.seq = e.seq;
        AppendEventJson(e, &le.json);
        logged.push_back(std::move(le));
        order.push_back(&e);
      }
    }
  }

  auto t0 = std::chrono::steady_clock::now();
  StoreStatus st = store_->AppendEvents(logged);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  if (!st.ok()) {
    ++metrics_->store_failures;
    spdlog::error("store refused a batch of {} event(s): {}; answering 503, nothing acknowledged", logged.size(),
                  st.ToString());
    Refuse(batch, st);
    // Admit recorded the refused events as seen (dedup, time order): rebuild state from what is stored.
    std::unique_ptr<Engine> rebuilt;
    RecoveryStats rs;
    StoreStatus rst = RecoverEngine(config_, *store_, &rebuilt, &rs, /*enqueue_actions=*/false);
    std::lock_guard lock(engine_mu_);
    if (rst.ok()) {
      engine_ = std::move(rebuilt);
      committed_seq_ = rs.last_seq;
    } else {
      broken_ = true;
      spdlog::critical("cannot rebuild state after a store failure: {}; refusing all events", rst.ToString());
    }
    return;
  }
  if (!logged.empty()) metrics_->ObserveCommit(micros, logged.size());
  committed_seq_ = seq;

  // Durable: answer now, before any feature runs.
  for (size_t i = 0; i < batch.size(); ++i) {
    metrics_->events_accepted += results[i].accepted;
    metrics_->events_rejected += results[i].outcomes.size() - results[i].accepted;
    batch[i].done(std::move(results[i]));
  }

  std::vector<Action> actions;
  {
    std::lock_guard lock(engine_mu_);
    for (const Event* e : order) {
      actions.clear();
      engine_->Apply(*e, &actions);
      metrics_->actions += actions.size();
      if (options_.on_applied) options_.on_applied(*e, actions);
      for (const auto& a : actions) outbox_retry_.push_back({a.key, e->seq, ActionToJson(a)});
    }
  }
  FlushOutbox();
  MaybeSnapshot(false);
}

void Ingest::FlushOutbox() {
  if (outbox_retry_.empty()) return;
  size_t inserted = 0;
  StoreStatus st = store_->EnqueueActions(outbox_retry_, &inserted);
  if (!st.ok()) {
    // Kept for the next batch; a crash meanwhile is covered by replaying the tail after the snapshot.
    spdlog::error("outbox enqueue of {} action(s) failed: {}; will retry", outbox_retry_.size(), st.ToString());
    return;
  }
  metrics_->outbox_pending += static_cast<int64_t>(inserted);
  size_t written = outbox_retry_.size();
  outbox_retry_.clear();
  if (options_.on_enqueued) options_.on_enqueued(written);
}

void Ingest::MaybeSnapshot(bool force) {
  uint64_t seq = committed_seq_;
  if (broken_ || !outbox_retry_.empty() || seq == snapshot_seq_) return;
  if (!force && seq - snapshot_seq_ < static_cast<uint64_t>(options_.snapshot_every)) return;
  StoredSnapshot s;
  {
    std::lock_guard lock(engine_mu_);
    s.data = engine_->SaveSnapshot();
  }
  s.seq = seq;
  s.fingerprint = config_->fingerprint;
  StoreStatus st = store_->SaveSnapshot(s);
  if (!st.ok()) {
    spdlog::error("snapshot at seq {} failed: {}", seq, st.ToString());
    return;
  }
  snapshot_seq_ = seq;
  ++metrics_->snapshots;
  spdlog::info("snapshot at seq {} ({} bytes)", seq, s.data.size());
}

bool Ingest::GroupStats(std::string_view group, nlohmann::json& out) const {
  std::lock_guard lock(engine_mu_);
  return engine_->GroupStats(group, out);
}

bool Ingest::Lookup(std::string_view feature, std::string_view key, nlohmann::json& out) const {
  std::lock_guard lock(engine_mu_);
  return engine_->Lookup(feature, key, out);
}

void Ingest::LookupEach(std::string_view feature, std::string_view key, const Engine::LookupVisitor& each) const {
  std::lock_guard lock(engine_mu_);
  engine_->LookupEach(feature, key, each);
}

uint64_t Ingest::applied_seq() const {
  std::lock_guard lock(engine_mu_);
  return engine_->last_seq();
}

Micros Ingest::engine_now() const {
  std::lock_guard lock(engine_mu_);
  return engine_->now();
}

void Ingest::Report(nlohmann::json& out) const {
  std::lock_guard lock(engine_mu_);
  engine_->Report(out);
}

std::string Ingest::SaveSnapshot() const {
  std::lock_guard lock(engine_mu_);
  return engine_->SaveSnapshot();
}

}  // namespace shoal
