// The outbox dispatcher delivering through the real Telegram adapter (over the loopback fake
// Bot API) and the WeCom adapter: sends arrive, a 429 holds the action for retry_after, and what
// a platform cannot do becomes an operator task.
#include <gtest/gtest.h>

#include "adapters/telegram/fake_telegram_server.h"
#include "adapters/telegram/telegram_adapter.h"
#include "adapters/wecom/wecom_adapter.h"
#include "outbox/dispatcher.h"
#include "store/memory_store.h"

namespace shoal {
namespace {

Action Make(ActionType type, std::string key, std::string group) {
  Action a;
  a.type = type;
  a.ts = Timestamp{.utc = 0, .zulu = true};
  a.group = std::move(group);
  a.member = "tg:42";
  a.text = "hello";
  a.reason = "test";
  a.key = std::move(key);
  return a;
}

class TelegramDispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    ASSERT_TRUE(fake_.Start(&why)) << why;
    TelegramOptions options;
    options.token = "9:t";
    options.base_url = fake_.base_url();
    options.call_timeout = std::chrono::milliseconds(5'000);
    telegram_ = std::make_unique<TelegramAdapter>(options, &clock_);
    ASSERT_TRUE(telegram_->Init(&why)) << why;
    dispatcher_ = std::make_unique<Dispatcher>(&store_, &clock_, DispatcherOptions{}, &metrics_);
    dispatcher_->AddAdapter(telegram_.get());
    dispatcher_->AddAdapter(&wecom_);
  }
  void Enqueue(const Action& a) {
    OutboxEntry e{a.key, 1, ActionToJson(a)};
    ASSERT_TRUE(store_.EnqueueActions({&e, 1}, nullptr).ok());
  }
  OutboxItem Item(const std::string& key) {
    std::optional<OutboxItem> item;
    EXPECT_TRUE(store_.GetOutboxItem(key, &item).ok());
    return item.value_or(OutboxItem{});
  }

  FakeTelegramServer fake_{"9:t"};
  ManualClock clock_{1'767'225'600 * kMicrosPerSecond};
  MemoryStore store_;
  Metrics metrics_;
  std::unique_ptr<TelegramAdapter> telegram_;
  WecomAdapter wecom_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(TelegramDispatchTest, SendsArriveAndWhatCannotBeDoneBecomesATask) {
  Enqueue(Make(ActionType::kSend, "1.0", "tg:-1001"));
  Enqueue(Make(ActionType::kSetCard, "1.1", "tg:-1001"));
  Enqueue(Make(ActionType::kSend, "1.2", "wecom:wrCHAT"));
  dispatcher_->RunOnce();
  dispatcher_->RunOnce();  // files the tasks the first pass enqueued
  EXPECT_EQ(Item("1.0").state, OutboxItem::State::kDelivered);
  auto sends = fake_.Calls("sendMessage");
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].body["chat_id"], -1001);
  EXPECT_EQ(Item("1.1").state, OutboxItem::State::kDead);  // no per-member card on Telegram
  EXPECT_EQ(Item("1.2").state, OutboxItem::State::kTask);  // a person posts it in WeCom
  std::vector<OutboxItem> tasks;
  ASSERT_TRUE(store_.ListByState(OutboxItem::State::kTask, 10, &tasks).ok());
  bool card_task = false;
  for (const auto& t : tasks) card_task |= t.key == "1.1.task";
  EXPECT_TRUE(card_task);
  EXPECT_EQ(fake_.Calls().size(), 1u);  // nothing else reached Telegram
}

TEST_F(TelegramDispatchTest, FloodControlHoldsTheActionForRetryAfter) {
  fake_.FailNext("sendMessage", FakeTelegramServer::RateLimited(17));
  Enqueue(Make(ActionType::kSend, "2.0", "tg:-1001"));
  dispatcher_->RunOnce();
  OutboxItem held = Item("2.0");
  EXPECT_EQ(held.state, OutboxItem::State::kPending);
  EXPECT_EQ(held.next_attempt, clock_.Now() + 17 * kMicrosPerSecond);
  clock_.Advance(17 * kMicrosPerSecond);
  dispatcher_->RunOnce();
  EXPECT_EQ(Item("2.0").state, OutboxItem::State::kDelivered);
  EXPECT_EQ(fake_.Calls("sendMessage").size(), 2u);
}

}  // namespace
}  // namespace shoal
