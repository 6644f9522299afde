#include "outbox/dispatcher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include "outbox/fake_platform.h"
#include "store/faulty_store.h"
#include "store/memory_store.h"
#include "shoal/event_codec.h"

namespace shoal {
namespace {

Action Make(ActionType type, std::string key, std::string group, std::string member = {}) {
  Action a;
  a.type = type;
  a.ts = Timestamp{.utc = 0, .zulu = true};
  a.group = std::move(group);
  a.member = std::move(member);
  a.text = "hello";
  a.reason = "test";
  a.key = std::move(key);
  return a;
}

class DispatcherTest : public ::testing::Test {
 protected:
  void Enqueue(const Action& a, uint64_t seq = 1) {
    OutboxEntry e{a.key, seq, ActionToJson(a)};
    ASSERT_TRUE(store_.EnqueueActions({&e, 1}, nullptr).ok());
  }
  OutboxItem Item(const std::string& key) {
    std::optional<OutboxItem> item;
    EXPECT_TRUE(store_.GetOutboxItem(key, &item).ok());
    EXPECT_TRUE(item) << key;
    return item.value_or(OutboxItem{});
  }
  std::unique_ptr<Dispatcher> Make(PlatformAdapter* adapter, DispatcherOptions opt = {}) {
    auto d = std::make_unique<Dispatcher>(&store_, &clock_, opt, &metrics_);
    d->AddAdapter(adapter);
    return d;
  }

  MemoryStore store_;
  ManualClock clock_{1'000 * kMicrosPerSecond};
  Metrics metrics_;
};

TEST_F(DispatcherTest, DeliversAndRecordsTheOutcome) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  auto d = Make(&qq);
  Enqueue(shoal::Make(ActionType::kSend, "1.0", "qq:1"));
  Enqueue(shoal::Make(ActionType::kKick, "1.1", "qq:1", "qq:7"));
  EXPECT_EQ(d->RunOnce(), 2u);
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"1.0", "1.1"}));
  EXPECT_EQ(Item("1.0").state, OutboxItem::State::kDelivered);
  EXPECT_EQ(Item("1.1").state, OutboxItem::State::kDelivered);
  EXPECT_EQ(metrics_.deliveries("qq", "delivered"), 2u);
  EXPECT_NE(metrics_.Render().find("shoal_outbox_deliveries_total{platform=\"qq\",outcome=\"delivered\"} 2"),
            std::string::npos);
  auto recent = d->Recent();
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[1].key, "1.1");
  EXPECT_EQ(recent[1].action, "kick");
  EXPECT_EQ(recent[1].outcome, "delivered");
  EXPECT_EQ(d->RunOnce(), 0u);  // nothing is sent twice
  EXPECT_EQ(qq.calls().size(), 2u);
}

TEST_F(DispatcherTest, NoChatGetsMoreThanItsRate) {
  PlatformLimits limits;
  limits.per_chat_per_second = 1;
  limits.per_chat_per_minute = 1000;
  limits.per_account_per_second = 1000;
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), limits, &clock_);
  auto d = Make(&qq);
  for (int i = 0; i < 5; ++i) {
    Enqueue(shoal::Make(ActionType::kSend, "a." + std::to_string(i), "qq:1"));
    Enqueue(shoal::Make(ActionType::kSend, "b." + std::to_string(i), "qq:2"));
  }
  EXPECT_EQ(d->RunOnce(), 2u);  // one per chat at once
  for (int step = 0; step < 100; ++step) {
    clock_.Advance(100'000);
    d->RunOnce();
  }
  auto calls = qq.calls();
  ASSERT_EQ(calls.size(), 10u);
  std::map<std::string, std::vector<Micros>> at;
  for (const auto& c : calls) at[c.action.group].push_back(c.at);
  for (const auto& [chat, times] : at) {
    ASSERT_EQ(times.size(), 5u) << chat;
    for (size_t i = 1; i < times.size(); ++i) EXPECT_GE(times[i] - times[i - 1], kMicrosPerSecond) << chat;
  }
  // Deletes are moderation: not held back by the chat's message pace.
  Enqueue(shoal::Make(ActionType::kSend, "c.0", "qq:3"));
  Enqueue(shoal::Make(ActionType::kSend, "c.1", "qq:3"));
  Enqueue(shoal::Make(ActionType::kDelete, "c.2", "qq:3"));
  EXPECT_EQ(d->RunOnce(), 2u);
  EXPECT_EQ(qq.delivered_keys().back(), "c.2");
}

TEST_F(DispatcherTest, PerMinuteBucket) {
  PlatformLimits limits;
  limits.per_chat_per_second = 100;
  limits.per_chat_per_minute = 20;
  limits.per_account_per_second = 1000;
  FakePlatform tg("tg", FakePlatform::AllCapabilities(), limits, &clock_);
  auto d = Make(&tg);
  for (int i = 0; i < 25; ++i) Enqueue(shoal::Make(ActionType::kSend, "m." + std::to_string(i), "tg:1"));
  for (int i = 0; i < 25; ++i) {
    clock_.Advance(10'000);  // 100/s allows one every 10 ms
    d->RunOnce();
  }
  EXPECT_EQ(tg.calls().size(), 20u);  // the minute's burst
  clock_.Advance(2 * kMicrosPerSecond);
  d->RunOnce();
  EXPECT_EQ(tg.calls().size(), 20u);
  clock_.Advance(kMicrosPerSecond);  // 20/min: one more every 3 s
  d->RunOnce();
  EXPECT_EQ(tg.calls().size(), 21u);
}

TEST_F(DispatcherTest, AccountBucketSpansItsGroups) {
  PlatformLimits slow_account;
  slow_account.per_account_per_second = 1;
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), slow_account, &clock_);
  qq.SetAccount("qq:1", "bot-a");
  qq.SetAccount("qq:2", "bot-a");
  qq.SetAccount("qq:3", "bot-b");
  auto d = Make(&qq);
  Enqueue(shoal::Make(ActionType::kKick, "k.1", "qq:1", "qq:9"));
  Enqueue(shoal::Make(ActionType::kKick, "k.2", "qq:2", "qq:9"));
  Enqueue(shoal::Make(ActionType::kKick, "k.3", "qq:3", "qq:9"));
  d->RunOnce();
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"k.1", "k.3"}));  // bot-a has one call a second
  clock_.Advance(kMicrosPerSecond);
  d->RunOnce();
  EXPECT_EQ(qq.delivered_keys().size(), 3u);
}

TEST_F(DispatcherTest, BackoffGrowsAndGivesUpAfterMaxAttempts) {
  PlatformLimits fast;  // pacing is not under test here: a retry is never held by its chat's bucket
  fast.per_chat_per_second = 1000;
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), fast, &clock_);
  qq.FailNext(DeliveryResult::Retry("timeout waiting for the peer"), 100);
  DispatcherOptions opt;
  opt.max_attempts = 6;
  opt.backoff_base = kMicrosPerSecond;
  opt.backoff_cap = 8 * kMicrosPerSecond;
  opt.seed = 42;
  auto d = Make(&qq, opt);
  Enqueue(shoal::Make(ActionType::kSend, "r.0", "qq:1"));
  std::vector<Micros> delays;
  for (int attempt = 1; attempt < opt.max_attempts; ++attempt) {
    ASSERT_EQ(d->RunOnce(), 1u) << attempt;
    OutboxItem item = Item("r.0");
    ASSERT_EQ(item.state, OutboxItem::State::kPending);
    EXPECT_EQ(item.attempts, attempt);
    EXPECT_EQ(item.last_error, "timeout waiting for the peer");
    Micros delay = item.next_attempt - clock_.Now();
    Micros full = std::min<Micros>(opt.backoff_cap, kMicrosPerSecond << (attempt - 1));
    EXPECT_GE(delay, full / 2) << attempt;
    EXPECT_LE(delay, full) << attempt;
    delays.push_back(delay);
    clock_.Advance(delay - 1);
    EXPECT_EQ(d->RunOnce(), 0u);  // never before its time
    clock_.Advance(1);
  }
  // Below the cap each delay's range [d/2, d] starts where the previous one ended.
  for (size_t i = 1; i < delays.size(); ++i)
    if ((kMicrosPerSecond << i) <= opt.backoff_cap) EXPECT_GE(delays[i], delays[i - 1]) << i;
  EXPECT_GT(delays.back(), delays.front());
  ASSERT_EQ(d->RunOnce(), 1u);
  OutboxItem item = Item("r.0");
  EXPECT_EQ(item.state, OutboxItem::State::kDead);
  EXPECT_EQ(item.last_error, "gave up after 6 attempts: timeout waiting for the peer");
  EXPECT_EQ(metrics_.deliveries("qq", "failed"), 5u);
  EXPECT_EQ(metrics_.deliveries("qq", "dead"), 1u);
}

TEST_F(DispatcherTest, RateLimitedWaitsRetryAfterAndHoldsTheChat) {
  FakePlatform tg("tg", FakePlatform::AllCapabilities(), {}, &clock_);
  tg.FailNext(DeliveryResult::RateLimited(17 * kMicrosPerSecond, "Too Many Requests: retry after 17"));
  auto d = Make(&tg);
  Enqueue(shoal::Make(ActionType::kSend, "s.0", "tg:1"));
  Enqueue(shoal::Make(ActionType::kSend, "s.1", "tg:1"));
  Enqueue(shoal::Make(ActionType::kSend, "s.2", "tg:2"));
  d->RunOnce();
  EXPECT_EQ(Item("s.0").next_attempt, clock_.Now() + 17 * kMicrosPerSecond);
  EXPECT_EQ(tg.delivered_keys(), (std::vector<std::string>{"s.2"}));  // tg:1 is held, tg:2 is not
  for (int i = 0; i < 16; ++i) {
    clock_.Advance(kMicrosPerSecond);
    d->RunOnce();
  }
  EXPECT_EQ(tg.delivered_keys().size(), 1u);
  clock_.Advance(kMicrosPerSecond);
  d->RunOnce();
  EXPECT_EQ(tg.delivered_keys(), (std::vector<std::string>{"s.2", "s.0"}));
  clock_.Advance(kMicrosPerSecond);
  d->RunOnce();
  EXPECT_EQ(tg.delivered_keys().size(), 3u);
}

TEST_F(DispatcherTest, RejectedIsADeadLetterAtOnce) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  qq.FailNext(DeliveryResult::Rejected("retcode 100 NOT_MANAGEABLE 机器人权限不足"));
  auto d = Make(&qq);
  Enqueue(shoal::Make(ActionType::kMute, "x.0", "qq:1", "qq:7"));
  d->RunOnce();
  OutboxItem item = Item("x.0");
  EXPECT_EQ(item.state, OutboxItem::State::kDead);
  EXPECT_EQ(item.last_error, "rejected: retcode 100 NOT_MANAGEABLE 机器人权限不足");
  EXPECT_EQ(item.attempts, 1);
  clock_.Advance(kMicrosPerHour);
  d->RunOnce();
  EXPECT_EQ(qq.calls().size(), 1u);
}

TEST_F(DispatcherTest, UnsupportedBecomesADeadLetterAndAnOperatorTask) {
  PlatformCapabilities caps = FakePlatform::AllCapabilities();
  caps.create_group = false;
  FakePlatform qq("qq", caps, {}, &clock_);
  qq.FailNext(DeliveryResult::Unsupported("no such API on this implementation"));
  auto d = Make(&qq);
  Action create = shoal::Make(ActionType::kCreateGroup, "g.0", "qq:1");
  create.name = "Group 2";
  Enqueue(create);
  Enqueue(shoal::Make(ActionType::kSetCard, "g.1", "qq:1", "qq:7"));
  d->RunOnce();
  ASSERT_EQ(qq.calls().size(), 1u);  // create_group is never offered to the platform
  EXPECT_EQ(qq.calls()[0].action.key, "g.1");
  OutboxItem dead = Item("g.0");
  EXPECT_EQ(dead.state, OutboxItem::State::kDead);
  EXPECT_EQ(dead.last_error, "unsupported: qq cannot create_group");
  EXPECT_EQ(Item("g.1").last_error, "unsupported: qq cannot set_card (no such API on this implementation)");
  d->RunOnce();  // the tasks were enqueued; this pass files them for people
  std::vector<OutboxItem> tasks;
  ASSERT_TRUE(store_.ListByState(OutboxItem::State::kTask, 10, &tasks).ok());
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].key, "g.0.task");
  auto task = ActionFromJson(tasks[0].json);
  ASSERT_TRUE(task);
  EXPECT_EQ(task->type, ActionType::kTask);
  EXPECT_EQ(task->group, "qq:1");
  EXPECT_EQ(task->reason, "unsupported:create_group");
  EXPECT_NE(task->text.find("unsupported: qq cannot create_group; do it by hand"), std::string::npos);
  EXPECT_NE(task->text.find("Group 2"), std::string::npos);
  EXPECT_EQ(qq.calls().size(), 1u);
  EXPECT_EQ(metrics_.deliveries("qq", "task"), 2u);
  EXPECT_EQ(metrics_.deliveries("qq", "dead"), 2u);
}

TEST_F(DispatcherTest, TasksAlertsAndHumanSendsStayForPeople) {
  PlatformCapabilities caps = FakePlatform::AllCapabilities();
  caps.sends_need_human = true;
  FakePlatform wecom("wecom", caps, {}, &clock_);
  auto d = Make(&wecom);
  Enqueue(shoal::Make(ActionType::kTask, "t.0", "wecom:1"));
  Action alert = shoal::Make(ActionType::kAlert, "t.1", "");
  Enqueue(alert);
  Enqueue(shoal::Make(ActionType::kSend, "t.2", "wecom:1"));
  Enqueue(shoal::Make(ActionType::kKick, "t.3", "wecom:1", "wecom:5"));
  d->RunOnce();
  EXPECT_EQ(wecom.delivered_keys(), (std::vector<std::string>{"t.3"}));
  std::vector<OutboxItem> tasks;
  ASSERT_TRUE(store_.ListByState(OutboxItem::State::kTask, 10, &tasks).ok());
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0].last_error, "task for an operator");
  EXPECT_EQ(tasks[1].last_error, "alert for staff");
  EXPECT_EQ(tasks[2].last_error, "needs a human: wecom sends are confirmed by a person");
}

TEST_F(DispatcherTest, NoAdapterIsAVisibleDeadLetter) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  auto d = Make(&qq);
  Enqueue(shoal::Make(ActionType::kSend, "n.0", "irc:1"));
  d->RunOnce();
  EXPECT_EQ(Item("n.0").state, OutboxItem::State::kDead);
  EXPECT_EQ(Item("n.0").last_error, "no adapter for platform 'irc'");
}

TEST_F(DispatcherTest, CrashMidDeliveryIsNeverSentAgain) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  Enqueue(shoal::Make(ActionType::kKick, "c.0", "qq:1", "qq:7"));
  Enqueue(shoal::Make(ActionType::kSend, "c.1", "qq:1"));
  // The first process marked c.0 in flight and died before recording the outcome.
  ASSERT_TRUE(store_.MarkInFlight("c.0").ok());
  auto restarted = Make(&qq);
  size_t moved = 0;
  ASSERT_TRUE(restarted->Recover(&moved).ok());
  EXPECT_EQ(moved, 1u);
  restarted->RunOnce();
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"c.1"}));
  OutboxItem item = Item("c.0");
  EXPECT_EQ(item.state, OutboxItem::State::kDead);
  EXPECT_EQ(item.last_error.rfind("uncertain: crashed during delivery", 0), 0u) << item.last_error;
  clock_.Advance(kMicrosPerDay);
  restarted->RunOnce();
  EXPECT_EQ(qq.calls().size(), 1u);
}

// An adapter that makes the store fail as soon as the platform has taken the action.
class BreaksStoreOnDeliver final : public PlatformAdapter {
 public:
  BreaksStoreOnDeliver(FaultyStore* store, FakePlatform* inner) : store_(store), inner_(inner) {}
  std::string_view platform() const override { return inner_->platform(); }
  const PlatformCapabilities& capabilities() const override { return inner_->capabilities(); }
  const PlatformLimits& limits() const override { return inner_->limits(); }
  DeliveryResult Deliver(const Action& action) override {
    store_->SetWritesFail(true);
    return inner_->Deliver(action);
  }

 private:
  FaultyStore* store_;
  FakePlatform* inner_;
};

TEST_F(DispatcherTest, StoreFailuresNeverCauseASecondDelivery) {
  FaultyStore faulty(&store_);
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  Dispatcher d(&faulty, &clock_, {}, &metrics_);
  d.AddAdapter(&qq);
  Enqueue(shoal::Make(ActionType::kSend, "f.0", "qq:1"));
  // The in-flight mark cannot be written: the platform is not called.
  faulty.SetWritesFail(true);
  d.RunOnce();
  EXPECT_TRUE(qq.calls().empty());
  EXPECT_EQ(Item("f.0").state, OutboxItem::State::kPending);
  faulty.SetWritesFail(false);

  // Delivered, but the outcome cannot be recorded: kept in memory, never re-sent.
  BreaksStoreOnDeliver breaking(&faulty, &qq);
  Dispatcher d2(&faulty, &clock_, {}, &metrics_);
  d2.AddAdapter(&breaking);
  d2.RunOnce();
  ASSERT_EQ(qq.calls().size(), 1u);
  EXPECT_EQ(Item("f.0").state, OutboxItem::State::kInFlight);
  Enqueue(shoal::Make(ActionType::kSend, "f.1", "qq:2"));
  clock_.Advance(kMicrosPerMinute);
  d2.RunOnce();  // still failing: nothing more goes out
  EXPECT_EQ(qq.calls().size(), 1u);
  faulty.SetWritesFail(false);
  d2.RunOnce();  // d2 records f.0 first, then f.1 breaks the store again
  EXPECT_EQ(Item("f.0").state, OutboxItem::State::kDelivered);
  faulty.SetWritesFail(false);
  d2.RunOnce();
  EXPECT_EQ(Item("f.1").state, OutboxItem::State::kDelivered);
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"f.0", "f.1"}));
}

TEST_F(DispatcherTest, ThreadDeliversUntilStopped) {
  SystemClock wall;
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, nullptr);
  DispatcherOptions opt;
  opt.idle_poll = 5'000;
  Dispatcher d(&store_, &wall, opt, &metrics_);
  d.AddAdapter(&qq);
  d.Start();
  Enqueue(shoal::Make(ActionType::kKick, "w.0", "qq:1", "qq:7"));
  d.Wake();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (qq.delivered_keys().empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  d.Stop();
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"w.0"}));
  EXPECT_EQ(Item("w.0").state, OutboxItem::State::kDelivered);
}

}  // namespace
}  // namespace shoal

namespace shoal {
namespace {

// A sink that keeps what it is given and answers at once, storing or refusing as told.
class ReportSink final : public EventSink {
 public:
  void Submit(std::vector<Event> events, std::function<void(Ack)> done) override {
    ++batches;
    Ack ack;
    ack.stored = !refuse;
    if (ack.stored) {
      for (auto& e : events) {
        EventError err;
        if (ValidateEvent(e, {}, &err)) {
          ++ack.accepted;
          got.push_back(std::move(e));
        } else {
          ack.errors.push_back(err.ToString());
        }
      }
    }
    done(ack);
  }
  std::vector<DeliveryReport> Reports() const {
    std::vector<DeliveryReport> out;
    for (const auto& e : got) {
      DeliveryReport r;
      EventError err;
      EXPECT_TRUE(ParseDeliveryEvent(e, &r, &err)) << err.ToString();
      out.push_back(r);
    }
    return out;
  }
  bool refuse = false;
  int batches = 0;
  std::vector<Event> got;
};

Action Welcome(std::string key, std::string group) {
  Action a = shoal::Make(ActionType::kSend, std::move(key), std::move(group));
  a.reason = "welcome";
  a.extra = "\"members\":1,\"replace_slot\":\"welcome\"";
  return a;
}

TEST_F(DispatcherTest, EveryFinalOutcomeIsReportedAsADeliveryEvent) {
  PlatformCapabilities caps = FakePlatform::AllCapabilities();
  caps.create_group = false;
  FakePlatform qq("qq", caps, {}, &clock_);
  DispatcherOptions opt;
  opt.max_attempts = 2;
  opt.backoff_base = kMicrosPerSecond;
  auto d = Make(&qq, opt);
  ReportSink sink;
  Timestamp stamp{.utc = 5 * kMicrosPerSecond, .offset_minutes = 480};
  d->SetReportSink(&sink, [&] { return stamp; });
  Enqueue(Welcome("1.0", "qq:1"));
  Enqueue(shoal::Make(ActionType::kKick, "1.1", "qq:1", "qq:7"));
  Enqueue(shoal::Make(ActionType::kCreateGroup, "1.2", "qq:1"));
  Enqueue(shoal::Make(ActionType::kAlert, "1.3", "qq:1"));
  Enqueue(shoal::Make(ActionType::kSend, "1.4", "qq:2"));
  Enqueue(shoal::Make(ActionType::kSend, "1.5", "xmpp:room"));
  qq.FailChat("qq:2", DeliveryResult::Retry("timeout"));
  qq.FailNext(DeliveryResult::Delivered("m-1"));
  qq.FailNext(DeliveryResult::Rejected("no permission"));
  d->RunOnce();
  EXPECT_EQ(sink.batches, 1) << "one submission per pass";
  auto reports = sink.Reports();
  ASSERT_EQ(reports.size(), 5u) << "the retried send is not an outcome yet";
  std::map<std::string, DeliveryReport> by_key;  // lanes take turns: the order is not the queue's
  for (const auto& r : reports) by_key[r.key] = r;
  ASSERT_EQ(by_key.size(), 5u);
  EXPECT_EQ(reports[0].key, "1.0");
  EXPECT_EQ(by_key["1.0"].outcome, DeliveryOutcome::kDelivered);
  EXPECT_EQ(by_key["1.0"].msg_id, "m-1");
  EXPECT_EQ(by_key["1.0"].slot, "welcome");
  EXPECT_EQ(by_key["1.0"].group, "qq:1");
  EXPECT_EQ(by_key["1.0"].reason, "welcome");
  EXPECT_EQ(by_key["1.1"].action, "kick");
  EXPECT_EQ(by_key["1.1"].outcome, DeliveryOutcome::kRejected);
  EXPECT_EQ(by_key["1.1"].error, "rejected: no permission");
  EXPECT_EQ(by_key["1.2"].outcome, DeliveryOutcome::kUnsupported);
  EXPECT_EQ(by_key["1.2"].error, "unsupported: qq cannot create_group");
  EXPECT_EQ(by_key["1.3"].outcome, DeliveryOutcome::kTask);
  EXPECT_EQ(by_key["1.3"].action, "alert");
  EXPECT_EQ(by_key["1.5"].outcome, DeliveryOutcome::kDead);
  EXPECT_EQ(by_key["1.5"].error, "no adapter for platform 'xmpp'");
  EXPECT_EQ(sink.got[0].ts.utc, 5 * kMicrosPerSecond) << "dated by the stamp, not the dispatcher's clock";
  EXPECT_EQ(sink.got[0].type, EventType::kDelivery);

  clock_.Advance(10 * kMicrosPerSecond);
  d->RunOnce();  // the operator task of 1.2, and the send that fails for good
  reports = sink.Reports();
  ASSERT_EQ(reports.size(), 7u);
  std::map<std::string, DeliveryReport> later{{reports[5].key, reports[5]}, {reports[6].key, reports[6]}};
  ASSERT_TRUE(later.count("1.2.task") && later.count("1.4"));
  EXPECT_EQ(later["1.2.task"].outcome, DeliveryOutcome::kTask);
  EXPECT_EQ(later["1.4"].outcome, DeliveryOutcome::kDead);
  EXPECT_EQ(later["1.4"].error, "gave up after 2 attempts: timeout");
  EXPECT_EQ(d->reports_refused(), 0u);
}

TEST_F(DispatcherTest, AReplaceSlotTravelsOnlyWhereThePlatformCanDeleteAndGaveAnId) {
  PlatformCapabilities caps = FakePlatform::AllCapabilities();
  caps.delete_message = false;
  FakePlatform tg("tg", caps, {}, &clock_);
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  auto d = Make(&tg);
  d->AddAdapter(&qq);
  ReportSink sink;
  d->SetReportSink(&sink, {});
  Enqueue(Welcome("1.0", "tg:1"));
  Enqueue(Welcome("1.1", "qq:1"));
  Enqueue(Welcome("1.2", "qq:2"));
  qq.WithoutIds("qq:2");  // delivered, but no id came back
  d->RunOnce();
  auto reports = sink.Reports();
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].slot, "") << "tg here cannot delete";
  EXPECT_FALSE(reports[0].msg_id.empty());
  EXPECT_EQ(reports[1].slot, "welcome");
  EXPECT_EQ(reports[2].slot, "") << "no id to delete by";
  for (const auto& call : qq.calls()) EXPECT_NE(call.action.type, ActionType::kDelete) << "the engine deletes, not the outbox";
}

TEST_F(DispatcherTest, ReportsTheStoreRefusedAreOfferedAgain) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  auto d = Make(&qq);
  ReportSink sink;
  d->SetReportSink(&sink, {});
  sink.refuse = true;
  Enqueue(shoal::Make(ActionType::kSend, "1.0", "qq:1"));
  d->RunOnce();
  EXPECT_TRUE(sink.got.empty());
  EXPECT_EQ(d->reports_waiting(), 1u);
  sink.refuse = false;
  clock_.Advance(10 * kMicrosPerSecond);
  Enqueue(shoal::Make(ActionType::kSend, "2.0", "qq:1"));
  d->RunOnce();
  auto reports = sink.Reports();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].key, "1.0") << "the refused report goes first";
  EXPECT_EQ(reports[1].key, "2.0");
  EXPECT_EQ(d->reports_waiting(), 0u);
  EXPECT_EQ(qq.calls().size(), 2u) << "nothing was delivered twice";
}

TEST_F(DispatcherTest, AnInterruptedDeliveryIsReportedDead) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  Enqueue(shoal::Make(ActionType::kSend, "1.0", "qq:1"));
  ASSERT_TRUE(store_.MarkInFlight("1.0").ok());
  auto d = Make(&qq);
  ReportSink sink;
  d->SetReportSink(&sink, {});
  ASSERT_TRUE(d->Recover().ok());
  auto reports = sink.Reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].outcome, DeliveryOutcome::kDead);
  EXPECT_EQ(reports[0].error.rfind("uncertain: crashed during delivery", 0), 0u);
}

}  // namespace
}  // namespace shoal

namespace shoal {
namespace {

TEST_F(DispatcherTest, ATimedMuteOnAPlatformWithoutDurationsIsLiftedByTheOutbox) {
  PlatformCapabilities caps = FakePlatform::AllCapabilities();
  caps.mute_timed = false;
  caps.mute_untimed = true;
  FakePlatform xmpp("xmpp", caps, {}, &clock_);
  auto d = Make(&xmpp);
  Action mute = shoal::Make(ActionType::kMute, "1.0", "xmpp:room@conf", "xmpp:ann@host");
  mute.seconds = 600;
  mute.reason = "flood";
  Enqueue(mute);
  EXPECT_EQ(d->RunOnce(), 1u);
  OutboxItem lift = Item("1.0.lift");
  EXPECT_EQ(lift.state, OutboxItem::State::kPending);
  EXPECT_EQ(lift.next_attempt, clock_.Now() + 600 * kMicrosPerSecond);
  clock_.Advance(599 * kMicrosPerSecond);
  EXPECT_EQ(d->RunOnce(), 0u) << "not lifted early";
  clock_.Advance(1 * kMicrosPerSecond);
  EXPECT_EQ(d->RunOnce(), 1u);
  auto calls = xmpp.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].action.type, ActionType::kMute);
  EXPECT_EQ(calls[1].action.seconds, 0);
  EXPECT_EQ(calls[1].action.member, "xmpp:ann@host");
  EXPECT_EQ(calls[1].action.reason, "flood:lift");
  EXPECT_EQ(Item("1.0.lift").state, OutboxItem::State::kDelivered);
}

TEST_F(DispatcherTest, APlatformThatTimesMutesGetsNoLift) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  auto d = Make(&qq);
  Action mute = shoal::Make(ActionType::kMute, "1.0", "qq:1", "qq:7");
  mute.seconds = 600;
  Enqueue(mute);
  EXPECT_EQ(d->RunOnce(), 1u);
  std::optional<OutboxItem> lift;
  ASSERT_TRUE(store_.GetOutboxItem("1.0.lift", &lift).ok());
  EXPECT_FALSE(lift);
}

}  // namespace
}  // namespace shoal

namespace shoal {
namespace {

PlatformLimits OnePerSecond() {
  PlatformLimits limits;
  limits.per_chat_per_second = 1;
  limits.per_chat_per_minute = 1000;
  limits.per_account_per_second = 1000;
  return limits;
}

TEST_F(DispatcherTest, ABusyChatDelaysOnlyItself) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), OnePerSecond(), &clock_);
  auto d = Make(&qq);  // batch 256: the busy chat alone fills more than a store page
  for (int i = 0; i < 300; ++i) Enqueue(shoal::Make(ActionType::kSend, "a." + std::to_string(i), "qq:1"));
  Enqueue(shoal::Make(ActionType::kSend, "b.0", "qq:2"));
  Enqueue(shoal::Make(ActionType::kKick, "k.0", "qq:1", "qq:7"));  // moderation never queues behind messages
  EXPECT_EQ(d->RunOnce(), 3u);
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"a.0", "b.0", "k.0"}));
  // The busy chat goes on at its rate, in order.
  for (int s = 1; s <= 299; ++s) {
    clock_.Advance(kMicrosPerSecond);
    EXPECT_EQ(d->RunOnce(), 1u) << "second " << s;
  }
  auto keys = qq.delivered_keys();
  ASSERT_EQ(keys.size(), 302u);
  for (int i = 1; i < 300; ++i) EXPECT_EQ(keys[i + 2], "a." + std::to_string(i));
}

TEST_F(DispatcherTest, ChatsTakeTurns) {
  PlatformLimits limits = OnePerSecond();
  limits.per_account_per_second = 3;  // three calls a second in all: who gets them?
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), limits, &clock_);
  auto d = Make(&qq);
  for (int i = 0; i < 50; ++i) Enqueue(shoal::Make(ActionType::kSend, "a." + std::to_string(i), "qq:1"));
  for (int i = 0; i < 2; ++i) Enqueue(shoal::Make(ActionType::kSend, "b." + std::to_string(i), "qq:2"));
  for (int i = 0; i < 2; ++i) Enqueue(shoal::Make(ActionType::kSend, "c." + std::to_string(i), "qq:3"));
  for (int i = 0; i < 2; ++i) Enqueue(shoal::Make(ActionType::kSend, "d." + std::to_string(i), "qq:4"));
  d->RunOnce();
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"a.0", "b.0", "c.0"}));
  clock_.Advance(kMicrosPerSecond);
  d->RunOnce();  // the chat left out last time goes first; the one served last waits
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"a.0", "b.0", "c.0", "d.0", "a.1", "b.1"}));
}

TEST_F(DispatcherTest, ABacklogBeyondWhatMemoryHoldsIsReadAgainInOrder) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), OnePerSecond(), &clock_);
  DispatcherOptions opt;
  opt.batch = 3;
  opt.per_chat_kept = 4;
  opt.kept = 8;
  auto d = Make(&qq, opt);
  for (int i = 0; i < 20; ++i) Enqueue(shoal::Make(ActionType::kSend, "a." + std::to_string(i), "qq:1"));
  Enqueue(shoal::Make(ActionType::kSend, "b.0", "qq:2"));
  d->RunOnce();
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"a.0", "b.0"}))
      << "qq:2 is read past the 16 entries of qq:1 left in the store";
  for (int s = 0; s < 40; ++s) {
    clock_.Advance(kMicrosPerSecond);
    Enqueue(shoal::Make(ActionType::kSend, "c." + std::to_string(s), "qq:3"));
    d->RunOnce();
  }
  std::vector<std::string> a;
  for (const auto& k : qq.delivered_keys())
    if (k[0] == 'a') a.push_back(k);
  ASSERT_EQ(a.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(a[i], "a." + std::to_string(i));
  EXPECT_EQ(qq.delivered_keys().size(), 61u) << "every entry once";
  uint64_t pending = 1;
  ASSERT_TRUE(store_.CountPending(&pending).ok());
  EXPECT_EQ(pending, 0u);
}

TEST_F(DispatcherTest, ARetriedEntryDoesNotHoldUpItsChat) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), {}, &clock_);
  auto d = Make(&qq);
  Enqueue(shoal::Make(ActionType::kKick, "1.0", "qq:1", "qq:7"));
  Enqueue(shoal::Make(ActionType::kKick, "1.1", "qq:1", "qq:8"));
  qq.FailNext(DeliveryResult::Retry("timeout"));
  EXPECT_EQ(d->RunOnce(), 2u);
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"1.1"}));
  EXPECT_EQ(d->RunOnce(), 0u) << "1.0 waits for its backoff";
  clock_.Advance(2 * kMicrosPerSecond);
  EXPECT_EQ(d->RunOnce(), 1u);
  EXPECT_EQ(qq.delivered_keys(), (std::vector<std::string>{"1.1", "1.0"}));
  EXPECT_EQ(Item("1.0").attempts, 2);
}

}  // namespace
}  // namespace shoal

namespace shoal {
namespace {

// Pipelining: up to max_in_flight calls under way at once, one per lane.

// Limits that never hold anything back, so only max_in_flight and the lanes shape the calls.
PlatformLimits Unpaced() {
  PlatformLimits l;
  l.per_chat_per_second = 1e6;
  l.per_chat_per_minute = 1e9;
  l.per_account_per_second = 1e6;
  return l;
}

// Passes until `want` calls are made and recorded (the workers answer between passes); the
// clock moves a second a pass, so a chat's one-message burst refills.
void RunUntil(Dispatcher& d, const FakePlatform& platform, size_t want, ManualClock* clock) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    d.RunOnce();
    clock->Advance(kMicrosPerSecond);
    if (platform.calls().size() >= want && d.in_flight() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  d.RunOnce();
}

TEST_F(DispatcherTest, PipelinedCallsOverlapButAChatsMessagesGoOneAtATimeInOrder) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), Unpaced(), &clock_);
  qq.SetLatency(std::chrono::milliseconds(20));
  DispatcherOptions opt;
  opt.max_in_flight = 4;
  auto d = Make(&qq, opt);
  ReportSink sink;
  d->SetReportSink(&sink, nullptr);
  const int kChats = 8, kEach = 4;
  for (int m = 0; m < kEach; ++m)
    for (int c = 0; c < kChats; ++c)
      Enqueue(shoal::Make(ActionType::kSend, "p." + std::to_string(c) + "." + std::to_string(m), "qq:" + std::to_string(c)));
  RunUntil(*d, qq, kChats * kEach, &clock_);

  EXPECT_GE(qq.max_concurrent(), 2u) << "calls overlap";
  EXPECT_LE(qq.max_concurrent(), 4u) << "never more than max_in_flight";
  EXPECT_EQ(qq.max_concurrent_per_chat(), 1u) << "never two messages of one chat at once";
  std::map<std::string, std::vector<std::string>> by_chat;
  for (const auto& call : qq.calls()) by_chat[call.action.group].push_back(call.action.key);
  ASSERT_EQ(by_chat.size(), size_t{kChats});
  for (int c = 0; c < kChats; ++c) {
    std::vector<std::string> want;
    for (int m = 0; m < kEach; ++m) want.push_back("p." + std::to_string(c) + "." + std::to_string(m));
    EXPECT_EQ(by_chat["qq:" + std::to_string(c)], want) << "enqueue order within the chat";
  }
  for (const auto& [chat, keys] : by_chat)
    for (const auto& key : keys) EXPECT_EQ(Item(key).state, OutboxItem::State::kDelivered) << key;
  EXPECT_EQ(metrics_.deliveries("qq", "delivered"), size_t{kChats * kEach});
  EXPECT_EQ(sink.Reports().size(), size_t{kChats * kEach}) << "every outcome is reported";
  EXPECT_EQ(qq.calls().size(), size_t{kChats * kEach}) << "nothing sent twice";
}

TEST_F(DispatcherTest, PipelinedRetriesAndDeadLettersAreRecordedAsInline) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), Unpaced(), &clock_);
  DispatcherOptions opt;
  opt.max_in_flight = 8;
  opt.backoff_base = kMicrosPerHour;
  opt.backoff_cap = 10 * kMicrosPerHour;
  auto d = Make(&qq, opt);
  qq.FailChat("qq:2", DeliveryResult::Rejected("bot was kicked"));
  qq.FailChat("qq:3", DeliveryResult::Retry("timeout"));
  Enqueue(shoal::Make(ActionType::kSend, "r.1", "qq:1"));
  Enqueue(shoal::Make(ActionType::kSend, "r.2", "qq:2"));
  Enqueue(shoal::Make(ActionType::kSend, "r.3", "qq:3"));
  RunUntil(*d, qq, 3, &clock_);
  EXPECT_EQ(Item("r.1").state, OutboxItem::State::kDelivered);
  EXPECT_EQ(Item("r.2").state, OutboxItem::State::kDead);
  EXPECT_EQ(Item("r.2").last_error, "rejected: bot was kicked");
  OutboxItem retried = Item("r.3");
  EXPECT_EQ(retried.state, OutboxItem::State::kPending);
  EXPECT_EQ(retried.attempts, 1);
  EXPECT_GT(retried.next_attempt, clock_.Now()) << "backs off";
  qq.ClearChat("qq:3");
  clock_.Advance(2 * kMicrosPerHour);
  RunUntil(*d, qq, 4, &clock_);
  EXPECT_EQ(Item("r.3").state, OutboxItem::State::kDelivered);
}

TEST_F(DispatcherTest, AnAdapterThatTakesOneCallAtATimeGetsOne) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), Unpaced(), &clock_);
  qq.SetConcurrent(false);
  qq.SetLatency(std::chrono::milliseconds(5));
  DispatcherOptions opt;
  opt.max_in_flight = 8;
  auto d = Make(&qq, opt);
  for (int c = 0; c < 6; ++c) Enqueue(shoal::Make(ActionType::kSend, "s." + std::to_string(c), "qq:" + std::to_string(c)));
  RunUntil(*d, qq, 6, &clock_);
  EXPECT_EQ(qq.delivered_keys().size(), 6u);
  EXPECT_EQ(qq.max_concurrent(), 1u);
}

TEST_F(DispatcherTest, MaxInFlightOneMakesEveryCallInsideRunOnce) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), Unpaced(), &clock_);
  DispatcherOptions opt;
  opt.max_in_flight = 1;
  auto d = Make(&qq, opt);
  for (int c = 0; c < 5; ++c) Enqueue(shoal::Make(ActionType::kSend, "i." + std::to_string(c), "qq:" + std::to_string(c)));
  EXPECT_EQ(d->RunOnce(), 5u);
  EXPECT_EQ(d->in_flight(), 0u);
  EXPECT_EQ(qq.delivered_keys().size(), 5u) << "no worker: the calls were made on this thread";
  EXPECT_EQ(qq.max_concurrent(), 1u);
}

// A platform whose calls wait until the test lets them answer (a process that dies mid-call).
class HeldPlatform final : public PlatformAdapter {
 public:
  explicit HeldPlatform(FakePlatform* inner) : inner_(inner) {}
  std::string_view platform() const override { return inner_->platform(); }
  const PlatformCapabilities& capabilities() const override { return inner_->capabilities(); }
  const PlatformLimits& limits() const override { return inner_->limits(); }
  bool concurrent_deliveries() const override { return true; }
  DeliveryResult Deliver(const Action& action) override {
    std::unique_lock lock(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return released_; });
    lock.unlock();
    return inner_->Deliver(action);
  }
  bool WaitForCalls(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return waiting_ >= n; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  FakePlatform* inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool released_ = false;
};

TEST_F(DispatcherTest, ACrashWithCallsInFlightLeavesUncertainDeadLetters) {
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), Unpaced(), &clock_);
  HeldPlatform held(&qq);
  DispatcherOptions opt;
  opt.max_in_flight = 4;
  auto first = Make(&held, opt);
  for (int c = 0; c < 3; ++c) Enqueue(shoal::Make(ActionType::kSend, "x." + std::to_string(c), "qq:" + std::to_string(c)));
  Enqueue(shoal::Make(ActionType::kSend, "x.later", "qq:0"));  // behind x.0 in its chat: not called yet
  first->RunOnce();
  ASSERT_TRUE(held.WaitForCalls(3));
  EXPECT_EQ(first->in_flight(), 3u);
  // Every call under way was marked in flight before it was made.
  for (int c = 0; c < 3; ++c) EXPECT_EQ(Item("x." + std::to_string(c)).state, OutboxItem::State::kInFlight);
  EXPECT_EQ(Item("x.later").state, OutboxItem::State::kPending);

  // The process dies here; the next one recovers from the same store.
  FakePlatform qq2("qq", FakePlatform::AllCapabilities(), Unpaced(), &clock_);
  auto restarted = Make(&qq2);
  size_t moved = 0;
  ASSERT_TRUE(restarted->Recover(&moved).ok());
  EXPECT_EQ(moved, 3u);
  for (int c = 0; c < 3; ++c) {
    OutboxItem item = Item("x." + std::to_string(c));
    EXPECT_EQ(item.state, OutboxItem::State::kDead);
    EXPECT_EQ(item.last_error.rfind("uncertain: crashed during delivery", 0), 0u) << item.last_error;
  }
  held.Release();  // let the dead process's threads end
  first.reset();
  restarted->RunOnce();
  EXPECT_EQ(qq2.delivered_keys(), (std::vector<std::string>{"x.later"})) << "only what was never called";
}

TEST_F(DispatcherTest, StoppingWaitsForTheCallsUnderWayAndRecordsThem) {
  SystemClock wall;
  FakePlatform qq("qq", FakePlatform::AllCapabilities(), Unpaced(), nullptr);
  qq.SetLatency(std::chrono::milliseconds(50));
  DispatcherOptions opt;
  opt.max_in_flight = 8;
  opt.idle_poll = 5'000;
  Dispatcher d(&store_, &wall, opt, &metrics_);
  d.AddAdapter(&qq);
  for (int c = 0; c < 4; ++c) Enqueue(shoal::Make(ActionType::kKick, "k." + std::to_string(c), "qq:" + std::to_string(c), "qq:7"));
  d.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (Item("k.0").state == OutboxItem::State::kPending && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  d.Stop();
  for (int c = 0; c < 4; ++c) {
    OutboxItem item = Item("k." + std::to_string(c));
    EXPECT_NE(item.state, OutboxItem::State::kInFlight) << "a clean stop leaves nothing uncertain";
  }
  EXPECT_EQ(Item("k.0").state, OutboxItem::State::kDelivered);
}

}  // namespace
}  // namespace shoal
