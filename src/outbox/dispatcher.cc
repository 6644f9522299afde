#include "outbox/dispatcher.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace shoal {

namespace {

// The one place a platform is called: an adapter that throws is a transient failure.
DeliveryResult CallAdapter(PlatformAdapter& adapter, const Action& action) {
  try {
    return adapter.Deliver(action);
  } catch (const std::exception& e) {
    return DeliveryResult::Retry(std::string("adapter threw: ") + e.what());
  }
}

bool IsMessage(ActionType t) { return t == ActionType::kSend || t == ActionType::kAnnounce || t == ActionType::kDm; }

// The chat an action goes to: the member for a DM, else the group.
const std::string& ChatOf(const Action& a) { return a.type == ActionType::kDm && !a.member.empty() ? a.member : a.group; }

// Reports kept while the store refuses them; past this the oldest are dropped.
constexpr size_t kMaxWaitingReports = 100'000;

// The slot a message replaces ("replace_slot" in the action's extra fields), or "".
std::string ReplaceSlot(const Action& action) {
  if (action.extra.find("\"replace_slot\"") == std::string::npos) return {};
  auto j = nlohmann::json::parse("{" + action.extra + "}", nullptr, false);
  if (!j.is_object() || !j.contains("replace_slot") || !j["replace_slot"].is_string()) return {};
  return j["replace_slot"].get<std::string>();
}

}  // namespace

Dispatcher::Dispatcher(Store* store, const Clock* clock, DispatcherOptions options, Metrics* metrics)
    : store_(store),
      clock_(clock),
      options_(options),
      metrics_(metrics),
      rng_(options.seed),
      backlog_(store, {.page = std::max<size_t>(options.batch, 1), .per_lane = options.per_chat_kept,
                       .total = options.kept}) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.batch < 1) options_.batch = 1;
  if (options_.max_in_flight < 1) options_.max_in_flight = 1;
}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::AddAdapter(PlatformAdapter* adapter) { adapters_[std::string(adapter->platform())] = adapter; }

void Dispatcher::SetReportSink(EventSink* sink, std::function<Timestamp()> stamp) {
  report_sink_ = sink;
  stamp_ = std::move(stamp);
}

StoreStatus Dispatcher::Recover(size_t* moved) {
  if (moved) *moved = 0;
  std::vector<OutboxItem> stuck;
  if (auto st = store_->ListByState(OutboxItem::State::kInFlight, SIZE_MAX >> 1, &stuck); !st.ok()) return st;
  for (const auto& item : stuck) {
    const std::string why = "uncertain: crashed during delivery; check the platform before sending it again";
    if (auto st = store_->MarkFailed(item.key, why, 0, /*dead=*/true); !st.ok()) return st;
    auto action = ActionFromJson(item.json);
    std::string platform(action ? PlatformOf(ChatOf(*action)) : std::string_view());
    spdlog::warn("outbox: {} was in flight when the process stopped; dead letter (at most once)", item.key);
    if (metrics_) metrics_->CountDelivery(platform, "dead");
    Remember({clock_->Now(), item.key, platform, action ? std::string(ActionTypeName(action->type)) : "", "dead",
              why, item.attempts});
    Report(item.key, action ? &*action : nullptr, DeliveryOutcome::kDead, {}, why, {});
    if (moved) ++*moved;
  }
  FlushReports();
  return {};
}

size_t Dispatcher::RunOnce() {
  size_t outcomes = SettleFinished();
  RetryUnrecorded();
  if (!unrecorded_.empty()) {  // the store is failing: call no platform until it records again
    FlushReports();
    return outcomes;
  }
  if (auto st = backlog_.Refill(clock_->Now()); !st.ok()) {
    spdlog::error("outbox: cannot read pending actions: {}", st.ToString());
    return 0;
  }
  // Round-robin over the lanes with a due entry: each turn serves one entry of one lane, and
  // a lane that must wait (no token) sits out the rest of the pass, so one busy chat holds up
  // only itself.
  auto turns = backlog_.Turns();
  std::deque<std::string> queue(turns.begin(), turns.end());
  while (!queue.empty() && outcomes < options_.batch && in_flight_ < options_.max_in_flight) {
    std::string lane = std::move(queue.front());
    queue.pop_front();
    if (busy_lanes_.count(lane)) continue;  // one entry of a lane in flight at a time: order holds
    const OutboxItem* head = backlog_.Head(lane);
    if (!head) continue;
    OutboxItem item = *head;
    Fate fate = Process(lane, item, &outcomes);
    if (fate.kind == Fate::kStay || fate.kind == Fate::kCalling) continue;
    Advance(lane, 0, fate);
    if (backlog_.Head(lane)) queue.push_back(std::move(lane));
    if (!unrecorded_.empty()) break;
  }
  FlushReports();
  return outcomes;
}

void Dispatcher::Advance(const std::string& lane, uint64_t position, const Fate& fate) {
  if (fate.kind == Fate::kGone) backlog_.Done(lane, position);
  else if (fate.kind == Fate::kRetry) backlog_.RetryAt(lane, fate.next, fate.error, position);
}

size_t Dispatcher::SettleFinished() {
  std::vector<std::unique_ptr<Call>> done;
  {
    std::lock_guard lock(call_mu_);
    done.swap(finished_);
  }
  for (auto& call : done) {
    Fate fate = Settle(call->item, call->action, *call->adapter, call->platform, call->result);
    --in_flight_;
    --adapter_in_flight_[call->adapter];
    busy_lanes_.erase(call->lane);
    Advance(call->lane, call->item.position, fate);
  }
  return done.size();
}

void Dispatcher::WorkerLoop() {
  std::unique_lock lock(call_mu_);
  for (;;) {
    call_cv_.wait(lock, [this] { return workers_stopping_ || !to_call_.empty(); });
    if (to_call_.empty()) return;  // stopping, and every call handed over has been made
    std::unique_ptr<Call> call = std::move(to_call_.front());
    to_call_.pop_front();
    lock.unlock();
    call->result = CallAdapter(*call->adapter, call->action);
    lock.lock();
    finished_.push_back(std::move(call));
    call_cv_.notify_all();
    lock.unlock();
    Wake();  // the dispatcher records it and gives the lane its next entry
    lock.lock();
  }
}

void Dispatcher::Drain() {
  while (in_flight_ > 0) {
    {
      std::unique_lock lock(call_mu_);
      call_cv_.wait(lock, [this] { return !finished_.empty(); });
    }
    SettleFinished();
  }
  FlushReports();
  {
    std::lock_guard lock(call_mu_);
    workers_stopping_ = true;
  }
  call_cv_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
  std::lock_guard lock(call_mu_);
  workers_stopping_ = false;
}

Dispatcher::Fate Dispatcher::Process(const std::string& lane, const OutboxItem& item, size_t* outcomes) {
  std::string why;
  auto parsed = ActionFromJson(item.json, &why);
  if (!parsed) {
    ++*outcomes;
    return Finish(item, nullptr, "", "dead", {item.key, false, "unreadable action: " + why, 0, true});
  }
  const Action& action = *parsed;
  std::string platform(PlatformOf(ChatOf(action)));
  if (action.type == ActionType::kTask || action.type == ActionType::kAlert) {
    ++*outcomes;
    return Task(item, action, platform, action.type == ActionType::kTask ? "task for an operator" : "alert for staff");
  }
  // A request answer may name only its request_id; with one adapter there is one place for it.
  if (platform.empty() && adapters_.size() == 1) platform = adapters_.begin()->first;
  auto it = adapters_.find(platform);
  if (it == adapters_.end()) {
    ++*outcomes;
    return Finish(item, &action, platform, "dead",
                  {item.key, false, "no adapter for platform '" + platform + "'", 0, true});
  }
  PlatformAdapter& adapter = *it->second;
  const PlatformCapabilities& caps = adapter.capabilities();
  if (IsMessage(action.type) && caps.sends_need_human) {
    ++*outcomes;
    return Task(item, action, platform, "needs a human: " + platform + " sends are confirmed by a person");
  }
  if (!Supports(caps, action.type)) {
    ++*outcomes;
    return Unsupported(item, action, platform, {});
  }
  bool pipelined = options_.max_in_flight > 1;
  // An adapter that takes one call at a time waits here, before it spends a pacing token.
  if (pipelined && !adapter.concurrent_deliveries() && adapter_in_flight_[&adapter] > 0) return {};
  Micros now = clock_->Now();
  if (Pace(adapter, action, now) == Gate::kWait) return {};

  if (action.type == ActionType::kMute && action.seconds > 0 && !caps.mute_timed) {
    // The platform mutes without a duration: the lift is queued first, so no crash can
    // leave a member muted for good. Lifting a mute that never took hold is harmless.
    Action lift = action;
    lift.seconds = 0;
    lift.reason = action.reason + ":lift";
    lift.key = item.key + ".lift";
    OutboxEntry e{lift.key, item.seq, ActionToJson(lift), now + action.seconds * kMicrosPerSecond};
    size_t inserted = 0;
    if (auto st = store_->EnqueueActions({&e, 1}, &inserted); !st.ok()) {
      spdlog::error("outbox: cannot queue the lift of mute {}: {}; not muting now", item.key, st.ToString());
      return {};
    }
    if (metrics_) metrics_->outbox_pending += static_cast<int64_t>(inserted);
  }
  if (auto st = store_->MarkInFlight(item.key); !st.ok()) {
    spdlog::error("outbox: cannot mark {} in flight: {}; not delivering it now", item.key, st.ToString());
    return {};
  }
  if (pipelined) {
    auto call = std::make_unique<Call>(Call{lane, item, action, &adapter, platform, {}});
    ++in_flight_;
    ++adapter_in_flight_[&adapter];
    busy_lanes_.insert(lane);
    {
      std::lock_guard lock(call_mu_);
      // A worker per call that may be under way, started on first need.
      if (workers_.size() < options_.max_in_flight && workers_.size() < in_flight_)
        workers_.emplace_back([this] { WorkerLoop(); });
      to_call_.push_back(std::move(call));
    }
    call_cv_.notify_one();
    return {Fate::kCalling, 0, {}};
  }
  DeliveryResult r = CallAdapter(adapter, action);
  ++*outcomes;
  return Settle(item, action, adapter, platform, r);
}

Dispatcher::Fate Dispatcher::Settle(const OutboxItem& item, const Action& action, PlatformAdapter& adapter,
                                    const std::string& platform, const DeliveryResult& r) {
  const PlatformCapabilities& caps = adapter.capabilities();
  Micros now = clock_->Now();
  int64_t attempts = item.attempts + 1;
  using Code = DeliveryResult::Code;
  switch (r.code) {
    case Code::kDelivered: {
      // The engine replaces the message only where the platform can delete it by its id.
      std::string slot = ReplaceSlot(action);
      if (r.platform_ref.empty() || !Supports(caps, ActionType::kDelete)) slot.clear();
      return Finish(item, &action, platform, "delivered", {item.key, true, r.platform_ref, 0, false},
                    DeliveryOutcome::kDelivered, std::move(slot));
    }
    case Code::kRejected:
      return Finish(item, &action, platform, "dead", {item.key, false, "rejected: " + r.detail, 0, true},
                    DeliveryOutcome::kRejected);
    case Code::kUnsupported:
      return Unsupported(item, action, platform, r.detail);
    case Code::kRateLimited:
    case Code::kRetry: {
      if (attempts >= options_.max_attempts)
        return Finish(item, &action, platform, "dead",
                      {item.key, false, "gave up after " + std::to_string(attempts) + " attempts: " + r.detail, 0,
                       true});
      Micros next = now + Backoff(attempts);
      if (r.code == Code::kRateLimited) {
        next = now + std::max<Micros>(r.retry_after, 0);
        HoldAfter429(adapter, action, next);
      }
      return Finish(item, &action, platform, "failed", {item.key, false, r.detail, next, false});
    }
  }
  return {};
}

TokenBucket& Dispatcher::Bucket(const std::string& key, double rate, double burst, Micros now) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) it = buckets_.emplace(key, TokenBucket(rate, burst, now)).first;
  return it->second;
}

Dispatcher::Gate Dispatcher::Pace(PlatformAdapter& adapter, const Action& action, Micros now) {
  const PlatformLimits& l = adapter.limits();
  std::string platform(adapter.platform());
  TokenBucket* gates[4];
  size_t n = 0;
  gates[n++] = &Bucket(platform + "|account|" + adapter.AccountFor(action.group), l.per_account_per_second,
                       l.per_account_per_second, now);
  if (l.per_platform_per_second > 0)
    gates[n++] = &Bucket(platform + "|platform", l.per_platform_per_second, l.per_platform_per_second, now);
  if (IsMessage(action.type)) {
    const std::string& chat = ChatOf(action);
    gates[n++] = &Bucket(chat + "|second", l.per_chat_per_second, 1, now);
    gates[n++] = &Bucket(chat + "|minute", l.per_chat_per_minute / 60.0, l.per_chat_per_minute, now);
  }
  for (size_t i = 0; i < n; ++i)
    if (!gates[i]->Ready(now)) return Gate::kWait;
  for (size_t i = 0; i < n; ++i) gates[i]->TryTake(now);
  return Gate::kGo;
}

void Dispatcher::HoldAfter429(PlatformAdapter& adapter, const Action& action, Micros until) {
  const PlatformLimits& l = adapter.limits();
  if (IsMessage(action.type)) {
    Bucket(ChatOf(action) + "|second", l.per_chat_per_second, 1, clock_->Now()).HoldUntil(until);
  } else {
    Bucket(std::string(adapter.platform()) + "|account|" + adapter.AccountFor(action.group), l.per_account_per_second,
           l.per_account_per_second, clock_->Now())
        .HoldUntil(until);
  }
}

Micros Dispatcher::Backoff(int64_t attempt) {
  Micros d = options_.backoff_base;
  for (int64_t i = 1; i < attempt && d < options_.backoff_cap; ++i) d *= 2;
  d = std::min(d, options_.backoff_cap);
  return d / 2 + static_cast<Micros>(rng_.Unit() * static_cast<double>(d / 2));
}

Dispatcher::Fate Dispatcher::Finish(const OutboxItem& item, const Action* action_ptr, std::string_view platform,
                        std::string_view outcome, Unrecorded rec, DeliveryOutcome report_as, std::string slot) {
  std::string_view action = action_ptr ? ActionTypeName(action_ptr->type) : std::string_view();
  StoreStatus st = rec.delivered ? store_->MarkDelivered(rec.key)
                                 : store_->MarkFailed(rec.key, rec.error, rec.next_attempt, rec.dead);
  if (!st.ok()) {
    spdlog::error("outbox: cannot record the outcome of {}: {}; will retry", rec.key, st.ToString());
    unrecorded_.push_back(rec);
  }
  if (metrics_) {
    metrics_->CountDelivery(platform, outcome);
    if (outcome != "failed") --metrics_->outbox_pending;
  }
  if (outcome == "dead") spdlog::warn("outbox: {} is a dead letter: {}", item.key, rec.error);
  Remember({clock_->Now(), item.key, std::string(platform), std::string(action), std::string(outcome),
            rec.delivered ? std::string() : rec.error, item.attempts + (outcome == "task" ? 0 : 1)});
  if (outcome == "failed") return {Fate::kRetry, rec.next_attempt, rec.error};  // not an outcome yet
  if (rec.delivered) Report(item.key, action_ptr, DeliveryOutcome::kDelivered, rec.error, {}, std::move(slot));
  else Report(item.key, action_ptr, report_as, {}, rec.error, {});
  return {Fate::kGone, 0, {}};
}

Dispatcher::Fate Dispatcher::Task(const OutboxItem& item, const Action& a, std::string_view platform, const std::string& note) {
  std::string_view action = ActionTypeName(a.type);
  if (auto st = store_->MarkTask(item.key, note); !st.ok()) {
    spdlog::error("outbox: cannot hold {} as a task: {}", item.key, st.ToString());
    return {};  // still pending: the next pass tries again
  }
  if (metrics_) {
    metrics_->CountDelivery(platform, "task");
    --metrics_->outbox_pending;
  }
  Remember({clock_->Now(), item.key, std::string(platform), std::string(action), "task", note, item.attempts});
  Report(item.key, &a, DeliveryOutcome::kTask, {}, note, {});
  return {Fate::kGone, 0, {}};
}

Dispatcher::Fate Dispatcher::Unsupported(const OutboxItem& item, const Action& action, std::string_view platform,
                             std::string detail) {
  std::string why = "unsupported: " + std::string(platform) + " cannot " + std::string(ActionTypeName(action.type));
  if (!detail.empty()) why += " (" + detail + ")";
  Action task;
  task.type = ActionType::kTask;
  task.ts = action.ts;
  task.group = action.group;
  task.member = action.member;
  task.reason = "unsupported:" + std::string(ActionTypeName(action.type));
  task.key = action.key + ".task";
  task.text = why + "; do it by hand: " + ActionToJson(action);
  task.extra = "\"for\":" + nlohmann::json(action.key).dump();
  OutboxEntry entry{task.key, item.seq, ActionToJson(task)};
  size_t inserted = 0;
  if (auto st = store_->EnqueueActions({&entry, 1}, &inserted); !st.ok()) {
    spdlog::error("outbox: cannot enqueue the operator task for {}: {}; will retry", item.key, st.ToString());
    return {};  // the entry stays pending, so the task is not lost
  }
  if (metrics_) metrics_->outbox_pending += static_cast<int64_t>(inserted);
  return Finish(item, &action, platform, "dead", {item.key, false, why, 0, true}, DeliveryOutcome::kUnsupported);
}

void Dispatcher::Report(const std::string& key, const Action* action, DeliveryOutcome outcome, std::string msg_id,
                        std::string error, std::string slot) {
  if (!report_sink_) return;
  DeliveryReport r;
  r.key = key;
  r.outcome = outcome;
  if (action) {
    r.action = ActionTypeName(action->type);
    r.group = action->group;
    r.reason = action->reason;
  }
  r.msg_id = std::move(msg_id);
  r.error = std::move(error);
  r.slot = std::move(slot);
  reports_.push_back(DeliveryEvent(r, stamp_ ? stamp_() : Timestamp{.utc = clock_->Now(), .zulu = true}));
}

void Dispatcher::FlushReports() {
  if (!report_sink_) return;
  std::vector<Event> batch;
  {
    std::lock_guard lock(report_mu_);
    batch.assign(std::make_move_iterator(report_retry_.begin()), std::make_move_iterator(report_retry_.end()));
    report_retry_.clear();
  }
  for (auto& e : reports_) batch.push_back(std::move(e));
  reports_.clear();
  if (batch.empty()) return;
  // Kept for the answer: a batch the store refused is offered again on the next pass.
  auto copy = std::make_shared<std::vector<Event>>(batch);
  report_sink_->Submit(std::move(batch), [this, copy](EventSink::Ack ack) {
    std::lock_guard lock(report_mu_);
    if (!ack.stored) {
      report_retry_.insert(report_retry_.begin(), std::make_move_iterator(copy->begin()),
                           std::make_move_iterator(copy->end()));
      while (report_retry_.size() > kMaxWaitingReports) {
        spdlog::warn("outbox: dropping an unreported outcome ({} wait for the store)", report_retry_.size());
        report_retry_.pop_front();
      }
      return;
    }
    reports_refused_ += ack.errors.size();
    for (const auto& why : ack.errors) spdlog::warn("outbox: the log refused a delivery report: {}", why);
  });
}

uint64_t Dispatcher::reports_refused() const {
  std::lock_guard lock(report_mu_);
  return reports_refused_;
}

size_t Dispatcher::reports_waiting() const {
  std::lock_guard lock(report_mu_);
  return report_retry_.size();
}

void Dispatcher::RetryUnrecorded() {
  std::vector<Unrecorded> still;
  for (auto& rec : unrecorded_) {
    StoreStatus st = rec.delivered ? store_->MarkDelivered(rec.key)
                                   : store_->MarkFailed(rec.key, rec.error, rec.next_attempt, rec.dead);
    if (!st.ok()) still.push_back(std::move(rec));
  }
  unrecorded_ = std::move(still);
}

void Dispatcher::Remember(DeliveryRecord rec) {
  std::lock_guard lock(recent_mu_);
  recent_.push_back(std::move(rec));
  while (recent_.size() > options_.recent_kept) recent_.pop_front();
}

std::vector<DeliveryRecord> Dispatcher::Recent() const {
  std::lock_guard lock(recent_mu_);
  return {recent_.begin(), recent_.end()};
}

void Dispatcher::Start() {
  thread_ = std::thread([this] {
    for (;;) {
      size_t done = RunOnce();
      std::unique_lock lock(run_mu_);
      if (stopping_) return;
      if (done > 0 && !woken_) continue;
      run_cv_.wait_for(lock, std::chrono::microseconds(options_.idle_poll), [this] { return stopping_ || woken_; });
      woken_ = false;
      if (stopping_) return;
    }
  });
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(run_mu_);
    stopping_ = true;
  }
  run_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  // The dispatcher thread is gone (or never ran): the calls under way are recorded here.
  Drain();
}

void Dispatcher::Wake() {
  {
    std::lock_guard lock(run_mu_);
    woken_ = true;
  }
  run_cv_.notify_all();
}

}  // namespace shoal
