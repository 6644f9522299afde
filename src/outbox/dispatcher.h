// The outbox delivery loop: reads pending actions from the Store, routes each to the
// PlatformAdapter of its platform (PlatformOf(group), or of member for a DM), paces them,
// and records every outcome durably. The rules, in the order they apply to one entry:
//
// - People's work. kTask and kAlert entries are never sent: they move to the store's task
//   list (state kTask) where the dashboard reads them. So do sends on a platform whose
//   sends need a human (capabilities().sends_need_human).
// - Unsupported. An action the platform cannot do (Supports() false, or the adapter
//   answers kUnsupported) is never dropped: it becomes a dead letter "unsupported: <platform>
//   cannot <action>", and a kTask action keyed "<key>.task" is enqueued for an operator
//   (it lands in the task list on the next pass). The task is enqueued first, so a crash
//   between the two writes repeats an idempotent enqueue rather than losing the task.
// - An action naming no chat (a request answer with only its request_id) goes to the only
//   adapter when there is one.
// - No adapter for the platform: a dead letter "no adapter for platform 'x'" (visible, not
//   left to clog the head of the queue).
// - Pacing. Token buckets (TokenBucket, on the injected Clock) per account
//   (adapter->AccountFor(group); every call), per chat (messages only: send, announce, dm;
//   per_chat_per_second and per_chat_per_minute) and per platform (per_platform_per_second,
//   0 = none). An entry without a token waits, untouched, for a later pass. Fairness: pending
//   entries are held in lanes (a chat's messages; a chat's other calls: outbox/backlog.h)
//   served round-robin, so a chat with thousands of paced messages delays only itself;
//   memory holds at most per_chat_kept entries a lane and `kept` in all. Moderation
//   calls (delete, kick, mute) are paced only by the account, so a spam wave is cleaned up
//   at once.
// - Pipelining. Up to max_in_flight platform calls are under way at once, made by worker
//   threads while the dispatcher paces and records (1 = one call at a time, on the
//   dispatcher's own thread, as before). A lane has at most one entry in flight, so a chat's
//   messages still go out one after another in order; an adapter that is not
//   concurrent_deliveries() has at most one call in flight. Stop() waits for the calls under
//   way and records their outcomes.
// - At most once. Before Deliver the entry is marked in flight durably; if that write
//   fails the platform is not called. On start, Recover() moves entries still in flight
//   (the process died mid-delivery: the platform may or may not have it) to the dead
//   letters as "uncertain: crashed during delivery", for an operator to check, rather than
//   sending them again. The action's key goes to the adapter (OneBot's echo).
// - Outcomes. kDelivered: done. kRetry: again after an exponential backoff (base * 2^(n-1),
//   capped, with "equal jitter" in [d/2, d] from a seeded Rng), until max_attempts, then a
//   dead letter. kRateLimited: the chat (or account) is held for retry_after and the entry
//   retried no sooner; it counts as an attempt. kRejected: a dead letter at once with the
//   platform's words.
// - Timed mutes where the platform has no duration (mute_untimed, XMPP voice): before the
//   mute goes out, a "mute 0" keyed "<key>.lift" is queued not before now + seconds, so the
//   member gets their voice back as on a platform that times mutes itself.
// - Reporting. Every final outcome (delivered with the platform's message id, rejected,
//   unsupported, dead, task; not a retry) becomes a `delivery` event (outbox/delivery_event.h)
//   handed to the report sink once per pass, so it is logged and the engine learns it. A
//   delivered message whose extra fields name a "replace_slot" (a welcome) carries the slot in
//   its report when the platform can delete and gave the message an id; the engine then
//   emits the delete of the message it replaces (features/delivery/delivery_ledger.h). A
//   batch the store refused is offered again on the next pass.
// Outcomes are counted per platform in Metrics and kept in a short in-memory list (Recent).
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "outbox/backlog.h"
#include "outbox/delivery_event.h"
#include "outbox/token_bucket.h"
#include "server/metrics.h"
#include "shoal/adapter.h"
#include "shoal/rng.h"
#include "shoal/store.h"

namespace shoal {

struct DispatcherOptions {
  size_t batch = 256;          // outcomes per pass at most, and entries read per store call
  size_t per_chat_kept = 1024;  // entries of one chat (or its calls) held in memory; the rest wait in the store
  size_t kept = 50'000;        // entries held in memory in all
  bool report_outcomes = true;  // serve: log final outcomes as `delivery` events (SetReportSink)
  int max_attempts = 8;        // kRetry / kRateLimited attempts before a dead letter
  Micros backoff_base = kMicrosPerSecond;
  Micros backoff_cap = 10 * kMicrosPerMinute;
  uint64_t seed = 1;           // jitter
  size_t recent_kept = 200;    // outcomes kept for Recent()
  Micros idle_poll = 50'000;   // Start(): re-read the store at least this often (wall time)
  // Platform calls under way at once; 1 = one at a time, inline, so RunOnce has made every
  // call it counts. `outbox.max_in_flight` in the config defaults to kDefaultMaxInFlight.
  size_t max_in_flight = 1;
  static constexpr size_t kDefaultMaxInFlight = 32;
};

// One outcome, for the read side.
struct DeliveryRecord {
  Micros at = 0;
  std::string key;
  std::string platform;
  std::string action;   // "send", "kick", …
  std::string outcome;  // delivered, failed, dead, task
  std::string detail;
  int64_t attempts = 0;
};

class Dispatcher {
 public:
  // `metrics` may be null. The store, clock, adapters and metrics outlive the dispatcher.
  Dispatcher(Store* store, const Clock* clock, DispatcherOptions options, Metrics* metrics);
  ~Dispatcher();

  // Registers the adapter for its platform(); before Recover/RunOnce/Start.
  void AddAdapter(PlatformAdapter* adapter);
  // Where final outcomes go as `delivery` events; before Recover/RunOnce/Start. `stamp` dates
  // them (the server passes the engine's time, so a report never moves engine time forward).
  // Without a sink outcomes are only recorded in the store, metrics and Recent.
  void SetReportSink(EventSink* sink, std::function<Timestamp()> stamp);
  // Reports the sink refused as invalid (never retried), and reports waiting to be offered again.
  uint64_t reports_refused() const;
  size_t reports_waiting() const;

  // Moves entries left in flight by a crash to the dead letters; *moved counts them.
  StoreStatus Recover(size_t* moved = nullptr);
  // One pass over what is due now; returns how many entries reached an outcome (delivered,
  // failed, dead or task). Entries waiting for a token are not counted.
  size_t RunOnce();

  // Runs passes on a thread until Stop(): a busy pass repeats at once, an idle one waits
  // idle_poll or Wake(). Stop() finishes the pass under way.
  void Start();
  void Stop();
  void Wake();

  // The latest outcomes, oldest first.
  std::vector<DeliveryRecord> Recent() const;
  // Platform calls handed to the workers whose outcome is not recorded yet (dispatcher thread).
  size_t in_flight() const { return in_flight_; }

 private:
  struct Unrecorded {  // an outcome the store refused to record; retried every pass
    std::string key;
    bool delivered = false;
    std::string error;
    Micros next_attempt = 0;
    bool dead = false;
  };
  enum class Gate : uint8_t { kGo, kWait };
  // What became of an entry after one try: its outcome is decided (kGone), it is tried again
  // from `next` (kRetry), or it is as it was (kStay: no token yet, or the store refused a write).
  // kCalling: handed to a worker; its lane waits for the answer.
  struct Fate {
    enum Kind : uint8_t { kGone, kRetry, kStay, kCalling } kind = kStay;
    Micros next = 0;
    std::string error;
  };

  // A platform call a worker makes: the entry, what it was, and (once made) the answer.
  struct Call {
    std::string lane;
    OutboxItem item;
    Action action;
    PlatformAdapter* adapter = nullptr;
    std::string platform;
    DeliveryResult result;
  };

  Fate Process(const std::string& lane, const OutboxItem& item, size_t* outcomes);
  // What the answer to one call means for its entry (the dispatcher's thread, either way).
  Fate Settle(const OutboxItem& item, const Action& action, PlatformAdapter& adapter, const std::string& platform,
              const DeliveryResult& r);
  // Records the outcomes of the calls the workers finished; returns how many.
  size_t SettleFinished();
  // Lets the lane of a settled or kept entry move on, as its fate says.
  void Advance(const std::string& lane, uint64_t position, const Fate& fate);
  void WorkerLoop();
  // Waits for every call under way, records them, and ends the workers.
  void Drain();
  Gate Pace(PlatformAdapter& adapter, const Action& action, Micros now);
  TokenBucket& Bucket(const std::string& key, double rate, double burst, Micros now);
  void HoldAfter429(PlatformAdapter& adapter, const Action& action, Micros until);
  Micros Backoff(int64_t attempt);
  // Records the outcome in the store (or keeps it for retry) and in metrics and Recent; a
  // final one (not "failed") is also reported as `report_as`.
  Fate Finish(const OutboxItem& item, const Action* action, std::string_view platform, std::string_view outcome,
              Unrecorded rec, DeliveryOutcome report_as = DeliveryOutcome::kDead, std::string slot = {});
  Fate Task(const OutboxItem& item, const Action& action, std::string_view platform, const std::string& note);
  Fate Unsupported(const OutboxItem& item, const Action& action, std::string_view platform, std::string detail);
  void RetryUnrecorded();
  void Report(const std::string& key, const Action* action, DeliveryOutcome outcome, std::string msg_id,
              std::string error, std::string slot);
  // Hands this pass's reports (and any refused earlier) to the report sink.
  void FlushReports();
  void Remember(DeliveryRecord rec);

  Store* store_;
  const Clock* clock_;
  DispatcherOptions options_;
  Metrics* metrics_;
  Rng rng_;
  std::map<std::string, PlatformAdapter*, std::less<>> adapters_;
  Backlog backlog_;  // dispatcher thread only
  std::map<std::string, TokenBucket, std::less<>> buckets_;  // dispatcher thread only
  std::vector<Unrecorded> unrecorded_;
  EventSink* report_sink_ = nullptr;
  std::function<Timestamp()> stamp_;
  std::vector<Event> reports_;  // this pass's, dispatcher thread only

  // Reports whose batch the store refused, filled on the sink's thread and offered again.
  mutable std::mutex report_mu_;
  std::deque<Event> report_retry_;
  uint64_t reports_refused_ = 0;

  mutable std::mutex recent_mu_;
  std::deque<DeliveryRecord> recent_;

  // Pipelining: the dispatcher thread owns the counts; calls pass to and from the workers
  // through the queues under call_mu_.
  size_t in_flight_ = 0;
  std::set<std::string, std::less<>> busy_lanes_;  // lanes with an entry in flight
  std::map<PlatformAdapter*, size_t> adapter_in_flight_;
  std::mutex call_mu_;
  std::condition_variable call_cv_;
  std::deque<std::unique_ptr<Call>> to_call_;
  std::vector<std::unique_ptr<Call>> finished_;
  bool workers_stopping_ = false;
  std::vector<std::thread> workers_;

  std::mutex run_mu_;
  std::condition_variable run_cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace shoal
